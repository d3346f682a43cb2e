package io.churnreport.month;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The scales of values stored in mart.monthly_metric and the mart's other tables: money to the
 * cent, rates as fractions to six decimals (0.052632 = 5.2632 %), both rounded half up. A rate
 * whose denominator is zero is null (not applicable) rather than zero.
 */
public final class MetricScales {

	/** Decimals of an amount of money. */
	public static final int MONEY_SCALE = 2;

	/** Decimals of a rate kept as a fraction. */
	public static final int RATE_SCALE = 6;

	private MetricScales() {
	}

	/** An amount with two decimals, so that zero is stored as 0.00 like every other amount. */
	public static BigDecimal money(BigDecimal amount) {
		return amount.setScale(MONEY_SCALE, RoundingMode.HALF_UP);
	}

	/** part / whole as a fraction to six decimals; null when whole is zero. */
	public static BigDecimal rate(long part, long whole) {
		return whole == 0 ? null : rate(BigDecimal.valueOf(part), BigDecimal.valueOf(whole));
	}

	/** part / whole as a fraction to six decimals; null when whole is zero. */
	public static BigDecimal rate(BigDecimal part, BigDecimal whole) {
		return whole.signum() == 0 ? null : part.divide(whole, RATE_SCALE, RoundingMode.HALF_UP);
	}

	/** A rate (such as a difference of two rates) brought to six decimals. */
	public static BigDecimal rate(BigDecimal fraction) {
		return fraction.setScale(RATE_SCALE, RoundingMode.HALF_UP);
	}

}
