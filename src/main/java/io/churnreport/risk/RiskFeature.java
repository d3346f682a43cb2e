package io.churnreport.risk;

import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/**
 * What the model learns from, as of a month's end. Each feature has the raw value the feature
 * query returns (a count, a number of months or days, a share) and the value the model sees,
 * which caps or compresses the raw one so that a few extreme customers do not decide the fit.
 * The raw value is what a factor shows in words.
 */
public enum RiskFeature {

	/** Fewer than 3 whole months since its first month with MRR: most churn comes early. */
	SHORT_TENURE(tenureMonths -> tenureMonths < 3 ? 1 : 0),
	/** Months since its first month with MRR, compressed: the hundredth month adds little to the tenth. */
	TENURE(RiskFeature::compressed),
	/** The share of its MRR lost over the last 3 months (0 when it did not fall or it was not a customer then). */
	MRR_DOWN_3M(capped(1)),
	/** The share of its MRR lost over the last 6 months. */
	MRR_DOWN_6M(capped(1)),
	/** Its month-end MRR, compressed: small accounts leave more readily. */
	MRR(RiskFeature::compressed),
	/** 1 when every paid period open at the month's end is billed monthly: nothing holds it to a term. */
	MONTHLY_BILLING(capped(1)),
	/** How often it came back after months without MRR. */
	REACTIVATIONS(capped(3)),
	/** Invoices above zero issued before the month's end and unpaid at it. */
	UNPAID_INVOICES(capped(6)),
	/** Invoices of the last 6 months paid more than 30 days after they were issued, or still unpaid after 30 days. */
	LATE_PAYMENTS(capped(6)),
	/** Days since its latest payment (since its first invoice when it never paid), in months, capped at a year. */
	DAYS_SINCE_PAYMENT(days -> capped(365).applyAsDouble(days) / 30.0),
	/** Cancellation requests it made in the last 12 months (saved or pending: it is still a customer). */
	CANCELLATION_REQUESTS(capped(3));

	private final DoubleUnaryOperator modelValue;

	RiskFeature(DoubleUnaryOperator modelValue) {
		this.modelValue = modelValue;
	}

	/** The value the model sees for the raw value. */
	double modelValue(double raw) {
		return modelValue.applyAsDouble(raw);
	}

	/** The feature's column in the feature query and its key in the factor bundles. */
	public String code() {
		return name().toLowerCase(Locale.ROOT);
	}

	private static double compressed(double value) {
		return Math.log1p(Math.max(0, value));
	}

	/** The value between 0 and the cap. */
	private static DoubleUnaryOperator capped(double cap) {
		return value -> Math.max(0, Math.min(cap, value));
	}

}
