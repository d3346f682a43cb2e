package io.churnreport.breakdown;

import io.churnreport.system.InvalidConfigurationException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.churnreport.breakdown.BreakdownTestDatabase.num;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Same-month churn in March 2025 (UTC): a non-trial period with amount > 0 starting in
 * [1 Mar 00:00, 1 Apr 00:00), and no MRR at the end of March or of any earlier month.
 *
 * <pre>
 * customer  periods (non-trial unless said)                       month-end MRR   same-month
 * S1        5-25 Mar, 30 monthly                                  -               yes, 30.00
 * S2        trial 20 Feb-2 Mar; 2-10 Mar and 10-28 Mar,           -               yes, 16.67: 100/12 + 100/12 =
 *           each 100 annual                                                       16.666.. rounded once per customer
 *                                                                                 (8.33 + 8.33 would be 16.66)
 * S3        from 10 Mar, open, 45 monthly                         Mar 45          no: still paying at the end of March
 * S4        1-20 Nov 2024 paid; 3-20 Mar 2025, 20 monthly         Nov 2024 20     no: had MRR before (a comeback)
 * S5        trial 1-15 Mar with amount 20                         -               no: trial
 * S6        20 Feb-10 Mar, 25 monthly                             Feb 25          no: churned in March (was paying at end of Feb)
 * S7        10-25 Feb, 40 monthly                                 -               no: same-month churn of February
 * S8        5-20 Mar, amount 0 (free plan)                        -               no: amount 0
 * S9        1 Mar 00:00-31 Mar 00:00, 12.50 monthly               -               yes, 12.50 (starts on the first instant)
 * S10       from 1 Apr 00:00, open                                -               no: starts in April
 * S11       5-20 Mar, 30 EUR monthly; EUR = 1.1 USD at the end    -               yes, 33.00 (not at February's 2.0)
 *           of March, 2.0 at the end of February
 * </pre>
 *
 * churned_same_month = 4 (S1, S2, S9, S11);
 * mrr_churned_same_month = 30.00 + 16.67 + 12.50 + 33.00 = 92.17 (reporting currency USD).
 */
class SameMonthChurnCalculationIntegrationTests {

	private static BreakdownTestDatabase database;

	private static SameMonthChurnCalculation calculation;

	@BeforeAll
	static void insertPeriodsAndMonthEndMrr() {
		database = BreakdownTestDatabase.create("same_month_churn");
		database.execute("""
				INSERT INTO staging.subscription_period
				    (run_month, subscription_id, customer_id, plan_code, valid_from, valid_to, amount, interval_months, is_trial)
				VALUES
				 ('2025-03-01', 's1',   'S1',  'basic',  '2025-03-05 00:00+00', '2025-03-25 00:00+00', 30,    1, false),
				 ('2025-03-01', 's2t',  'S2',  'basic',  '2025-02-20 00:00+00', '2025-03-02 00:00+00',  0,    1, true),
				 ('2025-03-01', 's2a',  'S2',  'annual', '2025-03-02 00:00+00', '2025-03-10 00:00+00', 100, 12, false),
				 ('2025-03-01', 's2b',  'S2',  'annual', '2025-03-10 00:00+00', '2025-03-28 00:00+00', 100, 12, false),
				 ('2025-03-01', 's3',   'S3',  'pro',    '2025-03-10 00:00+00', NULL,                  45,    1, false),
				 ('2025-03-01', 's4a',  'S4',  'basic',  '2024-11-01 00:00+00', '2024-12-20 00:00+00', 20,    1, false),
				 ('2025-03-01', 's4b',  'S4',  'basic',  '2025-03-03 00:00+00', '2025-03-20 00:00+00', 20,    1, false),
				 ('2025-03-01', 's5',   'S5',  'basic',  '2025-03-01 00:00+00', '2025-03-15 00:00+00', 20,    1, true),
				 ('2025-03-01', 's6',   'S6',  'basic',  '2025-02-20 00:00+00', '2025-03-10 00:00+00', 25,    1, false),
				 ('2025-03-01', 's7',   'S7',  'basic',  '2025-02-10 00:00+00', '2025-02-25 00:00+00', 40,    1, false),
				 ('2025-03-01', 's8',   'S8',  'free',   '2025-03-05 00:00+00', '2025-03-20 00:00+00',  0,    1, false),
				 ('2025-03-01', 's9',   'S9',  'basic',  '2025-03-01 00:00+00', '2025-03-31 00:00+00', 12.50, 1, false),
				 ('2025-03-01', 's10',  'S10', 'basic',  '2025-04-01 00:00+00', NULL,                  10,    1, false);
				INSERT INTO staging.subscription_period
				    (run_month, subscription_id, customer_id, plan_code, valid_from, valid_to, amount, interval_months, is_trial,
				     currency)
				VALUES
				 ('2025-03-01', 's11',  'S11', 'basic',  '2025-03-05 00:00+00', '2025-03-20 00:00+00', 30,    1, false, 'eur');
				INSERT INTO staging.fx_rate (run_month, month, currency, rate) VALUES
				 ('2025-03-01', '2025-02-01', 'EUR', 2.0),
				 ('2025-03-01', '2025-03-01', 'EUR', 1.1);
				INSERT INTO staging.customer_month_mrr (run_month, customer_id, month, mrr, mrr_at_previous_rates) VALUES
				 ('2025-03-01', 'S3', '2025-03-01', 45.00, 45.00),
				 ('2025-03-01', 'S4', '2024-11-01', 20.00, 20.00),
				 ('2025-03-01', 'S6', '2025-02-01', 25.00, 25.00);
				""");
		calculation = new SameMonthChurnCalculation(database.jdbc, database.metricStore, "USD");
	}

	@Test
	void countsCustomersWhoStartedPayingAndLeftWithinTheMonth() {
		calculation.calculate(BreakdownTestDatabase.context("2025-03", "UTC"));

		assertThat(database.metrics("2025-03")).containsEntry("churned_same_month", num("4"))
			.containsEntry("mrr_churned_same_month", num("92.17"));
	}

	@Test
	void readsTheStagingOfTheMonthsOwnRun() {
		// February's run staged S6 (still open then) and S7, which joined and left in February; the
		// month-end MRR kept across runs has S6 at the end of February (and March's S3 after it)
		database.execute("""
				INSERT INTO staging.subscription_period
				    (run_month, subscription_id, customer_id, plan_code, valid_from, valid_to, amount, interval_months, is_trial)
				VALUES
				 ('2025-02-01', 's6', 'S6', 'basic', '2025-02-20 00:00+00', NULL,                  25, 1, false),
				 ('2025-02-01', 's7', 'S7', 'basic', '2025-02-10 00:00+00', '2025-02-25 00:00+00', 40, 1, false);
				""");

		calculation.calculate(BreakdownTestDatabase.context("2025-02", "UTC"));

		assertThat(database.metrics("2025-02")).containsEntry("churned_same_month", num("1"))
			.containsEntry("mrr_churned_same_month", num("40.00"));
	}

	@Test
	void failsNamingTheCurrencyAndMonthWhenARateIsMissing() {
		database.execute("""
				INSERT INTO staging.subscription_period
				    (run_month, subscription_id, customer_id, plan_code, valid_from, valid_to, amount, interval_months, is_trial,
				     currency)
				VALUES
				 ('2025-04-01', 's12', 'S12', 'basic', '2025-04-03 00:00+00', '2025-04-10 00:00+00', 10, 1, false, 'CHF');
				""");

		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> calculation.calculate(BreakdownTestDatabase.context("2025-04", "UTC")))
			.withMessageContaining("No exchange rate for CHF in 2025-04")
			.withMessageContaining("fx-rates.csv");
	}

	@Test
	void storesZerosForAMonthWithNobodyJoiningAndLeaving() {
		calculation.calculate(BreakdownTestDatabase.context("2025-05", "UTC"));

		assertThat(database.metrics("2025-05")).containsEntry("churned_same_month", num("0"))
			.containsEntry("mrr_churned_same_month", num("0.00"));
	}

}
