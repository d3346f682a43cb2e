package io.churnreport.period;

import java.math.BigDecimal;
import java.util.Optional;

import io.churnreport.month.MetricScales;

/**
 * 12-month net and gross revenue retention at a month's end, of the customers who had MRR > 0
 * twelve months before: NRR = their MRR now / their MRR then; GRR counts each customer now at most
 * at its MRR then, so that expansion cannot make up for what others lost.
 */
public record TrailingRetention(BigDecimal nrr, BigDecimal grr) {

	/**
	 * @param mrrThen their MRR twelve months before
	 * @param mrrNow their MRR now (0 for those who left)
	 * @param mrrKept the sum over them of the lower of their MRR now and then
	 * @return empty when nobody had MRR twelve months before (that month was not computed, or
	 * nobody paid)
	 */
	public static Optional<TrailingRetention> of(BigDecimal mrrThen, BigDecimal mrrNow, BigDecimal mrrKept) {
		if (mrrThen.signum() == 0) {
			return Optional.empty();
		}
		return Optional.of(new TrailingRetention(MetricScales.rate(mrrNow, mrrThen), MetricScales.rate(mrrKept, mrrThen)));
	}

}
