package io.churnreport.month;

import java.math.BigDecimal;
import java.sql.Types;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads and writes mart.monthly_metric, where each metric of a month is one row. A metric must be
 * declared in mart.metric_definition (by a migration) before it can be stored.
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
	public void save(ReportingMonth month, Map<String, BigDecimal> metrics) {
		metrics.forEach((metric, value) -> {
			reporting.sql(DELETE).param("month", month.firstDay()).param("metric", metric).update();
			reporting.sql(INSERT)
				.param("month", month.firstDay())
				.param("metric", metric)
				.param("value", value, Types.NUMERIC)
				.update();
		});
	}

	/** A metric of a month already in the mart; empty when the month was not run or the value is null. */
	public Optional<BigDecimal> find(java.time.LocalDate month, String metric) {
		return reporting.sql(SELECT).param("month", month).param("metric", metric).query(BigDecimal.class).optional();
	}

}
