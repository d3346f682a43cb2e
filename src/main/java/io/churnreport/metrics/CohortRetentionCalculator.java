package io.churnreport.metrics;

import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Logo and revenue cohort retention. A customer's cohort is its first month with MRR > 0, and it
 * stays in that cohort when it leaves and comes back. For every cohort up to the run month and
 * every month k since acquisition (0 = the cohort month itself), the share of the cohort with
 * MRR > 0 at the end of month cohort + k, and the cohort's MRR at that month end as a share of its
 * MRR at the end of its first month (each month's MRR at its own month-end exchange rates).
 */
@Component
@Order(MonthCalculation.BREAKDOWNS)
public class CohortRetentionCalculator implements MonthCalculation {

	private static final String DELETE = "DELETE FROM mart.cohort_retention WHERE month = :runMonth";

	private static final String INSERT = """
			INSERT INTO mart.cohort_retention (month, cohort_month, months_since, customers_active, cohort_size, retention_rate,
			                                   cohort_mrr, mrr_active, revenue_retention_rate)
			WITH active AS (
			    -- each customer-month with the customer's cohort, in one pass: every count below reads it once
			    SELECT month, mrr, min(month) OVER (PARTITION BY customer_id) AS cohort_month
			    FROM staging.customer_month_mrr WHERE month <= :runMonth
			), active_count AS (
			    SELECT cohort_month,
			           ((extract(year FROM month) - extract(year FROM cohort_month)) * 12
			             + extract(month FROM month) - extract(month FROM cohort_month))::int AS months_since,
			           count(*) AS customers_active,
			           sum(mrr) AS mrr_active
			    FROM active
			    GROUP BY 1, 2
			), cohort AS (
			    SELECT cohort_month, customers_active AS cohort_size, mrr_active AS cohort_mrr FROM active_count WHERE months_since = 0
			), cell AS (
			    SELECT c.cohort_month, c.cohort_size, c.cohort_mrr, k AS months_since
			    FROM cohort c,
			         generate_series(0, ((extract(year FROM :runMonth::date) - extract(year FROM c.cohort_month)) * 12
			                           + extract(month FROM :runMonth::date) - extract(month FROM c.cohort_month))::int) AS k
			)
			SELECT :runMonth, cell.cohort_month, cell.months_since, coalesce(a.customers_active, 0), cell.cohort_size,
			       round(coalesce(a.customers_active, 0)::numeric / cell.cohort_size, 6),
			       cell.cohort_mrr, coalesce(a.mrr_active, 0),
			       -- every member had MRR > 0 in the cohort month, so cohort_mrr is never 0
			       round(coalesce(a.mrr_active, 0) / cell.cohort_mrr, 6)
			FROM cell LEFT JOIN active_count a USING (cohort_month, months_since)
			""";

	private final JdbcClient reporting;

	public CohortRetentionCalculator(JdbcClient reporting) {
		this.reporting = reporting;
	}

	/** Replaces the run month's cohort table; returns the number of cells written. */
	@Override
	public int calculate(MonthContext context) {
		ReportingMonth runMonth = context.month();
		reporting.sql(DELETE).param("runMonth", runMonth.firstDay()).update();
		return reporting.sql(INSERT).param("runMonth", runMonth.firstDay()).update();
	}

}
