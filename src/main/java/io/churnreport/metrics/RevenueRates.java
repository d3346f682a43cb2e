package io.churnreport.metrics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import io.churnreport.month.MetricScales;

/**
 * The month's revenue rates and unit economics, from its MRR bridge and customer figures. Rates
 * are fractions to six decimals and money has two decimals, both rounded half up; a value is null
 * when its denominator is zero (not applicable rather than zero).
 *
 * @param grossMrrChurnRate (churned + contraction) / start
 * @param netMrrChurnRate (churned + contraction - expansion - reactivation) / start; negative is
 * negative churn
 * @param grr (start - contraction - churned) / start
 * @param nrr (start + expansion - contraction - churned) / start
 * @param quickRatio (new + expansion) / (contraction + churned)
 * @param arpu end / customers at end
 * @param avgLifetimeMonths an estimate: 1 / customer churn rate
 * @param ltv an estimate: arpu * gross margin / customer churn rate
 */
public record RevenueRates(BigDecimal grossMrrChurnRate, BigDecimal netMrrChurnRate, BigDecimal grr, BigDecimal nrr,
		BigDecimal quickRatio, BigDecimal arpu, BigDecimal avgLifetimeMonths, BigDecimal ltv) {

	/**
	 * @param customersEnd customers with MRR > 0 at the end of the month
	 * @param churnRate the month's customer churn rate as stored in the summary (six decimals), or
	 * null when it is undefined
	 * @param grossMargin the share of revenue kept after the cost of serving it, 0 to 1
	 */
	public static RevenueRates of(MrrBridge bridge, long customersEnd, BigDecimal churnRate, BigDecimal grossMargin) {
		BigDecimal start = bridge.mrrStart();
		BigDecimal lost = bridge.mrrChurned().add(bridge.mrrContraction());
		BigDecimal arpu = quotientToTheCent(bridge.mrrEnd(), BigDecimal.valueOf(customersEnd));
		// Lifetime and LTV assume this month's churn rate persists: a textbook approximation, which
		// is why both are labelled estimates. LTV divides by the stored rate rather than multiplying
		// by the rounded lifetime, so that it is exactly arpu * margin / churn_rate as shown.
		BigDecimal lifetime = (churnRate != null) ? quotientToTheCent(BigDecimal.ONE, churnRate) : null;
		BigDecimal ltv = (arpu != null && churnRate != null) ? quotientToTheCent(arpu.multiply(grossMargin), churnRate)
				: null;
		return new RevenueRates(MetricScales.rate(lost, start),
				MetricScales.rate(lost.subtract(bridge.mrrExpansion()).subtract(bridge.mrrReactivation()), start),
				MetricScales.rate(start.subtract(lost), start),
				MetricScales.rate(start.add(bridge.mrrExpansion()).subtract(lost), start),
				MetricScales.rate(bridge.mrrNew().add(bridge.mrrExpansion()), lost), arpu, lifetime, ltv);
	}

	/** The quotient to the cent, rounded half up, or null when the divisor is zero. */
	private static BigDecimal quotientToTheCent(BigDecimal dividend, BigDecimal divisor) {
		if (divisor.signum() == 0) {
			return null;
		}
		return dividend.divide(divisor, MetricScales.MONEY_SCALE, RoundingMode.HALF_UP);
	}

}
