package io.churnreport.period;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Types;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.churnreport.month.Metric;
import io.churnreport.month.MetricScales;
import io.churnreport.system.AtomicFiles;

/**
 * Reports a quarter or fiscal year from what its completed months left in the reporting database,
 * without extracting anything: the customers from the month-end MRR kept in
 * staging.customer_month_mrr, the MRR movements and monthly churn rates from mart.monthly_metric.
 * Its figures replace the period's rows in mart.period_metric and are written to
 * {@code <out>/<period>/period-summary.csv}, beside its cohorts and its pack ({@link PeriodPack}).
 */
@Component
public class PeriodClose {

	/** The churned customers of a period by reason, in its directory. */
	public static final String REASONS_FILE = "churn-by-reason.csv";

	/** The summary file of a period, in its directory. */
	public static final String SUMMARY_FILE = "period-summary.csv";

	/** The retention of the customers acquired in each period of the same kind, in its directory. */
	public static final String COHORTS_FILE = "cohort-retention.csv";

	/** The figures a version of the period changed against the version it replaced, in its directory. */
	public static final String RESTATEMENT_FILE = "restatement.csv";

	/** Where the files of the versions a period's restatements replaced are kept, in its directory. */
	public static final String VERSIONS_DIRECTORY = "versions";

	// each customer's cohort: the period (of :length months, from the fiscal year's first month,
	// :shift months after January) of its first month with MRR > 0; each cohort at the end of its
	// own period and of each later one up to :lastMonth: its members, their MRR at the end of its
	// own period, and those active at that end with their MRR
	private static final String COHORTS = """
			WITH member AS (
			    SELECT customer_id,
			           CAST(date_trunc(:unit, min(month) - make_interval(months => :shift))
			                + make_interval(months => :shift) AS date) AS cohort_start
			    FROM staging.customer_month_mrr
			    WHERE mrr > 0 AND month <= :lastMonth
			    GROUP BY customer_id
			), period_end AS (
			    SELECT DISTINCT CAST(date_trunc(:unit, month - make_interval(months => :shift))
			                         + make_interval(months => :shift + :length - 1) AS date) AS end_month
			    FROM staging.customer_month_mrr
			    WHERE month <= :lastMonth
			), cohort AS (
			    SELECT member.cohort_start, count(*) AS cohort_size, coalesce(sum(own_end.mrr), 0) AS cohort_mrr
			    FROM member
			    LEFT JOIN staging.customer_month_mrr own_end
			           ON own_end.customer_id = member.customer_id AND own_end.mrr > 0
			          AND own_end.month = CAST(member.cohort_start + make_interval(months => :length - 1) AS date)
			    GROUP BY member.cohort_start
			)
			SELECT cohort.cohort_start, period_end.end_month, cohort.cohort_size, cohort.cohort_mrr,
			       count(active.customer_id) AS customers_active, coalesce(sum(active.mrr), 0) AS mrr_active
			FROM cohort
			JOIN period_end
			  ON period_end.end_month >= CAST(cohort.cohort_start + make_interval(months => :length - 1) AS date)
			 AND period_end.end_month <= :lastMonth
			JOIN member ON member.cohort_start = cohort.cohort_start
			LEFT JOIN staging.customer_month_mrr active
			       ON active.customer_id = member.customer_id AND active.month = period_end.end_month AND active.mrr > 0
			GROUP BY cohort.cohort_start, period_end.end_month, cohort.cohort_size, cohort.cohort_mrr
			ORDER BY cohort.cohort_start, period_end.end_month
			""";

	// every customer active at a month end of the period (or just before it), counted by how it stands
	private static final String CUSTOMER_STANDINGS = """
			SELECT at_start, at_end, active_inside, active_earlier, count(*) AS customers
			FROM (SELECT bool_or(m.month = :monthBefore) AS at_start,
			             bool_or(m.month = :lastMonth) AS at_end,
			             bool_or(m.month > :monthBefore) AS active_inside,
			             EXISTS (SELECT 1 FROM staging.customer_month_mrr e
			                     WHERE e.customer_id = m.customer_id AND e.month < :monthBefore AND e.mrr > 0) AS active_earlier
			      FROM staging.customer_month_mrr m
			      WHERE m.month BETWEEN :monthBefore AND :lastMonth AND m.mrr > 0
			      GROUP BY m.customer_id) customer
			GROUP BY at_start, at_end, active_inside, active_earlier
			""";

