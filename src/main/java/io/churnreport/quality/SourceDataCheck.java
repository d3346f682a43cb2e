package io.churnreport.quality;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.churnreport.extract.SourceQuery;
import io.churnreport.month.ReportingMonth;
import io.churnreport.quality.QualityRule.Action;
import io.churnreport.system.ChurnProperties;
import io.churnreport.system.InParallel;

/**
 * Checks the month's staged source rows with {@link SourceContractRules}: quarantines the rows
 * that break the contract, counts the ones that are only flagged, and records the findings in
 * staging.data_quality. A check can run again on the same month (a restart): it first puts back
 * what an earlier check quarantined, so it always checks the rows as extracted.
 * <p>
 * The sources are checked side by side, each on a connection and in a transaction of its own
 * ({@code churn.partitions} at a time), in {@linkplain #waves waves}: a rule that reads another
 * source's rows waits for that source's rules before it. The result is the same as running the
 * rules one after the other; each part commits when it ends, and a check that fails half way is
 * undone by the next one's putting back.
 */
@Component
public class SourceDataCheck {

	private static final Logger log = LoggerFactory.getLogger(SourceDataCheck.class);

	/** ISO 4217 codes as java.util.Currency knows them, plus the reporting currency. */
	private final List<String> currencies;

	private final JdbcClient reporting;

	private final Quarantine quarantine;

	private final ChurnProperties properties;

	private final TransactionTemplate ownTransaction;

	/**
	 * @param reportingDataSource the reporting database that {@code reporting} and the quarantine
	 * use, whose transactions the check opens
	 */
	public SourceDataCheck(DataSource reportingDataSource, JdbcClient reporting, Quarantine quarantine,
			ChurnProperties properties) {
		this.reporting = reporting;
		this.quarantine = quarantine;
		this.properties = properties;
		this.ownTransaction = new TransactionTemplate(new DataSourceTransactionManager(reportingDataSource));
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		TreeSet<String> codes = new TreeSet<>();
		Currency.getAvailableCurrencies().forEach(currency -> codes.add(currency.getCurrencyCode()));
		codes.add(properties.currency().toUpperCase(Locale.ROOT));
		this.currencies = List.copyOf(codes);
	}

	/**
	 * Checks the month's staged rows as of {@code now}, in transactions of its own that commit as
	 * each part ends (so that what was quarantined stays for the operator to see when the run then
	 * fails on the quarantine limit).
	 */
	public SourceDataFindings check(ReportingMonth month, OffsetDateTime now) {
		LocalDate runMonth = month.firstDay();
		Map<String, Object> parameters = parameters(month, now);
		Map<String, Long> extracted = new LinkedHashMap<>();
		int restored = ownTransaction.execute(status -> {
			int back = quarantine.restore(runMonth);
			reporting.sql(SourceContractRules.CLEAR_SHARED_KEY_ROWS).params(parameters).update();
			for (SourceQuery<?> source : SourceQuery.ALL) {
				extracted.put(source.name(), quarantine.staged(source, runMonth));
			}
			return back;
		});
		if (restored > 0) {
			log.info("Put {} rows quarantined by an earlier check of {} back to be checked again", restored,
					ReportingMonth.format(month.month()));
		}
		inParallel(SourceQuery.ALL.stream().<Supplier<Integer>>map(source -> () -> {
			// freshly extracted rows have no planner statistics yet; the rules and the later steps need
			// them, or they get nested-loop plans that are slow on months of history
			reporting.sql("ANALYZE " + source.stagingTable()).update();
			return reporting.sql(SourceContractRules.sharedKeyRows(source)).params(parameters).update();
		}).toList());
		List<QualityRule> rules = SourceContractRules.all();
		List<RuleFinding> found = new ArrayList<>();
		for (List<QualityRule> wave : waves(rules)) {
			Map<SourceQuery<?>, List<QualityRule>> bySource = new LinkedHashMap<>();
			wave.forEach(rule -> bySource.computeIfAbsent(rule.source(), source -> new ArrayList<>()).add(rule));
			inParallel(bySource.values()
				.stream()
				.<Supplier<List<RuleFinding>>>map(ofSource -> () -> run(ofSource, runMonth, parameters, extracted))
				.toList()).forEach(found::addAll);
		}
		// in the rules' order, as if they had run one after the other
		found.sort(Comparator.comparingInt(each -> rules.indexOf(each.rule())));
		SourceDataFindings result = new SourceDataFindings(extracted,
				found.stream().map(RuleFinding::finding).toList());
		logFindings(month, result);
		return result;
	}

	/**
	 * The rules in waves: each wave's rules of one source run in their order, the sources side by
	 * side, and a rule that reads another source's rows (or whose rows another source's rule
	 * reads) starts a new wave when that source has rules in the current one. For the contract's
	 * rules: every source's own rules, then the unknown customers and overlapping periods, then the
	 * voluntary ends without a cancellation.
	 */
	static List<List<QualityRule>> waves(List<QualityRule> rules) {
		List<List<QualityRule>> waves = new ArrayList<>();
		List<QualityRule> wave = new ArrayList<>();
		for (QualityRule rule : rules) {
			boolean dependent = wave.stream()
				.anyMatch(other -> other.source() != rule.source()
						&& (rule.reads(other.source()) || other.reads(rule.source())));
			if (dependent) {
				waves.add(wave);
				wave = new ArrayList<>();
			}
			wave.add(rule);
		}
		if (!wave.isEmpty()) {
			waves.add(wave);
		}
		return waves;
	}

	/** One source's rules of a wave, in their order. */
	private List<RuleFinding> run(List<QualityRule> rules, LocalDate runMonth, Map<String, Object> parameters,
			Map<String, Long> extracted) {
		List<RuleFinding> found = new ArrayList<>();
		for (int first = 0; first < rules.size();) {
			QualityRule rule = rules.get(first);
			if (!rule.looksAtEachRowAlone()) {
				long rows = rule.action() == Action.QUARANTINED ? quarantine.move(rule, parameters)
						: quarantine.count(rule, parameters);
				record(runMonth, rule, rows, extracted, found);
				first++;
				continue;
			}
			// the rules that follow and look at each row alone: one pass over the source's rows
			// instead of one per rule, with the findings of the rules run one after the other
			int end = first;
			while (end < rules.size() && rules.get(end).looksAtEachRowAlone()) {
				end++;
			}
			List<QualityRule> rowRules = rules.subList(first, end);
			Map<String, Long> moved = quarantine.moveFirstBroken(rowRules, parameters);
			for (QualityRule each : rowRules) {
				record(runMonth, each, moved.getOrDefault(each.name(), 0L), extracted, found);
			}
			first = end;
		}
		return found;
	}

	/**
	 * The tasks' results, {@code churn.partitions} at a time, each on a thread, connection and
	 * transaction of its own.
	 */
	private <T> List<T> inParallel(List<Supplier<T>> tasks) {
		return InParallel.results("churn-report-check-", properties.partitions(), tasks.stream()
			.<Supplier<T>>map(task -> () -> ownTransaction.execute(status -> task.get()))
			.toList());
	}

	private void record(LocalDate runMonth, QualityRule rule, long rows, Map<String, Long> extracted,
			List<RuleFinding> found) {
		if (rows > 0) {
			Finding finding = new Finding(rule.source().name(), rule.name(), rule.action(), rows,
					extracted.get(rule.source().name()));
			quarantine.record(runMonth, finding);
			found.add(new RuleFinding(rule, finding));
		}
	}

	/** A finding with the rule that made it. */
	private record RuleFinding(QualityRule rule, Finding finding) {
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
