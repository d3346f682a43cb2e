package io.churnreport.quality;

import java.math.BigDecimal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.churnreport.month.ReportingMonth;
import io.churnreport.quality.QualityRule.Action;
import io.churnreport.system.ConfigurationFileNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class QuarantineLimitTests {

	private static final ReportingMonth MARCH = ReportingMonth.of("2025-03", ZoneOffset.UTC);

	private static final Path CONFIG = Path.of("config");

	@Test
	void atTheLimitTheRunGoesOn() {
		SourceDataFindings findings = findings(100, 200,
				new Finding("customers", "null_customer_id", Action.QUARANTINED, 1, 100),
				new Finding("invoices", "unknown_customer", Action.QUARANTINED, 2, 200));

		assertThatCode(() -> QuarantineLimit.enforce(findings, new BigDecimal("1.0"), MARCH, CONFIG))
			.doesNotThrowAnyException();
	}

	@Test
	void flaggedRowsDoNotCount() {
		SourceDataFindings findings = findings(100, 14,
				new Finding("subscriptions", "voluntary_end_without_cancellation", Action.KEPT_AND_FLAGGED, 14, 14));

		assertThatCode(() -> QuarantineLimit.enforce(findings, BigDecimal.ZERO, MARCH, CONFIG)).doesNotThrowAnyException();
	}

	@Test
	void aboveTheLimitTheRunFailsNamingTheSourceItsRulesWhereTheRowsAreAndWhatToDo() {
		// subscriptions: 3 of 14 = 21.43 %; invoices 1 of 200 = 0.5 % is within 1 %
		SourceDataFindings findings = findings(100, 14,
				new Finding("subscriptions", "negative_amount", Action.QUARANTINED, 1, 14),
				new Finding("subscriptions", "overlapping_periods", Action.QUARANTINED, 2, 14),
				new Finding("subscriptions", "voluntary_end_without_cancellation", Action.KEPT_AND_FLAGGED, 3, 14),
				new Finding("invoices", "unknown_customer", Action.QUARANTINED, 1, 200));

		assertThatExceptionOfType(DataQualityLimitExceededException.class)
			.isThrownBy(() -> QuarantineLimit.enforce(findings, new BigDecimal("1.0"), MARCH, CONFIG))
			.withMessage("Source data failed the data-quality limit of 1% quarantined rows per source "
					+ "(churn.data-quality.max-quarantined-percent): subscriptions: 3 of 14 rows quarantined (21.43%): "
					+ "negative_amount 1, overlapping_periods 2. Nothing was published for 2025-03. See the rows with: "
					+ "SELECT source, rule, source_row FROM quality.quarantined_row WHERE run_month = '2025-03-01'. "
					+ "Fix them in the source: billing (" + Path.of("config/sources/billing/subscriptions.sql")
					+ "), then extract the month again with: churn-report restart --month 2025-03 --re-extract; or, if "
					+ "these rows may be left out, raise churn.data-quality.max-quarantined-percent and check the same "
					+ "rows again with: churn-report restart --month 2025-03");
	}

	@Test
	void everySourceAboveTheLimitIsNamed() {
		SourceDataFindings findings = findings(10, 14,
				new Finding("customers", "duplicate_row", Action.QUARANTINED, 1, 10),
				new Finding("cancellations", "unknown_customer", Action.QUARANTINED, 1, 4));

		assertThatExceptionOfType(DataQualityLimitExceededException.class)
			.isThrownBy(() -> QuarantineLimit.enforce(findings, new BigDecimal("5"), MARCH, CONFIG))
			.withMessageContaining("customers: 1 of 10 rows quarantined (10.00%): duplicate_row 1; "
					+ "cancellations: 1 of 4 rows quarantined (25.00%): unknown_customer 1.")
			.withMessageContaining("Fix them in the source: billing (" + Path.of("config/sources/billing/customers.sql")
					+ "), crm (" + Path.of("config/sources/crm/cancellations.sql") + ")");
	}

	@Test
	void theBuiltInConfigurationsQueriesAreNamedByTheirPlaceInIt(@TempDir Path copy) throws IOException {
		// the command line's copy of the built-in configuration is deleted at exit: a log line names no path in it
		Files.createFile(copy.resolve(ConfigurationFileNames.BUILT_IN_MARKER));
		SourceDataFindings findings = findings(100, 14,
				new Finding("subscriptions", "overlapping_periods", Action.QUARANTINED, 2, 14));

		assertThatExceptionOfType(DataQualityLimitExceededException.class)
			.isThrownBy(() -> QuarantineLimit.enforce(findings, new BigDecimal("1.0"), MARCH, copy))
			.withMessageContaining("Fix them in the source: billing (built-in "
					+ Path.of("sources/billing/subscriptions.sql") + "), then")
			.withMessageNotContaining(copy.toString());
	}

	private static SourceDataFindings findings(long customers, long subscriptions, Finding... findings) {
		Map<String, Long> extracted = new LinkedHashMap<>();
		extracted.put("customers", customers);
		extracted.put("subscriptions", subscriptions);
		extracted.put("invoices", 200L);
		extracted.put("cancellations", 4L);
		return new SourceDataFindings(extracted, List.of(findings));
	}

}
