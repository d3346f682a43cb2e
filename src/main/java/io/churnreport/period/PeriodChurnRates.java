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
 * and both are empty when every month's is.
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

}
