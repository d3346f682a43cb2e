package io.churnreport.retention;

import java.math.BigDecimal;

import io.churnreport.month.MetricScales;

/**
 * The month's cancellation requests with one reason code: how many, how many the retention desk
 * saved and how many it lost. Outcomes other than saved and churned count as requests only.
 */
public record RetentionDeskReason(String reasonCode, String reasonLabel, long requests, long saved, long lost) {

	/** Shown for requests without a reason code. */
	public static final String NO_REASON = "(none)";

	/** Saved / requests; null without requests. */
	public BigDecimal saveRate() {
		return rate(saved, requests);
	}

	/** The requests of both, under this reason (codes the CRM spells differently but the catalog knows as one). */
	RetentionDeskReason plus(RetentionDeskReason other) {
		return new RetentionDeskReason(reasonCode, reasonLabel, requests + other.requests, saved + other.saved,
				lost + other.lost);
	}

	static BigDecimal rate(long numerator, long denominator) {
		return MetricScales.rate(numerator, denominator);
	}

}