	private static final String MRR_AT = """
			SELECT coalesce(sum(mrr), 0) FROM staging.customer_month_mrr WHERE month = :month
			""";

	private static final String MONTHS_METRIC = """
			SELECT value FROM mart.monthly_metric
			WHERE metric = :metric AND month BETWEEN :firstMonth AND :lastMonth
			ORDER BY month
			""";

	// each customer who had MRR twelve months before the period's end: its MRR then, now, and now at most then
	private static final String TRAILING_RETENTION = """
			SELECT coalesce(sum(then_.mrr), 0) AS mrr_then,
			       coalesce(sum(coalesce(now_.mrr, 0)), 0) AS mrr_now,
			       coalesce(sum(least(then_.mrr, coalesce(now_.mrr, 0))), 0) AS mrr_kept
			FROM staging.customer_month_mrr then_
			LEFT JOIN staging.customer_month_mrr now_ ON now_.customer_id = then_.customer_id AND now_.month = :lastMonth
			WHERE then_.month = :yearBefore AND then_.mrr > 0
			""";

	private static final String DELETE = "DELETE FROM mart.period_metric WHERE period = :period";

	private static final String DELETE_COHORTS = "DELETE FROM mart.period_cohort WHERE period = :period";

	private static final String INSERT_COHORT = """
			INSERT INTO mart.period_cohort (period, cohort, cohort_start, periods_since, customers_active, cohort_size,
			                                cohort_mrr, mrr_active)
			VALUES (:period, :cohort, :cohortStart, :periodsSince, :customersActive, :cohortSize, :cohortMrr, :mrrActive)
			""";

	private static final String INSERT = """
			INSERT INTO mart.period_metric (period, first_month, last_month, metric, value)
			VALUES (:period, :firstMonth, :lastMonth, :metric, :value)
			""";

	private final JdbcClient reporting;

	private final PeriodVersions versions;

	private final PeriodChurnReasons reasons;

	private final TransactionTemplate ownTransaction;

	private final ObjectProvider<PeriodPack> packs;

	public PeriodClose(JdbcClient reporting, PlatformTransactionManager transactionManager,
			ObjectProvider<PeriodPack> packs) {
		this.reporting = reporting;
		this.packs = packs;
		this.versions = new PeriodVersions(reporting);
		this.reasons = new PeriodChurnReasons(reporting);
		this.ownTransaction = new TransactionTemplate(transactionManager);
	}

	/**
	 * Whether the period was reported (with a version) before: a month of it completing again
	 * (rerun --force, then restart or not) reports it again, which restates it.
	 */
	public boolean wasReported(ReportingPeriod period) {
		return versions.reported(period);
	}

