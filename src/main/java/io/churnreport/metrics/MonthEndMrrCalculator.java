package io.churnreport.metrics;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Month-end MRR of every customer for every month up to the run month, from the staged
 * subscription periods. A period counts at the end of month m when it started before the first
 * instant of m+1 and has not ended by then ({@code valid_to} is exclusive: a period ending at
 * 00:00 on the 1st covered the whole previous month). Its monthly value is
 * {@code amount / interval_months}; trials count nothing. Each customer's month-end MRR is rounded
 * to the cent once, so that every movement between months is a difference of cents and the
 * bridges tie exactly.
 */
public class MonthEndMrrCalculator {

	private static final String DELETE = """
			DELETE FROM staging.customer_month_mrr WHERE run_month = :runMonth
			""";

	private static final String INSERT = """
			INSERT INTO staging.customer_month_mrr (run_month, customer_id, month, mrr, mrr_at_previous_rates)
			WITH months AS (
			    SELECT month::date AS month,
			           ((month + interval '1 month')::timestamp AT TIME ZONE :zone) AS month_end
			    FROM generate_series(
			        (SELECT date_trunc('month', min(valid_from AT TIME ZONE :zone))
			         FROM staging.subscription_period WHERE run_month = :runMonth),
			        :runMonth::timestamp, interval '1 month') AS month
			)
			SELECT :runMonth, p.customer_id, m.month, round(sum(p.amount / p.interval_months), 2),
			       round(sum(p.amount / p.interval_months), 2)
			FROM months m
			JOIN staging.subscription_period p
			  ON p.run_month = :runMonth
			 AND NOT p.is_trial
			 AND p.valid_from < m.month_end
			 AND (p.valid_to IS NULL OR p.valid_to >= m.month_end)
			GROUP BY p.customer_id, m.month
			HAVING round(sum(p.amount / p.interval_months), 2) > 0
			""";

	private final JdbcClient reporting;

	public MonthEndMrrCalculator(JdbcClient reporting) {
		this.reporting = reporting;
	}

	/** Replaces the month-end MRR rows of the run and returns how many customer-months have MRR. */
	public int calculate(ReportingMonth runMonth) {
		reporting.sql(DELETE).param("runMonth", runMonth.firstDay()).update();
		return reporting.sql(INSERT)
			.param("runMonth", runMonth.firstDay())
			.param("zone", runMonth.zone().getId())
			.update();
	}

}
