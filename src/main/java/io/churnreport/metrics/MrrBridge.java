package io.churnreport.metrics;

import java.math.BigDecimal;
import io.churnreport.month.ReportingMonth;

/**
 * The month's MRR movements between the MRR at the start and at the end of the month. Every amount
 * is positive except {@code fx}, the signed effect of exchange rates on retained customers. The
 * movements are summed from the per-customer classification while start and end come from the
 * month's summary, so a bridge that does not tie means the two disagree about some customer.
 */
public record MrrBridge(BigDecimal mrrStart, BigDecimal mrrNew, BigDecimal mrrReactivation, BigDecimal mrrExpansion,
		BigDecimal mrrContraction, BigDecimal mrrChurned, BigDecimal mrrFx, BigDecimal mrrEnd) {

	/** {@code start + new + reactivation + expansion - contraction - churned + fx}. */
	public BigDecimal bridgedEnd() {
		return mrrStart.add(mrrNew)
			.add(mrrReactivation)
			.add(mrrExpansion)
			.subtract(mrrContraction)
			.subtract(mrrChurned)
			.add(mrrFx);
	}

	public boolean ties() {
		return bridgedEnd().compareTo(mrrEnd) == 0;
	}

	/**
	 * @throws IllegalStateException naming the month and every term when the bridge does not tie
	 */
	public MrrBridge requireTie(ReportingMonth month) {
		if (!ties()) {
			throw new IllegalStateException("MRR bridge of " + month + " does not tie: mrr_start " + mrrStart.toPlainString()
					+ " + mrr_new " + mrrNew.toPlainString() + " + mrr_reactivation " + mrrReactivation.toPlainString()
					+ " + mrr_expansion " + mrrExpansion.toPlainString() + " - mrr_contraction "
					+ mrrContraction.toPlainString() + " - mrr_churned " + mrrChurned.toPlainString() + " + mrr_fx "
					+ mrrFx.toPlainString() + " = " + bridgedEnd().toPlainString() + " != mrr_end "
					+ mrrEnd.toPlainString());
		}
		return this;
	}

}
