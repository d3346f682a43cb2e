package io.churnreport.breakdown;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.churnreport.breakdown.BreakdownTestDatabase.num;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Early churn in May 2025, reporting time zone Europe/Berlin (summer time from 30 March). Tenure
 * runs from the first non-trial period's start to the latest end of a non-trial period that ended
 * in May (from 1 May 00:00 to 1 June 00:00), or to 1 June 00:00 when none did; early = fewer than
 * 90 calendar days:
 *
 * <pre>
 * customer  mrr_lost  paid from        paid to            tenure  early (90)  early (100)
 * E1           10.00  1 Mar +01:00     30 May +02:00      90 d    no          yes   crosses DST: 89 d 23 h elapsed
 * E2           20.00  2 Mar            30 May             89 d    yes         yes
 * E3           30.00  10 Mar (trial    20 May             71 d    yes         yes   from 1 Jan with the trial
 *                     1 Jan-10 Mar)
 * E4           40.00  1 Jan 2024       15 May 2025        500 d   no          no    two periods, the first long ago
 * E5           25.00  10 Mar           1 Jun (none ended) 83 d    yes         yes
 * E6           60.00  1 Mar            1 Jun (none ended) 92 d    no          yes
 * E7            5.00  (trial only)     -                  -       no          no    tenure unknown
 * N1                  1 Apr            -                          not churned: not counted
 * </pre>
 *
 * 90 days: early E2, E3, E5 = 3 of 7, MRR 20 + 30 + 25 = 75.00, share 3/7 = 0.428571.
 * 100 days: early E1, E2, E3, E5, E6 = 5 of 7, MRR 10 + 20 + 30 + 25 + 60 = 145.00,
 * share 5/7 = 0.714286.
 * E3 also has a period that ended on 15 April, which is not the end of its paid service in May.
 */
class EarlyChurnCalculationIntegrationTests {

	private static final String ZONE = "Europe/Berlin";

	private static BreakdownTestDatabase database;

	@BeforeAll
	static void insertChurnedCustomersAndTheirPeriods() {
		database = BreakdownTestDatabase.create("early_churn");
		database.execute("""
				INSERT INTO mart.churned_customer (month, customer_id, mrr_lost, reason_class) VALUES
				 ('2025-05-01', 'E1', 10.00, 'managed'),
				 ('2025-05-01', 'E2', 20.00, 'managed'),
				 ('2025-05-01', 'E3', 30.00, 'managed'),
				 ('2025-05-01', 'E4', 40.00, 'managed'),
				 ('2025-05-01', 'E5', 25.00, 'no_reason'),
				 ('2025-05-01', 'E6', 60.00, 'no_reason'),
				 ('2025-05-01', 'E7',  5.00, 'no_reason');
				INSERT INTO staging.subscription_period
				    (run_month, subscription_id, customer_id, plan_code, valid_from, valid_to, amount, interval_months, is_trial)
				VALUES
				 ('2025-05-01', 's1',  'E1', 'basic', '2025-03-01 00:00+01', '2025-05-30 00:00+02', 10, 1, false),
				 ('2025-05-01', 's2',  'E2', 'basic', '2025-03-02 00:00+01', '2025-05-30 00:00+02', 20, 1, false),
				 ('2025-05-01', 's3t', 'E3', 'basic', '2025-01-01 00:00+01', '2025-03-10 00:00+01',  0, 1, true),
				 ('2025-05-01', 's3',  'E3', 'basic', '2025-03-10 00:00+01', '2025-04-15 00:00+02', 15, 1, false),
				 ('2025-05-01', 's3b', 'E3', 'tv',    '2025-04-15 00:00+02', '2025-05-20 00:00+02', 30, 1, false),
				 ('2025-05-01', 's4a', 'E4', 'pro',   '2024-01-01 00:00+01', '2025-02-01 00:00+01', 40, 1, false),
				 ('2025-05-01', 's4b', 'E4', 'pro',   '2025-02-01 00:00+01', '2025-05-15 00:00+02', 40, 1, false),
				 ('2025-05-01', 's5',  'E5', 'basic', '2025-03-10 00:00+01', NULL,                  25, 1, false),
				 ('2025-05-01', 's6',  'E6', 'pro',   '2025-03-01 00:00+01', NULL,                  60, 1, false),
				 ('2025-05-01', 's7',  'E7', 'basic', '2025-04-01 00:00+02', '2025-05-10 00:00+02',  5, 1, true),
				 ('2025-05-01', 'sn',  'N1', 'basic', '2025-04-01 00:00+02', '2025-05-10 00:00+02', 10, 1, false);
				""");
	}

	@Test
	void countsChurnersWithFewerPaidCalendarDaysThanTheThreshold() {
		new EarlyChurnCalculation(database.jdbc, database.metricStore, 90)
			.calculate(BreakdownTestDatabase.context("2025-05", ZONE));

		assertThat(database.metrics("2025-05")).containsEntry("churned_early", num("3"))
			.containsEntry("mrr_churned_early", num("75.00"))
			.containsEntry("early_churn_share", num("0.428571"));
	}

	@Test
	void usesTheConfiguredNumberOfDays() {
		new EarlyChurnCalculation(database.jdbc, database.metricStore, 100)
			.calculate(BreakdownTestDatabase.context("2025-05", ZONE));

		assertThat(database.metrics("2025-05")).containsEntry("churned_early", num("5"))
			.containsEntry("mrr_churned_early", num("145.00"))
			.containsEntry("early_churn_share", num("0.714286"));
	}

	@Test
	void leavesTheShareEmptyWhenNobodyChurned() {
		new EarlyChurnCalculation(database.jdbc, database.metricStore, 90)
			.calculate(BreakdownTestDatabase.context("2025-06", ZONE));

		assertThat(database.metrics("2025-06")).containsEntry("churned_early", num("0"))
			.containsEntry("mrr_churned_early", num("0.00"))
			.containsEntry("early_churn_share", null);
	}

}
