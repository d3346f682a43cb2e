package io.churnreport.period;

import java.math.BigDecimal;
import java.time.Month;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.churnreport.period.PeriodCustomers.CustomerMonths;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The period rules on a hand-built quarter, 2025-Q2 (April to June; its start is the end of
 * March). X = MRR > 0 at the month's end:
 *
 * <pre>
 * customer   earlier  Mar  Apr  May  Jun
 * a                    X    X    X    X    retained
 * b                    X    X              churned in May: churned
 * c                    X         X    X    left in April, back in May: retained, neither churned nor reactivated
 * d                         X    X    X    first paid in April: new
 * e                              X         first paid in May, gone in June: joined and left
 * f           X                  X    X    paid last year, back in May: reactivated
 * g           X             X              paid last year, back in April, gone in May: joined and left
 * h                    X    X    X         gone in June: churned
 * start 4 (a b c h), end 4 (a c d f): 4 + 1 new (d) + 1 reactivated (f) - 2 churned (b h) = 4;
 * joined and left 2 (e g); period churn rate 2 / 4 = 0.5
 * </pre>
 */
class PeriodRulesTests {

	private final ReportingPeriod quarter = ReportingPeriod.quarter("2025-Q2", Month.JANUARY);

	@Test
	void countsCustomersByWhereTheyStandAtTheTwoEndsAndJoinedAndLeftApart() {
		PeriodCustomers customers = PeriodCustomers.of(quarter, List.of(customer("a", false, 3, 4, 5, 6),
				customer("b", false, 3, 4), customer("c", false, 3, 5, 6), customer("d", false, 4, 5, 6),
				customer("e", false, 5), customer("f", true, 5, 6), customer("g", true, 4), customer("h", false, 3, 4, 5)));

		assertThat(customers).isEqualTo(new PeriodCustomers(4, 1, 1, 2, 4, 2));
	}

	@Test
	void aBridgeOfCustomersThatDoesNotTieIsRefused() {
		assertThatIllegalStateException().isThrownBy(() -> new PeriodCustomers(4, 1, 1, 2, 5, 0))
			.withMessageContaining("4 + 1 + 1 - 2 != 5");
	}

	@Test
	void thePeriodsTargetCompoundsItsMonthsTargetsAndNeedsOneForEveryMonth() {
		// 1 - 0.98 x 0.98 x 0.97 = 1 - 0.931588 = 0.068412
		List<BigDecimal> targets = List.of(new BigDecimal("0.020000"), new BigDecimal("0.020000"), new BigDecimal("0.030000"));
		assertThat(PeriodChurnRates.target(targets, 3)).isEqualByComparingTo("0.068412");
		// a month without a target (a null value, or no row at all) leaves the period without one
		assertThat(PeriodChurnRates.target(Arrays.asList(new BigDecimal("0.020000"), null, new BigDecimal("0.030000")), 3))
			.isNull();
		assertThat(PeriodChurnRates.target(targets.subList(0, 2), 3)).isNull();
	}

	@Test
	void averagesAndCompoundsTheMonthlyRatesLeavingOutEmptyOnes() {
		// (0.1 + 0.1 + 0.333333) / 3 = 0.177777667 -> 0.177778; 1 - 0.9 x 0.9 x 0.666667 = 0.45999973 -> 0.460000
		List<BigDecimal> rates = List.of(new BigDecimal("0.100000"), new BigDecimal("0.100000"), new BigDecimal("0.333333"));
		assertThat(PeriodChurnRates.average(rates)).isEqualByComparingTo("0.177778");
		assertThat(PeriodChurnRates.compounded(rates)).isEqualByComparingTo("0.460000");
		// a month with nobody at its start has no rate: (0.2 + 0.1) / 2; 1 - 0.8 x 0.9 = 0.28
		assertThat(PeriodChurnRates.average(Arrays.asList(null, new BigDecimal("0.2"), new BigDecimal("0.1"))))
			.isEqualByComparingTo("0.150000");
		assertThat(PeriodChurnRates.compounded(Arrays.asList(null, new BigDecimal("0.2"), new BigDecimal("0.1"))))
			.isEqualByComparingTo("0.280000");
		assertThat(PeriodChurnRates.average(Arrays.asList(null, null))).isNull();
		assertThat(PeriodChurnRates.compounded(List.of())).isNull();
	}

	@Test
	void theMrrBridgeTiesToTheCentOrNot() {
		// 485.00 + 143.33 + 70.00 + 15.00 - 15.00 - 270.00 + 0.00 = 428.33
		PeriodMrrBridge bridge = new PeriodMrrBridge(new BigDecimal("485.00"), new BigDecimal("143.33"),
				new BigDecimal("70.00"), new BigDecimal("15.00"), new BigDecimal("15.00"), new BigDecimal("270.00"),
				new BigDecimal("0.00"), new BigDecimal("428.33"));
		assertThat(bridge.ties()).isTrue();
		// (270 + 15) / 485; (270 + 15 - 15 - 70) / 485; (143.33 + 15) / (15 + 270)
		assertThat(bridge.grossMrrChurnRate()).isEqualByComparingTo("0.587629");
		assertThat(bridge.netMrrChurnRate()).isEqualByComparingTo("0.412371");
		assertThat(bridge.quickRatio()).isEqualByComparingTo("0.555544");

		PeriodMrrBridge offByACent = new PeriodMrrBridge(new BigDecimal("485.00"), new BigDecimal("143.33"),
				new BigDecimal("70.00"), new BigDecimal("15.00"), new BigDecimal("15.00"), new BigDecimal("270.00"),
				new BigDecimal("0.00"), new BigDecimal("428.34"));
		assertThat(offByACent.ties()).isFalse();
	}

	@Test
	void trailingRetentionCapsEachCustomerAtItsRevenueThenForGrr() {
		// then: x 100, y 50; now: x 130 (expanded), y 0 (left); NRR 130 / 150 = 0.866667; GRR (100 + 0) / 150 = 0.666667
		TrailingRetention retention = TrailingRetention
			.of(new BigDecimal("150.00"), new BigDecimal("130.00"), new BigDecimal("100.00"))
			.orElseThrow();
		assertThat(retention.nrr()).isEqualByComparingTo("0.866667");
		assertThat(retention.grr()).isEqualByComparingTo("0.666667");
		assertThat(TrailingRetention.of(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO)).isEmpty();
	}

	private static CustomerMonths customer(String id, boolean activeEarlier, int... months2025) {
		Set<YearMonth> active = Arrays.stream(months2025).mapToObj(month -> YearMonth.of(2025, month)).collect(Collectors.toSet());
		return new CustomerMonths(id, active, activeEarlier);
	}

}
