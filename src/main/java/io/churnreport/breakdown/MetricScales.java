package io.churnreport.breakdown;

import java.math.BigDecimal;
import java.math.RoundingMode;

import io.churnreport.metrics.CustomerBridge;

/** The scales of values stored in mart.monthly_metric: money to the cent, rates to six decimals. */
final class MetricScales {

	private static final int MONEY_SCALE = 2;

	private MetricScales() {
	}

	/** An amount with two decimals, so that zero is stored as 0.00 like every other amount. */
	static BigDecimal money(BigDecimal amount) {
		return amount.setScale(MONEY_SCALE, RoundingMode.HALF_UP);
	}

	/** part / whole as a fraction rounded half-up to six decimals; null when whole is zero. */
	static BigDecimal rate(long part, long whole) {
		if (whole == 0) {
			return null;
		}
		return BigDecimal.valueOf(part)
			.divide(BigDecimal.valueOf(whole), CustomerBridge.RATE_SCALE, RoundingMode.HALF_UP);
	}

}
