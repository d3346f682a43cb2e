package io.churnreport.metrics;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The month's customer movements: {@code start + new + reactivated - churned = end}, with the MRR
 * at both ends.
 */
public record CustomerBridge(long customersStart, long customersNew, long customersReactivated, long customersChurned,
		long customersEnd, BigDecimal mrrStart, BigDecimal mrrEnd) {

	/** Rates are kept as fractions to six decimals (0.052632 = 5.2632 %). */
	public static final int RATE_SCALE = 6;

	public CustomerBridge {
		if (customersStart + customersNew + customersReactivated - customersChurned != customersEnd) {
			throw new IllegalStateException("Customer bridge does not tie: " + customersStart + " + " + customersNew + " + "
					+ customersReactivated + " - " + customersChurned + " != " + customersEnd);
		}
	}

	/** Churned / customers at start; null when there were no customers at the start. */
	public BigDecimal churnRate() {
		if (customersStart == 0) {
			return null;
		}
		return BigDecimal.valueOf(customersChurned)
			.divide(BigDecimal.valueOf(customersStart), RATE_SCALE, RoundingMode.HALF_UP);
	}

}
