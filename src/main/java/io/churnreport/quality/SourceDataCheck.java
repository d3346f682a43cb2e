package io.churnreport.quality;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.churnreport.extract.SourceQuery;
import io.churnreport.month.ReportingMonth;
import io.churnreport.quality.QualityRule.Action;
import io.churnreport.system.ChurnProperties;

/**
 * Checks the month's staged source rows with {@link SourceContractRules}: quarantines the rows
 * that break the contract, counts the ones that are only flagged, and records the findings in
 * staging.data_quality. A check can run again on the same month (a restart): it first puts back
 * what an earlier check quarantined, so it always checks the rows as extracted.
 */
@Component
public class SourceDataCheck {

	private static final Logger log = LoggerFactory.getLogger(SourceDataCheck.class);

	/** ISO 4217 codes as java.util.Currency knows them, plus the reporting currency. */
	private final List<String> currencies;

	private final JdbcClient reporting;

	private final Quarantine quarantine;

	private final ChurnProperties properties;

	public SourceDataCheck(JdbcClient reporting, Quarantine quarantine, ChurnProperties properties) {
		this.reporting = reporting;
		this.quarantine = quarantine;
		this.properties = properties;
		TreeSet<String> codes = new TreeSet<>();
		Currency.getAvailableCurrencies().forEach(currency -> codes.add(currency.getCurrencyCode()));
		codes.add(properties.currency().toUpperCase(Locale.ROOT));
		this.currencies = List.copyOf(codes);
	}

	/** Checks the month's staged rows as of {@code now}; run it in one transaction. */
	public SourceDataFindings check(ReportingMonth month, OffsetDateTime now) {
		LocalDate runMonth = month.firstDay();
		int restored = quarantine.restore(runMonth);
		if (restored > 0) {
			log.info("Put {} rows quarantined by an earlier check of {} back to be checked again", restored,
					ReportingMonth.format(month.month()));
		}
		// freshly extracted rows have no planner statistics yet; the rules and the later steps need them,
		// or they get nested-loop plans that are slow on months of history
		reporting.sql("ANALYZE staging.customer, staging.subscription_period, staging.invoice, staging.cancellation")
			.update();
		Map<String, Long> extracted = new LinkedHashMap<>();
		for (SourceQuery<?> source : SourceQuery.ALL) {
			extracted.put(source.name(), quarantine.staged(source, runMonth));
		}
		Map<String, Object> parameters = parameters(month, now);
		reporting.sql(SourceContractRules.CLEAR_SHARED_KEY_ROWS).params(parameters).update();
		for (SourceQuery<?> source : SourceQuery.ALL) {
			reporting.sql(SourceContractRules.sharedKeyRows(source)).params(parameters).update();
		}
		List<Finding> findings = new ArrayList<>();
		List<QualityRule> rules = SourceContractRules.all();
		for (int first = 0; first < rules.size();) {
			QualityRule rule = rules.get(first);
			if (!rule.looksAtEachRowAlone()) {
				long rows = rule.action() == Action.QUARANTINED ? quarantine.move(rule, parameters)
						: quarantine.count(rule, parameters);
				record(runMonth, rule, rows, extracted, findings);
				first++;
				continue;
			}
			// the rules that follow and look at each row alone: one pass over each source's rows
			// instead of one per rule, with the findings of the rules run one after the other
			int end = first;
			while (end < rules.size() && rules.get(end).looksAtEachRowAlone()) {
				end++;
			}
			List<QualityRule> rowRules = rules.subList(first, end);
			Map<SourceQuery<?>, Map<String, Long>> moved = new HashMap<>();
			for (SourceQuery<?> source : SourceQuery.ALL) {
				List<QualityRule> ofSource = rowRules.stream().filter(each -> each.source() == source).toList();
				if (!ofSource.isEmpty()) {
					moved.put(source, quarantine.moveFirstBroken(ofSource, parameters));
				}
			}
			for (QualityRule each : rowRules) {
				record(runMonth, each, moved.get(each.source()).getOrDefault(each.name(), 0L), extracted, findings);
			}
			first = end;
		}
		SourceDataFindings result = new SourceDataFindings(extracted, List.copyOf(findings));
		logFindings(month, result);
		return result;
	}

	private void record(LocalDate runMonth, QualityRule rule, long rows, Map<String, Long> extracted,
			List<Finding> findings) {
		if (rows > 0) {
			Finding finding = new Finding(rule.source().name(), rule.name(), rule.action(), rows,
					extracted.get(rule.source().name()));
			quarantine.record(runMonth, finding);
			findings.add(finding);
		}
	}

	/** One line per source, e.g. "subscriptions: 14 rows, 2 quarantined (overlapping_periods 2), 0 flagged". */
	private static void logFindings(ReportingMonth month, SourceDataFindings result) {
		result.rowsExtracted().forEach((source, rows) -> {
			String perRule = result.of(source)
				.stream()
				.map(finding -> finding.rule() + " " + finding.rows())
				.collect(Collectors.joining(", "));
			long quarantined = result.quarantined(source);
			long flagged = result.of(source).stream().filter(f -> f.action() == Action.KEPT_AND_FLAGGED)
				.mapToLong(Finding::rows).sum();
			String line = "Data quality of " + ReportingMonth.format(month.month()) + ", " + source + ": " + rows
					+ " rows checked, " + quarantined + " quarantined, " + flagged + " flagged"
					+ (perRule.isEmpty() ? "" : " (" + perRule + ")");
			if (quarantined > 0) {
				log.warn(line);
			}
			else {
				log.info(line);
			}
		});
	}

	/** The named parameters of the rules' SQL. */
	Map<String, Object> parameters(ReportingMonth month, OffsetDateTime now) {
		ChurnProperties.DataQuality thresholds = properties.dataQuality();
		Map<String, Object> parameters = new HashMap<>();
		parameters.put("runMonth", month.firstDay());
		parameters.put("now", now);
		parameters.put("zone", month.zone().getId());
		parameters.put("maxAmount", thresholds.maxAmount());
		parameters.put("allowedIntervalMonths", thresholds.allowedIntervalMonths());
		parameters.put("currencies", currencies);
		return parameters;
	}

}
