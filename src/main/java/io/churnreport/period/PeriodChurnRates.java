package io.churnreport.period;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Objects;

import io.churnreport.month.MetricScales;

/**
 * The two ways a period's churn is often guessed from its months, shown beside the period churn
 * rate so that a reader sees why they differ from it: the average of the monthly rates, and the
 * rate compounded over the months, {@code 1 - Π(1 - monthly)}. Both take the monthly rates as the
 * mart holds them (six decimals); a month whose rate is empty (nobody at its start) is left out,
 * and both are empty when every month's is. And the period's target, the months' targets compounded
 * the same way.
 */
public final class PeriodChurnRates {

	private PeriodChurnRates() {
	}

	public static BigDecimal average(List<BigDecimal> monthlyRates) {
		List<BigDecimal> rates = monthlyRates.stream().filter(Objects::nonNull).toList();
		if (rates.isEmpty()) {
			return null;
		}
		BigDecimal sum = rates.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
		return MetricScales.rate(sum, BigDecimal.valueOf(rates.size()));
	}

	public static BigDecimal compounded(List<BigDecimal> monthlyRates) {
		List<BigDecimal> rates = monthlyRates.stream().filter(Objects::nonNull).toList();
		if (rates.isEmpty()) {
			return null;
		}
		BigDecimal retained = BigDecimal.ONE;
		for (BigDecimal rate : rates) {
			retained = retained.multiply(BigDecimal.ONE.subtract(rate), MathContext.DECIMAL64);
		}
		return MetricScales.rate(BigDecimal.ONE.subtract(retained));
	}

	/**
	 * The period's target from its months' targets, compounded as its months' rates are: a period
	 * kept to its months' targets ends at its own. Empty unless every month has a target, as a
	 * target for part of a period says nothing of the whole.
	 */
	public static BigDecimal target(List<BigDecimal> monthlyTargets, int months) {
		if (monthlyTargets.size() != months || monthlyTargets.stream().anyMatch(Objects::isNull)) {
			return null;
		}
		return compounded(monthlyTargets);
	}

}
