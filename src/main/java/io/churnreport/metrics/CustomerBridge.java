package io.churnreport.metrics;

import java.math.BigDecimal;
import io.churnreport.month.MetricScales;

/**
 * The month's customer movements: {@code start + new + reactivated - churned = end}, with the MRR
 * at both ends.
 */
public record CustomerBridge(long customersStart, long customersNew, long customersReactivated, long customersChurned,
		long customersEnd, BigDecimal mrrStart, BigDecimal mrrEnd) {

	public CustomerBridge {
		if (customersStart + customersNew + customersReactivated - customersChurned != customersEnd) {
			throw new IllegalStateException("Customer bridge does not tie: " + customersStart + " + " + customersNew + " + "
					+ customersReactivated + " - " + customersChurned + " != " + customersEnd);
		}
	}

	/** Churned / customers at start; null when there were no customers at the start. */
	public BigDecimal churnRate() {
		return MetricScales.rate(customersChurned, customersStart);
	}

}
