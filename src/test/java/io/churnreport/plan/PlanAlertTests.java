package io.churnreport.plan;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlanAlertTests {

	@Test
	void aboveTargetSaysByHowManyPoints() {
		PlanAlert alert = PlanAlert.aboveTarget("churn_rate", "Churn rate", new BigDecimal("0.041000"),
				new BigDecimal("0.025000"));

		// 4.1% - 2.5% = 1.6 points
		assertThat(alert).isEqualTo(new PlanAlert("above_target", "churn_rate", new BigDecimal("0.041000"),
				new BigDecimal("0.025000"), "Churn rate 4.10% is 1.60 points above the target of 2.50%"));
	}

	@Test
	void aRiseAgainstTheAverageHasTheUpperBoundAsThreshold() {
		PlanAlert alert = PlanAlert.churnRateMove(new BigDecimal("0.041000"), new BigDecimal("0.025000"), 3,
				new BigDecimal("0.010000"));

		// bound = 0.025 + 0.01 = 0.035
		assertThat(alert.threshold()).isEqualByComparingTo("0.035");
		assertThat(alert.message()).isEqualTo("Churn rate 4.10% is 1.60 points above the 3-month average of 2.50%");
	}

	@Test
	void aFallAgainstAnAverageOfFewerMonthsSaysSo() {
		PlanAlert alert = PlanAlert.churnRateMove(new BigDecimal("0.010000"), new BigDecimal("0.025000"), 2,
				new BigDecimal("0.010000"));

		// bound = 0.025 - 0.01 = 0.015
		assertThat(alert.threshold()).isEqualByComparingTo("0.015");
		assertThat(alert.message()).isEqualTo("Churn rate 1.00% is 1.50 points below the 3-month average of 2.50%"
				+ " (only 2 of the previous 3 months have a churn rate)");
	}

	@Test
	void categoryThresholdNamesTheCategoryAndItsCustomers() {
		PlanAlert alert = PlanAlert.categoryThreshold("price", 1, new BigDecimal("0.012346"), new BigDecimal("0.010000"));

		assertThat(alert.message())
			.isEqualTo("Reason category price: 1 churned customer, 1.23% of customers at start, above its threshold of 1.00%");
	}

	@Test
	void onePointIsSingular() {
		assertThat(PlanAlert.points(new BigDecimal("-0.01"))).isEqualTo("1.00 point");
		assertThat(PlanAlert.points(new BigDecimal("0.000049"))).isEqualTo("0.00 points");
		assertThat(PlanAlert.percent(new BigDecimal("0.000050"))).isEqualTo("0.01%");
	}

}