	/**
	 * Reports the period when every one of its months is complete.
	 * @param isComplete whether a month's last run completed (the job repository knows)
	 * @param outputDirectory holds the period's directory
	 */
	public PeriodOutcome report(ReportingPeriod period, Predicate<YearMonth> isComplete, Path outputDirectory) {
		List<YearMonth> notComplete = period.months().stream().filter(isComplete.negate()).toList();
		if (!notComplete.isEmpty()) {
			return new PeriodOutcome.MonthsNotComplete(period, notComplete);
		}
		PeriodMrrBridge bridge = mrrBridge(period);
		if (!bridge.ties()) {
			return new PeriodOutcome.BridgeDoesNotTie(period, bridge);
		}
		List<PeriodChurnReasons.Reason> churnReasons = reasons.of(period);
		Map<PeriodMetric, BigDecimal> metrics = metrics(period, customers(period), bridge, churnReasons);
		// a first quarter's year to date, and a year's, are its own months: its figures already
		Optional<Map<PeriodMetric, BigDecimal>> yearToDate = period.yearToDate().firstMonth().equals(period.firstMonth())
				? Optional.of(metrics) : ifComplete(period.yearToDate(), isComplete);
		Optional<Map<PeriodMetric, BigDecimal>> lastYear = ifComplete(period.yearBefore(), isComplete);
		List<CohortCell> cohorts = cohorts(period);
		PeriodVersions.PeriodVersion version = versions.next(period);
		ownTransaction.executeWithoutResult(status -> {
			versions.record(period, version);
			save(period, metrics);
			saveCohorts(period, cohorts);
			reasons.save(period, churnReasons);
		});
		Path directory = outputDirectory.resolve(period.key());
		Optional<Path> previousFiles = version.previous().map(previous -> keepFiles(directory, previous));
		Path file = directory.resolve(SUMMARY_FILE);
		writeCsv(file, csv(metrics, yearToDate, lastYear));
		writeCsv(directory.resolve(COHORTS_FILE), cohortsCsv(cohorts));
		writeCsv(directory.resolve(REASONS_FILE), PeriodChurnReasons.csv(churnReasons));
		writeCsv(directory.resolve(RESTATEMENT_FILE), restatementCsv(period, version.version(), metrics));
		// the pack draws what was stored and written above; moved with them by the next version
		List<Path> packFiles = packs.orderedStream().flatMap(pack -> pack.write(period, directory).stream()).toList();
		Map<YearMonth, Integer> months = new LinkedHashMap<>();
		version.months().forEach(month -> months.put(month.month(), month.version()));
		return new PeriodOutcome.Reported(period, file, metrics, yearToDate, lastYear, version.version(), months,
				previousFiles.map(kept -> new PeriodOutcome.Restatement(version.previous().get(), kept,
						version.restatedMonths().stream().map(PeriodVersions.MonthVersion::month).toList(),
						directory.resolve(RESTATEMENT_FILE))),
				packFiles);
	}

	private static void writeCsv(Path file, String csv) {
		AtomicFiles.write(file, temporary -> Files.writeString(temporary, csv, StandardCharsets.UTF_8));
	}

