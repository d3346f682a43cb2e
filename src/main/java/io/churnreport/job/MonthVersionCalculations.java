package io.churnreport.job;

import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.churnreport.month.MonthCalculation;
import io.churnreport.month.MonthContext;
import io.churnreport.month.MonthData;

/**
 * The first calculations of the month's transaction: keep the published version the new one is
 * about to replace, then publish the churned customers the classification staged.
 */
final class MonthVersionCalculations {

	private MonthVersionCalculations() {
	}

	/** Copy a published older version of the month into mart_history before it is replaced. */
	private static final List<String> KEEP_PREVIOUS_VERSION = List.of("""
			INSERT INTO mart_history.month_run SELECT * FROM mart.month_run WHERE month = :month AND version < :version
			ON CONFLICT DO NOTHING
			""", """
			INSERT INTO mart_history.monthly_metric (month, version, metric, value)
			SELECT m.month, r.version, m.metric, m.value
			FROM mart.monthly_metric m JOIN mart.month_run r USING (month)
			WHERE m.month = :month AND r.version < :version
			ON CONFLICT DO NOTHING
			""", """
			INSERT INTO mart_history.churn_by_reason (month, reason_class, category, reason_code, reason_label, customers,
			    mrr_lost, version)
			SELECT c.month, c.reason_class, c.category, c.reason_code, c.reason_label, c.customers, c.mrr_lost, r.version
			FROM mart.churn_by_reason c JOIN mart.month_run r USING (month)
			WHERE c.month = :month AND r.version < :version
			  AND NOT EXISTS (SELECT 1 FROM mart_history.churn_by_reason h WHERE h.month = c.month AND h.version = r.version)
			""");

	private static final List<String> PUBLISH_CHURNED_CUSTOMERS = List.of(
			"DELETE FROM mart.churned_customer WHERE month = :month",
			"INSERT INTO mart.churned_customer SELECT * FROM staging.churned_customer WHERE run_month = :month");

	/** Keeps the published older version of the month; it reads that version, not this run's results. */
	static MonthCalculation keepPreviousVersion(JdbcClient reporting) {
		return new Statements("KeepPreviousVersion", reporting, KEEP_PREVIOUS_VERSION,
				MonthData.tables("mart_history.month_run", "mart_history.monthly_metric", "mart_history.churn_by_reason"));
	}

	/** Publishes the churned customers the classification staged, which the breakdowns read. */
	static MonthCalculation publishChurnedCustomers(JdbcClient reporting) {
		return new Statements("PublishChurnedCustomers", reporting, PUBLISH_CHURNED_CUSTOMERS,
				MonthData.tables("mart.churned_customer"));
	}

	/** Runs its statements in order with the month and the version being computed as parameters. */
	private record Statements(String name, JdbcClient reporting, List<String> statements,
			MonthData writes) implements MonthCalculation {

		@Override
		public int calculate(MonthContext context) {
			return statements.stream()
				.mapToInt(sql -> reporting.sql(sql)
					.param("month", context.month().firstDay())
					.param("version", context.version())
					.update())
				.sum();
		}

	}

}
