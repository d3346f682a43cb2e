package io.churnreport.breakdown;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

import io.churnreport.month.MetricStore;
import io.churnreport.month.MonthContext;
import io.churnreport.month.ReportingMonth;
import io.churnreport.support.TestPostgres;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A fresh, migrated reporting database for one test class, with helpers to read what was written. */
final class BreakdownTestDatabase {

	final DataSource dataSource;

	final JdbcClient jdbc;

	final MetricStore metricStore;

	private BreakdownTestDatabase(DataSource dataSource) {
		this.dataSource = dataSource;
		this.jdbc = JdbcClient.create(dataSource);
		this.metricStore = new MetricStore(jdbc);
	}

	static BreakdownTestDatabase create(String prefix) {
		DataSource dataSource = TestPostgres.migratedReportingDatabase(prefix);
		return new BreakdownTestDatabase(dataSource);
	}

	/** Runs hand-written fixture SQL (several statements). */
	void execute(String sql) {
		new JdbcTemplate(dataSource).execute(sql);
	}

	static MonthContext context(String month, String zone) {
		return new MonthContext(ReportingMonth.of(month, ZoneId.of(zone)), null);
	}

	/** Every metric stored for the month, by name; a metric stored as null maps to null. */
	Map<String, BigDecimal> metrics(String month) {
		Map<String, BigDecimal> metrics = new HashMap<>();
		jdbc.sql("SELECT metric, value FROM mart.monthly_metric WHERE month = :month")
			.param("month", YearMonth.parse(month).atDay(1))
			.query((RowCallbackHandler) rs -> metrics.put(rs.getString("metric"), rs.getBigDecimal("value")));
		return metrics;
	}

	/** A decimal as written, scale included: 0.00 and 0 differ. */
	static BigDecimal num(String value) {
		return new BigDecimal(value);
	}

}
