package io.churnreport.period;

import java.math.BigDecimal;

import io.churnreport.month.MetricScales;

/**
 * The MRR bridge of a period: its start and end MRR (from the month-end MRR of the month before
 * and of its last month) and the sums of its months' movements. It ties when
 * {@code start + new + reactivation + expansion - contraction - churned + fx = end} to the cent,
 * as each month's bridge does.
 */
public record PeriodMrrBridge(BigDecimal start, BigDecimal newMrr, BigDecimal reactivation, BigDecimal expansion,
		BigDecimal contraction, BigDecimal churned, BigDecimal fx, BigDecimal end) {

	/** The end MRR the movements lead to from the start. */
	public BigDecimal bridgedEnd() {
		return start.add(newMrr).add(reactivation).add(expansion).subtract(contraction).subtract(churned).add(fx);
	}

	public boolean ties() {
		return bridgedEnd().compareTo(end) == 0;
	}

	public BigDecimal grossMrrChurnRate() {
		return MetricScales.rate(churned.add(contraction), start);
	}

	public BigDecimal netMrrChurnRate() {
		return MetricScales.rate(churned.add(contraction).subtract(expansion).subtract(reactivation), start);
	}

	/** (new + expansion) / (contraction + churned); null when nothing was lost. */
	public BigDecimal quickRatio() {
		return MetricScales.rate(newMrr.add(expansion), contraction.add(churned));
	}

}
