package io.churnreport.month;

import java.math.BigDecimal;
import java.sql.Types;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads and writes mart.monthly_metric, where each metric of a month is one row. Only the metrics
 * of the {@link Metric catalogue} can be stored; mart.metric_definition declares the same ones.
 */
@Component
public class MetricStore {

	private static final String DELETE = "DELETE FROM mart.monthly_metric WHERE month = :month AND metric = :metric";

	private static final String INSERT = "INSERT INTO mart.monthly_metric (month, metric, value) VALUES (:month, :metric, :value)";

	private static final String SELECT = "SELECT value FROM mart.monthly_metric WHERE month = :month AND metric = :metric";

	private final JdbcClient reporting;

	public MetricStore(JdbcClient reporting) {
		this.reporting = reporting;
	}

	/** Replaces the given metrics of the month; a null value is stored as null (not applicable). */
	public void save(ReportingMonth month, Map<Metric, BigDecimal> metrics) {
		metrics.forEach((metric, value) -> {
			reporting.sql(DELETE).param("month", month.firstDay()).param("metric", metric.metricName()).update();
			reporting.sql(INSERT)
				.param("month", month.firstDay())
				.param("metric", metric.metricName())
				.param("value", value, Types.NUMERIC)
				.update();
		});
	}

	/** A metric of a month already in the mart; empty when the month was not run or the value is null. */
	public Optional<BigDecimal> find(LocalDate month, Metric metric) {
		return reporting.sql(SELECT)
			.param("month", month)
			.param("metric", metric.metricName())
			.query(BigDecimal.class)
			.optional();
	}

}
