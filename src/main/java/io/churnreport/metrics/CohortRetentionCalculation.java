package io.churnreport.metrics;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import io.churnreport.month.ReportingMonth;
import io.churnreport.month.MonthContext;
import io.churnreport.month.MonthCalculation;
import io.churnreport.month.MonthData;

/**
 * Logo and revenue cohort retention. A customer's cohort is its first month with MRR > 0, and it
 * stays in that cohort when it leaves and comes back. For every cohort up to the run month and
 * every month k since acquisition (0 = the cohort month itself), the share of the cohort with
 * MRR > 0 at the end of month cohort + k, and the cohort's MRR at that month end as a share of its
 * MRR at the end of its first month (each month's MRR at its own month-end exchange rates).
 * <p>
 * Only the new diagonal depends on the run month: the cells of earlier months are those of the
 * previous month's table as long as the month-end MRR of those months has not been computed again
 * since it was written (migration V16). Then the run copies them and computes the diagonal from the
 * run month's customers alone, each looking up its first month; otherwise it reads the whole
 * history. Both give the same cells.
 */
@Component
public class CohortRetentionCalculation implements MonthCalculation {

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

	/**
	 * Whether the previous month's table holds the cells before the run month: it was written, the
	 * run computed its own month alone, and no run since has computed a month before the run month
	 * again (or is computing one: a run not yet marked computed may have changed rows).
	 */
	private static final String CONTINUES_PREVIOUS = """
			SELECT EXISTS (
			    SELECT 1 FROM staging.cohort_retention_run c
			    WHERE c.month = :previousMonth
			      AND EXISTS (SELECT 1 FROM staging.month_end_mrr_run r
			                  WHERE r.run_month = :runMonth AND r.from_month = :runMonth AND r.computed_at IS NOT NULL)
			      AND NOT EXISTS (SELECT 1 FROM staging.month_end_mrr_run r
			                      WHERE r.run_month <> :runMonth
			                        AND (r.from_month IS NULL OR r.from_month < :runMonth)
			                        AND (r.computed_at IS NULL OR r.computed_at >= c.written_at)))
			""";

	private static final String EXTEND = """
			INSERT INTO mart.cohort_retention (month, cohort_month, months_since, customers_active, cohort_size, retention_rate,
			                                   cohort_mrr, mrr_active, revenue_retention_rate)
			WITH active AS (
			    -- the run month's customers with their cohort: the first month they had MRR (an index
			    -- lookup each), or the run month itself for those who never had before
			    SELECT m.mrr, coalesce((SELECT min(h.month) FROM staging.customer_month_mrr h
			                            WHERE h.customer_id = m.customer_id AND h.month < :runMonth), :runMonth) AS cohort_month
			    FROM staging.customer_month_mrr m WHERE m.month = :runMonth
			), active_count AS (
			    SELECT cohort_month, count(*) AS customers_active, sum(mrr) AS mrr_active FROM active GROUP BY cohort_month
			), cohort AS (
			    SELECT cohort_month, cohort_size, cohort_mrr
			    FROM mart.cohort_retention WHERE month = :previousMonth AND months_since = 0
			    UNION ALL
			    SELECT cohort_month, customers_active, mrr_active FROM active_count WHERE cohort_month = :runMonth
			)
			SELECT :runMonth, cohort_month, months_since, customers_active, cohort_size, retention_rate,
			       cohort_mrr, mrr_active, revenue_retention_rate
			FROM mart.cohort_retention WHERE month = :previousMonth
			UNION ALL
			SELECT :runMonth, c.cohort_month,
			       ((extract(year FROM :runMonth::date) - extract(year FROM c.cohort_month)) * 12
			         + extract(month FROM :runMonth::date) - extract(month FROM c.cohort_month))::int,
			       coalesce(a.customers_active, 0), c.cohort_size,
			       round(coalesce(a.customers_active, 0)::numeric / c.cohort_size, 6),
			       c.cohort_mrr, coalesce(a.mrr_active, 0), round(coalesce(a.mrr_active, 0) / c.cohort_mrr, 6)
			FROM cohort c LEFT JOIN active_count a USING (cohort_month)
			""";

	private static final String WRITTEN = """
			INSERT INTO staging.cohort_retention_run (month, written_at) VALUES (:runMonth, now())
			ON CONFLICT (month) DO UPDATE SET written_at = excluded.written_at
			""";

	private final JdbcClient reporting;

	public CohortRetentionCalculation(JdbcClient reporting) {
		this.reporting = reporting;
	}

	/** Replaces the run month's cohort table; returns the number of cells written. */
	@Override
	public int calculate(MonthContext context) {
		ReportingMonth runMonth = context.month();
		reporting.sql(DELETE).param("runMonth", runMonth.firstDay()).update();
		int written = continuesPreviousTable(runMonth)
				? reporting.sql(EXTEND).param("runMonth", runMonth.firstDay()).param("previousMonth", runMonth.previousFirstDay()).update()
				: reporting.sql(INSERT).param("runMonth", runMonth.firstDay()).update();
		reporting.sql(WRITTEN).param("runMonth", runMonth.firstDay()).update();
		return written;
	}

	@Override
	public MonthData writes() {
		return MonthData.tables("mart.cohort_retention");
	}

	/** True when the run month's cells before the new diagonal can be copied from the previous month's table. */
	boolean continuesPreviousTable(ReportingMonth runMonth) {
		return reporting.sql(CONTINUES_PREVIOUS)
			.param("runMonth", runMonth.firstDay())
			.param("previousMonth", runMonth.previousFirstDay())
			.query(Boolean.class)
			.single();
	}

}
