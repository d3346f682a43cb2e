package io.churnreport.metrics;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RevenueRatesTests {

	private static final BigDecimal FULL_MARGIN = BigDecimal.ONE;

	/**
	 * Start 10,000.00; new 1,200, reactivation 300, expansion 900, contraction 250, churned 400,
	 * FX +50: end = 10,000 + 1,200 + 300 + 900 - 250 - 400 + 50 = 11,800.00 over 118 customers;
	 * customer churn rate 0.04.
	 */
	@Test
	void ratesFollowTheirFormulas() {
		RevenueRates rates = RevenueRates.of(bridge("10000.00", "1200.00", "300.00", "900.00", "250.00", "400.00",
				"50.00", "11800.00"), 118, new BigDecimal("0.040000"), new BigDecimal("0.75"));
		// (400 + 250) / 10,000 = 0.065
		assertThat(rates.grossMrrChurnRate()).hasToString("0.065000");
		// (400 + 250 - 900 - 300) / 10,000 = -550 / 10,000: negative churn
		assertThat(rates.netMrrChurnRate()).hasToString("-0.055000");
		// (10,000 - 250 - 400) / 10,000 = 0.935
		assertThat(rates.grr()).hasToString("0.935000");
		// (10,000 + 900 - 250 - 400) / 10,000 = 1.025
		assertThat(rates.nrr()).hasToString("1.025000");
		// (1,200 + 900) / (250 + 400) = 2,100 / 650 = 3.2307692
		assertThat(rates.quickRatio()).hasToString("3.230769");
		// 11,800 / 118 = 100
		assertThat(rates.arpu()).hasToString("100.00");
		// 1 / 0.04 = 25 months
		assertThat(rates.avgLifetimeMonths()).hasToString("25.00");
		// 100 * 0.75 / 0.04 = 1,875
		assertThat(rates.ltv()).hasToString("1875.00");
	}

	@Test
	void moneyAndRatesAreRoundedHalfUp() {
		// start 3.00, churned 1.00: 1 / 3 = 0.3333333; GRR 2 / 3 = 0.6666667
		// end 2.00 + 0.05 (new) = 2.05 over 2 customers: ARPU 1.025 -> 1.03
		// churn rate 0.333333: lifetime 1 / 0.333333 = 3.000003 -> 3.00; LTV 1.03 / 0.333333 = 3.090003 -> 3.09
		RevenueRates rates = RevenueRates.of(bridge("3.00", "0.05", "0.00", "0.00", "0.00", "1.00", "0.00", "2.05"), 2,
				new BigDecimal("0.333333"), FULL_MARGIN);
		assertThat(rates.grossMrrChurnRate()).hasToString("0.333333");
		assertThat(rates.grr()).hasToString("0.666667");
		assertThat(rates.quickRatio()).hasToString("0.050000");
		assertThat(rates.arpu()).hasToString("1.03");
		assertThat(rates.avgLifetimeMonths()).hasToString("3.00");
		assertThat(rates.ltv()).hasToString("3.09");
	}

	@Test
	void withoutStartingMrrTheRatesOverItAreEmpty() {
		RevenueRates rates = RevenueRates.of(bridge("0", "500.00", "0.00", "0.00", "0.00", "0.00", "0.00", "500.00"), 5,
				null, FULL_MARGIN);
		assertThat(rates.grossMrrChurnRate()).isNull();
		assertThat(rates.netMrrChurnRate()).isNull();
		assertThat(rates.grr()).isNull();
		assertThat(rates.nrr()).isNull();
		assertThat(rates.quickRatio()).isNull();
		assertThat(rates.arpu()).hasToString("100.00");
		assertThat(rates.avgLifetimeMonths()).isNull();
		assertThat(rates.ltv()).isNull();
	}

	@Test
	void withNothingLostThereIsNoQuickRatio() {
		RevenueRates rates = RevenueRates.of(bridge("100.00", "10.00", "0.00", "5.00", "0.00", "0.00", "0.00", "115.00"),
				2, new BigDecimal("0.000000"), FULL_MARGIN);
		assertThat(rates.quickRatio()).isNull();
		assertThat(rates.grossMrrChurnRate()).hasToString("0.000000");
		// (0 - 5 - 0) / 100
		assertThat(rates.netMrrChurnRate()).hasToString("-0.050000");
		assertThat(rates.avgLifetimeMonths()).isNull();
		assertThat(rates.ltv()).isNull();
	}

	@Test
	void withoutCustomersAtTheEndThereIsNoArpuNorLtv() {
		RevenueRates rates = RevenueRates.of(bridge("100.00", "0.00", "0.00", "0.00", "0.00", "100.00", "0.00", "0.00"),
				0, new BigDecimal("1.000000"), FULL_MARGIN);
		assertThat(rates.arpu()).isNull();
		assertThat(rates.ltv()).isNull();
		assertThat(rates.avgLifetimeMonths()).hasToString("1.00");
		assertThat(rates.grr()).hasToString("0.000000");
	}

	@Test
	void aZeroGrossMarginGivesAZeroLtv() {
		RevenueRates rates = RevenueRates.of(bridge("100.00", "0.00", "0.00", "0.00", "0.00", "50.00", "0.00", "50.00"),
				1, new BigDecimal("0.500000"), BigDecimal.ZERO);
		assertThat(rates.ltv()).isEqualByComparingTo("0");
	}

	private static MrrBridge bridge(String start, String added, String reactivation, String expansion,
			String contraction, String churned, String fx, String end) {
		return new MrrBridge(new BigDecimal(start), new BigDecimal(added), new BigDecimal(reactivation),
				new BigDecimal(expansion), new BigDecimal(contraction), new BigDecimal(churned), new BigDecimal(fx),
				new BigDecimal(end));
	}

}
