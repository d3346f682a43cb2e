package io.churnreport.job;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.churnreport.support.FixtureInstallation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A month in which every customer leaves, and after it a month without any paid subscription, run
 * one after the other so that the empty month computes only its own month end (months cut in
 * Europe/Istanbul, amounts in EUR). The fixture's billing and CRM rows are replaced by:
 *
 * <pre>
 * customer  periods                                                        Nov..Dec MRR   Jan  Feb
 * 1         monthly 100, 1 Sep 2024 - 15 Jan 2025, voluntary (CRM: price)   100             -    -
 * 2         annual 600, 10 Dec 2024 - 20 Jan 2025, nonpayment (no CRM)      Dec: 50         -    -
 * 3         a trial from 25 Jan 2025 that never converts                    -               -    -
 * </pre>
 */
class EmptyMonthIntegrationTests {

	private static final String TWO_CUSTOMERS_WHO_BOTH_LEAVE_IN_JANUARY = """
			DELETE FROM bill;
			DELETE FROM price_period;
			DELETE FROM account;
			INSERT INTO account VALUES
			 (1, '2024-09-01 00:00+03', 'consumer', 'north'),
			 (2, '2024-12-10 00:00+03', 'business', 'south'),
			 (3, '2025-01-25 00:00+03', 'consumer', 'north');
			INSERT INTO price_period VALUES
			 (101, 1, 'basic',  '2024-09-01 00:00+03', '2025-01-15 00:00+03', 100.00, 1,  'EUR', false, 'voluntary'),
			 (201, 2, 'annual', '2024-12-10 00:00+03', '2025-01-20 00:00+03', 600.00, 12, 'EUR', false, 'nonpayment'),
			 (301, 3, 'trial',  '2025-01-25 00:00+03', NULL,                  0.00,   1,  'EUR', true,  NULL);
			INSERT INTO bill VALUES
			 (1, 1, '2024-12-01 00:00+03', 100.00, 'EUR', '2024-12-02 00:00+03'),
			 (2, 2, '2024-12-10 00:00+03', 600.00, 'EUR', NULL);
			""";

	@TempDir
	Path directory;

