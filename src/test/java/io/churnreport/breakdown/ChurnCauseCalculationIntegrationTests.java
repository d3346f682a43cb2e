package io.churnreport.breakdown;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.churnreport.breakdown.BreakdownTestDatabase.num;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Voluntary vs involuntary churn on hand-written churned customers of March 2025:
 *
 * <pre>
 * customer  mrr_lost  end_cause    counts as
 * A            30.00  nonpayment   involuntary
 * B            50.00  voluntary    voluntary
 * C            40.00  (null)       voluntary: no end cause recorded
 * D            12.34  voluntary    voluntary
 * voluntary   3 customers, 50.00 + 40.00 + 12.34 = 102.34
 * involuntary 1 customer,  30.00
 * </pre>
 *
 * A non-payment churner of February must not be counted in March.
 */
class ChurnCauseCalculationIntegrationTests {

	private static BreakdownTestDatabase database;

	private static ChurnCauseCalculation calculation;

	@BeforeAll
	static void insertChurnedCustomers() {
		database = BreakdownTestDatabase.create("churn_cause");
		database.execute("""
				INSERT INTO mart.churned_customer (month, customer_id, mrr_lost, reason_class, end_cause) VALUES
				 ('2025-03-01', 'A', 30.00, 'managed',   'nonpayment'),
				 ('2025-03-01', 'B', 50.00, 'managed',   'voluntary'),
				 ('2025-03-01', 'C', 40.00, 'no_reason', NULL),
				 ('2025-03-01', 'D', 12.34, 'unmanaged', 'voluntary'),
				 ('2025-02-01', 'E', 99.00, 'managed',   'nonpayment');
				""");
		calculation = new ChurnCauseCalculation(database.jdbc, database.metricStore);
	}

	@Test
	void splitsTheMonthsChurnByEndCauseWithNoCauseCountedAsVoluntary() {
		calculation.calculate(BreakdownTestDatabase.context("2025-03", "UTC"));

		assertThat(database.metrics("2025-03")).containsEntry("churned_voluntary", num("3"))
			.containsEntry("churned_involuntary", num("1"))
			.containsEntry("mrr_churned_voluntary", num("102.34"))
			.containsEntry("mrr_churned_involuntary", num("30.00"));
	}

	@Test
	void isIdempotent() {
		calculation.calculate(BreakdownTestDatabase.context("2025-03", "UTC"));
		calculation.calculate(BreakdownTestDatabase.context("2025-03", "UTC"));

		assertThat(database.metrics("2025-03")).containsEntry("churned_voluntary", num("3"))
			.containsEntry("churned_involuntary", num("1"));
	}

	@Test
	void storesZerosForAMonthWithoutChurn() {
		calculation.calculate(BreakdownTestDatabase.context("2025-04", "UTC"));

		assertThat(database.metrics("2025-04")).containsEntry("churned_voluntary", num("0"))
			.containsEntry("churned_involuntary", num("0"))
			.containsEntry("mrr_churned_voluntary", num("0.00"))
			.containsEntry("mrr_churned_involuntary", num("0.00"));
	}

}
