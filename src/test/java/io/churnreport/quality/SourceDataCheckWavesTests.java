package io.churnreport.quality;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.churnreport.extract.SourceQuery;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order in which {@link SourceDataCheck} runs the contract's rules side by side, and the
 * sources each rule says it reads, which that order rests on.
 */
class SourceDataCheckWavesTests {

	private static final Pattern STAGING_TABLE = Pattern.compile("staging\\.(customer|subscription_period|invoice|cancellation)\\b");

	@Test
	void eachSourcesOwnRulesThenUnknownCustomersAndOverlapsThenVoluntaryEnds() {
		List<List<QualityRule>> waves = SourceDataCheck.waves(SourceContractRules.all());

		assertThat(waves).hasSize(3);
		assertThat(names(waves.get(0))).containsExactlyInAnyOrder(SourceContractRules.INVALID_TEXT,
				SourceContractRules.NULL_CUSTOMER_ID, SourceContractRules.NULL_REQUIRED_FIELD,
				SourceContractRules.DATE_OUT_OF_RANGE, SourceContractRules.DUPLICATE_ROW, SourceContractRules.FUTURE_DATE,
				SourceContractRules.PERIOD_ENDS_BEFORE_START, SourceContractRules.NEGATIVE_AMOUNT,
				SourceContractRules.AMOUNT_ABOVE_LIMIT, SourceContractRules.UNKNOWN_CURRENCY,
				SourceContractRules.INTERVAL_NOT_ALLOWED, SourceContractRules.CONFLICTING_DUPLICATE);
		assertThat(waves.get(0)).allMatch(rule -> rule.otherSources().isEmpty());
		assertThat(waves.get(1)).extracting(rule -> rule.name() + " " + rule.source().name())
			.containsExactly("unknown_customer subscriptions", "unknown_customer invoices",
					"unknown_customer cancellations", "overlapping_periods subscriptions");
		assertThat(waves.get(2)).extracting(rule -> rule.name() + " " + rule.source().name())
			.containsExactly("voluntary_end_without_cancellation subscriptions");
		// every rule once, each wave in the rules' order
		assertThat(waves.stream().flatMap(List::stream).toList()).isEqualTo(SourceContractRules.all());
	}

	@Test
	void aRuleThatReadsAnotherSourceWaitsForItsRulesAndTheOthersDoNot() {
		QualityRule customers = QualityRule.ofEachRow("a", SourceQuery.CUSTOMERS, "false");
		QualityRule invoices = QualityRule.ofEachRow("b", SourceQuery.INVOICES, "false");
		QualityRule invoicesOfCustomers = QualityRule
			.ofRows("c", SourceQuery.INVOICES, QualityRule.Action.QUARANTINED, "SELECT NULL::tid")
			.alsoReading(SourceQuery.CUSTOMERS);
		QualityRule cancellations = QualityRule.ofEachRow("d", SourceQuery.CANCELLATIONS, "false");
		QualityRule customersAgain = QualityRule.ofEachRow("e", SourceQuery.CUSTOMERS, "false");

		assertThat(SourceDataCheck.waves(List.of(customers, invoices, invoicesOfCustomers, cancellations, customersAgain)))
			// c reads the customers a changed; e changes the customers c read
			.containsExactly(List.of(customers, invoices), List.of(invoicesOfCustomers, cancellations),
					List.of(customersAgain));
	}

	@Test
	void everyRuleNamesTheOtherSourcesItsSqlReads() {
		for (QualityRule rule : SourceContractRules.all()) {
			Set<String> read = tablesIn(rule.offendingRows());
			Set<String> declared = SourceQuery.ALL.stream()
				.filter(rule::reads)
				.map(SourceQuery::stagingTable)
				.collect(Collectors.toSet());
			assertThat(declared).as(rule.name() + " of " + rule.source().name()).isEqualTo(read);
		}
	}

	private static Set<String> tablesIn(String sql) {
		Set<String> tables = new HashSet<>();
		Matcher table = STAGING_TABLE.matcher(sql);
		while (table.find()) {
			tables.add(table.group());
		}
		return tables;
	}

	private static Set<String> names(List<QualityRule> rules) {
		return rules.stream().map(QualityRule::name).collect(Collectors.toSet());
	}

}
