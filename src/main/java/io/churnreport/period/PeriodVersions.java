package io.churnreport.period;

import java.math.BigDecimal;
import java.sql.Types;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The versions of a quarter or fiscal year in the reporting database (mart.period_report): which
 * version of each month each was built from, and so whether reporting the period again restates
 * it (a month was restated since) or gives the same version again.
 */
final class PeriodVersions {

	/** A month of a period at the version its results were in. */
	record MonthVersion(YearMonth month, int version) {
	}

	/**
	 * The version a report of the period is: the last one again when it was built from the months'
	 * current versions, else the next.
	 * @param months the period's months at their current versions
	 * @param previous the version it replaces; empty for a first version or the same version again
	 * @param restatedMonths the months whose version differs from the ones the previous version was built from
	 */
	record PeriodVersion(int version, List<MonthVersion> months, Optional<Integer> previous,
			List<MonthVersion> restatedMonths) {

		boolean restates() {
			return previous.isPresent();
		}

	}

	private static final String MONTH_VERSIONS = """
			SELECT month, version FROM mart.month_run WHERE month BETWEEN :firstMonth AND :lastMonth ORDER BY month
			""";

	private static final String LAST_VERSION = """
			SELECT version FROM mart.period_report WHERE period = :period ORDER BY version DESC LIMIT 1
			""";

	private static final String VERSION_MONTHS = """
			SELECT month, month_version FROM mart.period_report_month
			WHERE period = :period AND version = :version ORDER BY month
			""";

	private static final String KEEP_METRICS = """
			INSERT INTO mart_history.period_metric (period, version, metric, value)
			SELECT period, :version, metric, value FROM mart.period_metric WHERE period = :period
			ON CONFLICT (period, version, metric) DO UPDATE SET value = excluded.value
			""";

	private static final String INSERT_REPORT = """
			INSERT INTO mart.period_report (period, version) VALUES (:period, :version)
			ON CONFLICT (period, version) DO UPDATE SET reported_at = now()
			""";

	private static final String INSERT_MONTH = """
			INSERT INTO mart.period_report_month (period, version, month, month_version)
			VALUES (:period, :version, :month, :monthVersion)
			ON CONFLICT (period, version, month) DO NOTHING
			""";

	private static final String PREVIOUS_METRICS = """
			SELECT metric, value FROM mart_history.period_metric WHERE period = :period AND version = :version
			""";

	private final JdbcClient reporting;

	PeriodVersions(JdbcClient reporting) {
		this.reporting = reporting;
	}

	/** The version a report of the period built now would be; every month of it is complete. */
	PeriodVersion next(ReportingPeriod period) {
		List<MonthVersion> months = currentMonthVersions(period);
		Optional<Integer> last = reporting.sql(LAST_VERSION)
			.param("period", period.key())
			.query(Integer.class)
			.optional();
		if (last.isEmpty()) {
			return new PeriodVersion(1, months, Optional.empty(), List.of());
		}
		List<MonthVersion> builtFrom = reporting.sql(VERSION_MONTHS)
			.param("period", period.key())
			.param("version", last.get())
			.query((row, number) -> new MonthVersion(YearMonth.from(row.getObject("month", LocalDate.class)),
					row.getInt("month_version")))
			.list();
		List<MonthVersion> restated = months.stream().filter(month -> !builtFrom.contains(month)).toList();
		return restated.isEmpty() && builtFrom.size() == months.size()
				? new PeriodVersion(last.get(), months, Optional.empty(), List.of())
				: new PeriodVersion(last.get() + 1, months, last, restated);
	}

	/**
	 * Records the version, in the transaction that stores its figures; a restating version first
	 * keeps the figures of the one it replaces in mart_history.
	 */
	void record(ReportingPeriod period, PeriodVersion version) {
		version.previous().ifPresent(previous -> reporting.sql(KEEP_METRICS)
			.param("period", period.key())
			.param("version", previous)
			.update());
		reporting.sql(INSERT_REPORT).param("period", period.key()).param("version", version.version()).update();
		for (MonthVersion month : version.months()) {
			reporting.sql(INSERT_MONTH)
				.param("period", period.key())
				.param("version", version.version())
				.param("month", month.month().atDay(1))
				.param("monthVersion", month.version(), Types.INTEGER)
				.update();
		}
	}

	/** The figures of a version replaced, by metric name. */
	Map<String, BigDecimal> metricsOf(ReportingPeriod period, int version) {
		Map<String, BigDecimal> metrics = new HashMap<>();
		reporting.sql(PREVIOUS_METRICS)
			.param("period", period.key())
			.param("version", version)
			.query((row, number) -> metrics.put(row.getString("metric"), row.getBigDecimal("value")))
			.list();
		return metrics;
	}

	/** Whether the period was reported with a version before. */
	boolean reported(ReportingPeriod period) {
		return reporting.sql(LAST_VERSION).param("period", period.key()).query(Integer.class).optional().isPresent();
	}

	private List<MonthVersion> currentMonthVersions(ReportingPeriod period) {
		return reporting.sql(MONTH_VERSIONS)
			.param("firstMonth", period.firstMonth().atDay(1))
			.param("lastMonth", period.lastMonth().atDay(1))
			.query((row, number) -> new MonthVersion(YearMonth.from(row.getObject("month", LocalDate.class)),
					row.getInt("version")))
			.list();
	}

}
