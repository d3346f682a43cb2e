package io.churnreport.demo;

import java.time.YearMonth;
import java.time.ZoneId;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Makes the generated billing history as dense as a billing system that writes one price period
 * per renewal: every price period is cut at every {@code every}-th month after it started into
 * periods of the same plan and price, one after the other, noted {@code renewal}. The figures stay
 * those of the history as generated (each customer's MRR at every instant is the same); only the
 * rows a month reads grow, as in real histories with about 10 subscription periods per customer
 * where the demo has about 1.6.
 */
public final class RenewalRows {

	// the price periods, each until the next of its subscription, its subscription's end, or the
	// end of the generated history; with how many whole months that is
	private static final String COVERED_MONTHS = """
			WITH bounds AS (
			    SELECT pp.effective_from,
			           coalesce(lead(pp.effective_from) OVER (PARTITION BY pp.subscription_id ORDER BY pp.effective_from),
			                    s.ended_at, :historyEnd) AS until
			    FROM billing.subscription_price_period pp
			    JOIN billing.subscription s ON s.subscription_id = pp.subscription_id
			)
			SELECT coalesce(sum(extract(year FROM age(until, effective_from)) * 12 + extract(month FROM age(until, effective_from))), 0)
			FROM bounds
			WHERE until > effective_from
			""";

	private static final String PERIOD_ROWS = """
			SELECT (SELECT count(*) FROM billing.subscription_price_period)
			     + (SELECT count(*) FROM billing.subscription WHERE trial_ends_at IS NOT NULL)
			""";

	private static final String CUSTOMERS = "SELECT count(*) FROM billing.customer";

	private static final String CUT = """
			WITH bounds AS (
			    SELECT pp.subscription_id, pp.effective_from, pp.plan_code, pp.price,
			           coalesce(lead(pp.effective_from) OVER (PARTITION BY pp.subscription_id ORDER BY pp.effective_from),
			                    s.ended_at, :historyEnd) AS until
			    FROM billing.subscription_price_period pp
			    JOIN billing.subscription s ON s.subscription_id = pp.subscription_id
			)
			INSERT INTO billing.subscription_price_period (subscription_id, effective_from, plan_code, price, change_note)
			SELECT subscription_id, effective_from + make_interval(months => renewal * :every), plan_code, price, 'renewal'
			FROM bounds
			CROSS JOIN LATERAL generate_series(1, CAST((extract(year FROM age(until, effective_from)) * 12
			                                           + extract(month FROM age(until, effective_from))) AS integer) / :every) AS renewal
			WHERE until > effective_from
			  AND effective_from + make_interval(months => renewal * :every) < until
			""";

	private RenewalRows() {
	}

	/**
	 * Adds renewal rows until the history holds about the given number of subscription periods
	 * (the rows of the demo's subscriptions query: price periods and trials) per customer, or as
	 * many as a cut at every month of every period gives, when that is fewer.
	 * @param historyEnd the month after the last generated one, which open periods run until
	 * @return the rows added; none when the history is as dense already
	 */
	public static int add(DataSource billing, int periodsPerCustomer, YearMonth historyEnd, ZoneId zone) {
		JdbcClient client = JdbcClient.create(billing);
		long customers = client.sql(CUSTOMERS).query(Long.class).single();
		long rows = client.sql(PERIOD_ROWS).query(Long.class).single();
		long wanted = periodsPerCustomer * customers - rows;
		long coveredMonths = client.sql(COVERED_MONTHS)
			.param("historyEnd", historyEnd.atDay(1).atStartOfDay(zone).toOffsetDateTime())
			.query(Long.class)
			.single();
		if (wanted <= 0 || coveredMonths == 0) {
			return 0;
		}
		// a cut every `every` months of each period gives about coveredMonths / every rows
		long every = Math.max(1, Math.round((double) coveredMonths / wanted));
		return client.sql(CUT)
			.param("historyEnd", historyEnd.atDay(1).atStartOfDay(zone).toOffsetDateTime())
			.param("every", (int) every)
			.update();
	}

}
