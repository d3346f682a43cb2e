package io.churnreport.risk;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;

/**
 * What the model learns from, as of a month's end. Each feature has the raw value the feature
 * query returns (a count, a number of months or days, a share) and the value the model sees,
 * which caps or compresses the raw one so that a few extreme customers do not decide the fit.
 * The raw value is what a factor shows in words.
 */
public enum RiskFeature {

	/** Fewer than 3 whole months since its first month with MRR: most churn comes early. */
	SHORT_TENURE(Named.WHEN_ABOVE_AVERAGE, tenureMonths -> tenureMonths < 3 ? 1 : 0),
	/** Months since its first month with MRR, compressed: the hundredth month adds little to the tenth. */
	TENURE(Named.EITHER_WAY, RiskFeature::compressed),
	/** The share of its MRR lost over the last 3 months (0 when it did not fall or it was not a customer then). */
	MRR_DOWN_3M(Named.WHEN_ABOVE_AVERAGE, capped(1)),
	/** The share of its MRR lost over the last 6 months. */
	MRR_DOWN_6M(Named.WHEN_ABOVE_AVERAGE, capped(1)),
	/** Its month-end MRR, compressed: small accounts leave more readily. */
	MRR(Named.WHEN_BELOW_AVERAGE, RiskFeature::compressed),
	/** 1 when every paid period open at the month's end is billed monthly: nothing holds it to a term. */
	MONTHLY_BILLING(Named.WHEN_ABOVE_AVERAGE, capped(1)),
	/** How often in the last 12 months it came back after a month without MRR. */
	REACTIVATIONS(Named.WHEN_ABOVE_AVERAGE, capped(3)),
	/** Invoices above zero issued before the month's end and unpaid at it. */
	UNPAID_INVOICES(Named.WHEN_ABOVE_AVERAGE, capped(6)),
	/** Invoices of the last 6 months paid more than 30 days after they were issued, or still unpaid after 30 days. */
	LATE_PAYMENTS(Named.WHEN_ABOVE_AVERAGE, capped(6)),
	/** Days since its latest payment (since its first invoice when it never paid), in months, capped at a year. */
	DAYS_SINCE_PAYMENT(Named.WHEN_ABOVE_AVERAGE, days -> capped(365).applyAsDouble(days) / 30.0),
	/** Cancellation requests it made in the last 12 months (saved or pending: it is still a customer). */
	CANCELLATION_REQUESTS(Named.WHEN_ABOVE_AVERAGE, capped(3)),
	/**
	 * How often the customers of its segment churned in the 6 months before, against all customers:
	 * 2 is twice as often. The model sees its logarithm, so that half as often weighs as much as
	 * twice as often.
	 */
	SEGMENT_CHURN(Named.WHEN_ABOVE_AVERAGE, RiskFeature::logarithm),
	/** The same for its region. */
	REGION_CHURN(Named.WHEN_ABOVE_AVERAGE, RiskFeature::logarithm),
	/** The same for the plan of its largest open paid period. */
	PLAN_CHURN(Named.WHEN_ABOVE_AVERAGE, RiskFeature::logarithm),
	/**
	 * How often the customers of its segment and plan churned for a managed reason (one the company
	 * can act on) in the 6 months before, against all customers: the reason history of its kind.
	 */
	SIMILAR_MANAGED_CHURN(Named.WHEN_ABOVE_AVERAGE, RiskFeature::logarithm);

	/** The smallest relative rate the logarithm is taken of; a smoothed rate is never far below it. */
	private static final double SMALLEST_RELATIVE_RATE = 0.01;

	/**
	 * When a feature that raises a customer's risk is named as its factor. The words of most
	 * features say which way the value lies ("small account", "billed monthly"): when the model
	 * learns the other way round in some month (larger accounts leave more), the feature still
	 * counts in the score but is not named, rather than named with words that are not true.
	 */
	enum Named {
		/** When its value is above the average customer's. */
		WHEN_ABOVE_AVERAGE,
		/** When its value is below the average customer's. */
		WHEN_BELOW_AVERAGE,
		/** Either way: its words say only what the value is ("customer for 23 months"). */
		EITHER_WAY
	}

	private final Named named;

	private final DoubleUnaryOperator modelValue;

	RiskFeature(Named named, DoubleUnaryOperator modelValue) {
		this.named = named;
		this.modelValue = modelValue;
	}

	/** Whether its words are true of a customer whose model value lies this far from the average. */
	boolean namedWhen(double fromAverage) {
		return switch (named) {
			case WHEN_ABOVE_AVERAGE -> fromAverage > 0;
			case WHEN_BELOW_AVERAGE -> fromAverage < 0;
			case EITHER_WAY -> true;
		};
	}

	/** The value the model sees for the raw value. */
	double modelValue(double raw) {
		return modelValue.applyAsDouble(raw);
	}

	/** The feature's column in the feature query and its key in the factor bundles. */
	public String code() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** Every feature's code, in the features' order: the order a month's run stores their values in. */
	static List<String> codes() {
		return Arrays.stream(values()).map(RiskFeature::code).toList();
	}

	/** The feature of a code, if there is one by that code now. */
	static Optional<RiskFeature> ofCode(String code) {
		return Arrays.stream(values()).filter(feature -> feature.code().equals(code)).findFirst();
	}

	private static double compressed(double value) {
		return Math.log1p(Math.max(0, value));
	}

	private static double logarithm(double relativeRate) {
		return Math.log(Math.max(SMALLEST_RELATIVE_RATE, relativeRate));
	}

	/** The value between 0 and the cap. */
	private static DoubleUnaryOperator capped(double cap) {
		return value -> Math.max(0, Math.min(cap, value));
	}

}