	@Test
	void aMonthWhereEveryoneLeavesAndAMonthWithoutPaidSubscriptionsAfterItCompleteWithTheirFigures() {
		FixtureInstallation installation = FixtureInstallation.create(directory);
		installation.billing().sql(TWO_CUSTOMERS_WHO_BOTH_LEAVE_IN_JANUARY).update();
		installation.crm().sql("""
				DELETE FROM churn_request;
				INSERT INTO churn_request (client, asked, takes_effect, why, note, rival, result)
				VALUES (1, '2025-01-05 10:00', '2025-01-15 00:00', 'price_too_high', 'Too expensive', NULL, 'churned');
				""").update();

		// February runs after January, so it computes only its own month end, in which nothing weighs
		// anything (every period ended before February or is a trial): it used to divide by that weight
		installation.runSucceeding("run", "--month", "2024-12");
		installation.runSucceeding("run", "--month", "2025-01");
		installation.runSucceeding("run", "--month", "2025-02");

		// January: 2 at start (100 + 600 / 12 = 150.00), both churned: churn rate 2 / 2; both managed (1 by its
		// CRM reason, 2 by its nonpayment end); gross and net MRR churn 150 / 150, GRR and NRR (150 - 150) / 150;
		// quick ratio (0 + 0) / (0 + 150) = 0; no customer at the end: no ARPU, so no LTV; lifetime 1 / 1.000000;
		// 1 voluntary (100), 1 involuntary (50); 2 is early (10 Dec to 20 Jan, 41 days < 90): 1 of 2 churned;
		// 1 request, lost; managed 2 / 2; trailing average of December's 0.000000 alone, moved by 1.0 > 0.01
		assertThat(installation.read("2025-01", "summary.csv")).isEqualTo("""
				metric,value
				customers_start,2
				customers_new,0
				customers_reactivated,0
				customers_churned,2
				customers_end,0
				churn_rate,1.000000
				mrr_start,150.00
				mrr_end,0.00
				churned_managed,2
				churned_unmanaged,0
				churned_unclassified,0
				churned_no_reason,0
				mrr_new,0.00
				mrr_reactivation,0.00
				mrr_expansion,0.00
				mrr_contraction,0.00
				mrr_churned,150.00
				mrr_fx,0.00
				gross_mrr_churn_rate,1.000000
				net_mrr_churn_rate,1.000000
				grr,0.000000
				nrr,0.000000
				quick_ratio,0.000000
				arpu,
				avg_lifetime_months,1.00
				ltv,
				churned_voluntary,1
				churned_involuntary,1
				mrr_churned_voluntary,100.00
				mrr_churned_involuntary,50.00
				churned_early,1
				mrr_churned_early,50.00
				early_churn_share,0.500000
				churned_same_month,0
				mrr_churned_same_month,0.00
				churned_to_competitors,0
				hidden_churn_customers,0
				hidden_churn_mrr,0.00
				hidden_churn_confirmed,0
				hidden_churn_confirmed_rate,
				cancellation_requests,1
				saved,0
				lost_at_desk,1
				save_rate,0.000000
				saved_then_churned_90d,0
				target_churn_rate,
				churn_rate_variance,
				managed_churn_rate,1.000000
				target_managed_churn_rate,
				managed_churn_rate_variance,
				churn_rate_trailing_3m_avg,0.000000
				alerts_raised,1
				at_risk_red_customers,
				at_risk_red_mrr,
				at_risk_yellow_customers,
				at_risk_yellow_mrr,
				risk_list_auc,
				risk_tenure_rule_auc,
				""");
		assertThat(installation.read("2025-01", "churn-by-reason.csv")).isEqualTo("""
				reason_class,category,reason_code,reason_label,customers,mrr_lost
				managed,price,price_too_high,Price too high,1,100.00
				managed,payment,nonpayment,Payment failed,1,50.00
				""");

		// February: nobody at either end. Counts and money are 0, every rate whose denominator is 0 is empty
		// (churn rate, the rates over mrr_start, the quick ratio with nothing lost, ARPU, lifetime, LTV, early
		// churn share, save rate, managed churn rate); January flagged nobody, so 0 confirmed and no rate; the
		// trailing average of January and December is (1.000000 + 0.000000) / 2, and no rate, no move alert
		assertThat(installation.read("2025-02", "summary.csv")).isEqualTo("""
				metric,value
				customers_start,0
				customers_new,0
				customers_reactivated,0
				customers_churned,0
				customers_end,0
				churn_rate,
				mrr_start,0.00
				mrr_end,0.00
				churned_managed,0
				churned_unmanaged,0
				churned_unclassified,0
				churned_no_reason,0
				mrr_new,0.00
				mrr_reactivation,0.00
				mrr_expansion,0.00
				mrr_contraction,0.00
				mrr_churned,0.00
				mrr_fx,0.00
				gross_mrr_churn_rate,
				net_mrr_churn_rate,
				grr,
				nrr,
				quick_ratio,
				arpu,
				avg_lifetime_months,
				ltv,
				churned_voluntary,0
				churned_involuntary,0
				mrr_churned_voluntary,0.00
				mrr_churned_involuntary,0.00
				churned_early,0
				mrr_churned_early,0.00
				early_churn_share,
				churned_same_month,0
				mrr_churned_same_month,0.00
				churned_to_competitors,0
				hidden_churn_customers,0
				hidden_churn_mrr,0.00
				hidden_churn_confirmed,0
				hidden_churn_confirmed_rate,
				cancellation_requests,0
				saved,0
				lost_at_desk,0
				save_rate,
				saved_then_churned_90d,0
				target_churn_rate,
				churn_rate_variance,
				managed_churn_rate,
				target_managed_churn_rate,
				managed_churn_rate_variance,
				churn_rate_trailing_3m_avg,0.500000
				alerts_raised,0
				at_risk_red_customers,
				at_risk_red_mrr,
				at_risk_yellow_customers,
				at_risk_yellow_mrr,
				risk_list_auc,
				risk_tenure_rule_auc,
				""");
		assertThat(installation.read("2025-02", "churn-by-reason.csv")).isEqualTo(
				"reason_class,category,reason_code,reason_label,customers,mrr_lost\n");
		assertThat(installation.read("2025-02", "alerts.csv")).isEqualTo("alert_type,subject,actual,threshold,message\n");
		// cohorts 2024-09 (1, 100.00) and 2024-12 (2, 50.00): nobody left by February
		assertThat(installation.read("2025-02", "cohort-retention.csv")).contains(
				"2024-09,5,0,1,0.000000,100.00,0.00,0.000000\n", "2024-12,2,0,1,0.000000,50.00,0.00,0.000000\n");
		assertThat(installation.read("2025-02", "trend.csv")).endsWith("""
				2025-01,2,0,2,0,1.000000,150.00,0.00,0.00,0.00,0.00,150.00,1.000000,0.000000,,2,0,
				2025-02,0,0,0,0,,0.00,0.00,0.00,0.00,0.00,0.00,,,,0,0,
				""");
		// the mart holds the same: an empty rate is null, not 0
		assertThat(installation.reporting()
			.sql("""
					SELECT metric || '=' || coalesce(value::text, 'null') FROM mart.monthly_metric
					WHERE month = '2025-02-01' AND metric IN ('churn_rate', 'mrr_end', 'nrr') ORDER BY metric""")
			.query(String.class)
			.list()).containsExactly("churn_rate=null", "mrr_end=0.00", "nrr=null");
	}

}