	/**
	 * Moves the files of the version a restatement replaces (every file of the period's directory)
	 * to {@code versions/v<N>/} in it, replacing what an interrupted restatement left there.
	 */
	private static Path keepFiles(Path directory, int previousVersion) {
		Path kept = directory.resolve(VERSIONS_DIRECTORY).resolve("v" + previousVersion);
		try {
			AtomicFiles.createDirectories(kept);
			List<Path> files;
			try (Stream<Path> listed = Files.list(directory)) {
				files = listed.filter(Files::isRegularFile).toList();
			}
			for (Path file : files) {
				Files.move(file, kept.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not keep the files of version " + previousVersion + " of the period in "
					+ kept + ": " + ex.getMessage(), ex);
		}
		return kept;
	}

	/**
	 * restatement.csv of a period, as a month's: for a version after the first, each figure that
	 * differs from the version it replaced ({@code previous_version,restated_version,metric,
	 * previous_value,restated_value,difference}); only the header for a first version.
	 */
	private String restatementCsv(ReportingPeriod period, int version, Map<PeriodMetric, BigDecimal> metrics) {
		StringBuilder csv = new StringBuilder("previous_version,restated_version,metric,previous_value,restated_value,difference\n");
		if (version == 1) {
			return csv.toString();
		}
		Map<String, BigDecimal> previous = versions.metricsOf(period, version - 1);
		for (PeriodMetric metric : PeriodMetric.values()) {
			BigDecimal before = previous.get(metric.metricName());
			BigDecimal now = metrics.get(metric);
			boolean same = before == null ? now == null : now != null && before.compareTo(now) == 0;
			if (!same) {
				csv.append(version - 1)
					.append(',')
					.append(version)
					.append(',')
					.append(metric.metricName())
					.append(',')
					.append(plain(before))
					.append(',')
					.append(plain(now))
					.append(',')
					.append(plain(before == null || now == null ? null : now.subtract(before)))
					.append('\n');
			}
		}
		return csv.toString();
	}

	/** The figures of other months (the year to date, the same period a year before) when all are complete and their bridge ties. */
	private Optional<Map<PeriodMetric, BigDecimal>> ifComplete(PeriodMonths period, Predicate<YearMonth> isComplete) {
		if (!period.months().stream().allMatch(isComplete)) {
			return Optional.empty();
		}
		PeriodMrrBridge bridge = mrrBridge(period);
		return bridge.ties() ? Optional.of(metrics(period, customers(period), bridge, reasons.of(period)))
				: Optional.empty();
	}

	private PeriodCustomers customers(PeriodMonths period) {
		return PeriodCustomers.counted(reporting.sql(CUSTOMER_STANDINGS)
			.param("monthBefore", period.monthBefore().atDay(1))
			.param("lastMonth", period.lastMonth().atDay(1))
			.query((row, number) -> new PeriodCustomers.Standing(row.getBoolean("at_start"), row.getBoolean("at_end"),
					row.getBoolean("active_inside"), row.getBoolean("active_earlier"), row.getLong("customers")))
			.list());
	}

	private PeriodMrrBridge mrrBridge(PeriodMonths period) {
		return new PeriodMrrBridge(mrrAt(period.monthBefore()), monthsSum(period, Metric.MRR_NEW),
				monthsSum(period, Metric.MRR_REACTIVATION), monthsSum(period, Metric.MRR_EXPANSION),
				monthsSum(period, Metric.MRR_CONTRACTION), monthsSum(period, Metric.MRR_CHURNED),
				monthsSum(period, Metric.MRR_FX), mrrAt(period.lastMonth()));
	}

	private BigDecimal mrrAt(YearMonth month) {
		return MetricScales.money(reporting.sql(MRR_AT).param("month", month.atDay(1)).query(BigDecimal.class).single());
	}

	private BigDecimal monthsSum(PeriodMonths period, Metric metric) {
		return MetricScales.money(monthsValues(period, metric).stream()
			.filter(value -> value != null)
			.reduce(BigDecimal.ZERO, BigDecimal::add));
	}

	/** The metric of each month of the period, in order; null where the month holds it as null. */
	private List<BigDecimal> monthsValues(PeriodMonths period, Metric metric) {
		return new ArrayList<>(reporting.sql(MONTHS_METRIC)
			.param("metric", metric.metricName())
			.param("firstMonth", period.firstMonth().atDay(1))
			.param("lastMonth", period.lastMonth().atDay(1))
			.query((row, number) -> row.getBigDecimal("value"))
			.list());
	}

	private Map<PeriodMetric, BigDecimal> metrics(PeriodMonths period, PeriodCustomers customers,
			PeriodMrrBridge bridge, List<PeriodChurnReasons.Reason> churnReasons) {
		Map<PeriodMetric, BigDecimal> metrics = new EnumMap<>(PeriodMetric.class);
		metrics.put(PeriodMetric.CUSTOMERS_START, BigDecimal.valueOf(customers.start()));
		metrics.put(PeriodMetric.CUSTOMERS_NEW, BigDecimal.valueOf(customers.newCustomers()));
		metrics.put(PeriodMetric.CUSTOMERS_REACTIVATED, BigDecimal.valueOf(customers.reactivated()));
		metrics.put(PeriodMetric.CUSTOMERS_CHURNED, BigDecimal.valueOf(customers.churned()));
		metrics.put(PeriodMetric.CUSTOMERS_END, BigDecimal.valueOf(customers.end()));
		metrics.put(PeriodMetric.CUSTOMERS_JOINED_AND_LEFT, BigDecimal.valueOf(customers.joinedAndLeft()));
		Map<String, Long> byClass = PeriodChurnReasons.byClass(churnReasons);
		metrics.put(PeriodMetric.CHURNED_MANAGED, BigDecimal.valueOf(byClass.getOrDefault("managed", 0L)));
		metrics.put(PeriodMetric.CHURNED_UNMANAGED, BigDecimal.valueOf(byClass.getOrDefault("unmanaged", 0L)));
		metrics.put(PeriodMetric.CHURNED_UNCLASSIFIED, BigDecimal.valueOf(byClass.getOrDefault("unclassified", 0L)));
		metrics.put(PeriodMetric.CHURNED_NO_REASON, BigDecimal.valueOf(byClass.getOrDefault("no_reason", 0L)));
		metrics.put(PeriodMetric.CHURN_RATE, MetricScales.rate(customers.churned(), customers.start()));
		List<BigDecimal> monthlyRates = monthsValues(period, Metric.CHURN_RATE);
		metrics.put(PeriodMetric.MONTHLY_CHURN_RATE_AVERAGE, PeriodChurnRates.average(monthlyRates));
		metrics.put(PeriodMetric.MONTHLY_CHURN_RATE_COMPOUNDED, PeriodChurnRates.compounded(monthlyRates));
		metrics.put(PeriodMetric.MANAGED_CHURN_RATE,
				MetricScales.rate(byClass.getOrDefault("managed", 0L), customers.start()));
		metrics.put(PeriodMetric.TARGET_CHURN_RATE,
				PeriodChurnRates.target(monthsValues(period, Metric.TARGET_CHURN_RATE), period.months().size()));
		metrics.put(PeriodMetric.TARGET_MANAGED_CHURN_RATE,
				PeriodChurnRates.target(monthsValues(period, Metric.TARGET_MANAGED_CHURN_RATE),
						period.months().size()));
		metrics.put(PeriodMetric.MRR_START, bridge.start());
		metrics.put(PeriodMetric.MRR_NEW, bridge.newMrr());
		metrics.put(PeriodMetric.MRR_REACTIVATION, bridge.reactivation());
		metrics.put(PeriodMetric.MRR_EXPANSION, bridge.expansion());
		metrics.put(PeriodMetric.MRR_CONTRACTION, bridge.contraction());
		metrics.put(PeriodMetric.MRR_CHURNED, bridge.churned());
		metrics.put(PeriodMetric.MRR_FX, bridge.fx());
		metrics.put(PeriodMetric.MRR_END, bridge.end());
		metrics.put(PeriodMetric.GROSS_MRR_CHURN_RATE, bridge.grossMrrChurnRate());
		metrics.put(PeriodMetric.NET_MRR_CHURN_RATE, bridge.netMrrChurnRate());
		metrics.put(PeriodMetric.QUICK_RATIO, bridge.quickRatio());
		Optional<TrailingRetention> retention = trailingRetention(period);
		metrics.put(PeriodMetric.NRR_12M, retention.map(TrailingRetention::nrr).orElse(null));
		metrics.put(PeriodMetric.GRR_12M, retention.map(TrailingRetention::grr).orElse(null));
		return metrics;
	}

	private Optional<TrailingRetention> trailingRetention(PeriodMonths period) {
		return reporting.sql(TRAILING_RETENTION)
			.param("lastMonth", period.lastMonth().atDay(1))
			.param("yearBefore", period.lastMonth().minusMonths(12).atDay(1))
			.query((row, number) -> TrailingRetention.of(row.getBigDecimal("mrr_then"), row.getBigDecimal("mrr_now"),
					row.getBigDecimal("mrr_kept")))
			.single();
	}

	private void save(ReportingPeriod period, Map<PeriodMetric, BigDecimal> metrics) {
		reporting.sql(DELETE).param("period", period.key()).update();
		metrics.forEach((metric, value) -> reporting.sql(INSERT)
			.param("period", period.key())
			.param("firstMonth", period.firstMonth().atDay(1))
			.param("lastMonth", period.lastMonth().atDay(1))
			.param("metric", metric.metricName())
			.param("value", value, Types.NUMERIC)
			.update());
	}

	/**
	 * period-summary.csv: {@code metric,value,year_to_date,same_period_last_year,change}, the change
	 * being the value less last year's (in points for a rate); empty where a figure does not apply
	 * or the months it needs are not complete.
	 */
	static String csv(Map<PeriodMetric, BigDecimal> metrics, Optional<Map<PeriodMetric, BigDecimal>> yearToDate,
			Optional<Map<PeriodMetric, BigDecimal>> lastYear) {
		StringBuilder csv = new StringBuilder("metric,value,year_to_date,same_period_last_year,change\n");
		for (PeriodMetric metric : PeriodMetric.values()) {
			BigDecimal value = metrics.get(metric);
			BigDecimal toDate = yearToDate.map(figures -> figures.get(metric)).orElse(null);
			BigDecimal before = lastYear.map(figures -> figures.get(metric)).orElse(null);
			BigDecimal change = value == null || before == null ? null : value.subtract(before);
			csv.append(metric.metricName())
				.append(',')
				.append(plain(value))
				.append(',')
				.append(plain(toDate))
				.append(',')
				.append(plain(before))
				.append(',')
				.append(plain(change))
				.append('\n');
		}
		return csv.toString();
	}

	/** A cohort of customers acquired in one period, at the end of its own period or of a later one. */
	record CohortCell(String cohort, LocalDate cohortStart, int periodsSince, long customersActive, long cohortSize,
			BigDecimal cohortMrr, BigDecimal mrrActive) {
	}

	private List<CohortCell> cohorts(ReportingPeriod period) {
		int length = period.isQuarter() ? 3 : 12;
		return reporting.sql(COHORTS)
			.param("unit", period.isQuarter() ? "quarter" : "year")
			.param("shift", period.fiscalYearStart().getValue() - 1)
			.param("length", length)
			.param("lastMonth", period.lastMonth().atDay(1))
			.query((row, number) -> {
				YearMonth cohortStart = YearMonth.from(row.getObject("cohort_start", LocalDate.class));
				YearMonth end = YearMonth.from(row.getObject("end_month", LocalDate.class));
				return new CohortCell(period.holding(cohortStart).key(), cohortStart.atDay(1),
						(int) ((cohortStart.until(end, ChronoUnit.MONTHS) + 1) / length - 1), row.getLong("customers_active"),
						row.getLong("cohort_size"), MetricScales.money(row.getBigDecimal("cohort_mrr")),
						MetricScales.money(row.getBigDecimal("mrr_active")));
			})
			.list();
	}

	private void saveCohorts(ReportingPeriod period, List<CohortCell> cohorts) {
		reporting.sql(DELETE_COHORTS).param("period", period.key()).update();
		for (CohortCell cell : cohorts) {
			reporting.sql(INSERT_COHORT)
				.param("period", period.key())
				.param("cohort", cell.cohort())
				.param("cohortStart", cell.cohortStart())
				.param("periodsSince", cell.periodsSince())
				.param("customersActive", cell.customersActive())
				.param("cohortSize", cell.cohortSize())
				.param("cohortMrr", cell.cohortMrr())
				.param("mrrActive", cell.mrrActive())
				.update();
		}
	}

	/**
	 * cohort-retention.csv of a period: for each cohort of customers acquired in a period of the
	 * same kind, and each period since: {@code cohort,periods_since,customers_active,cohort_size,
	 * retention_rate,cohort_mrr,mrr_active,revenue_retention_rate}.
	 */
	static String cohortsCsv(List<CohortCell> cohorts) {
		StringBuilder csv = new StringBuilder(
				"cohort,periods_since,customers_active,cohort_size,retention_rate,cohort_mrr,mrr_active,revenue_retention_rate\n");
		for (CohortCell cell : cohorts) {
			csv.append(cell.cohort())
				.append(',')
				.append(cell.periodsSince())
				.append(',')
				.append(cell.customersActive())
				.append(',')
				.append(cell.cohortSize())
				.append(',')
				.append(plain(MetricScales.rate(cell.customersActive(), cell.cohortSize())))
				.append(',')
				.append(cell.cohortMrr().toPlainString())
				.append(',')
				.append(cell.mrrActive().toPlainString())
				.append(',')
				.append(plain(cell.cohortMrr().signum() == 0 ? null : MetricScales.rate(cell.mrrActive(), cell.cohortMrr())))
				.append('\n');
		}
		return csv.toString();
	}

	private static String plain(BigDecimal value) {
		return value == null ? "" : value.toPlainString();
	}

}
