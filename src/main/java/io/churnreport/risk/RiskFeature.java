package io.churnreport.risk;

import java.util.Locale;

/**
 * What the model learns from, as of a month's end. Each feature has the raw value the feature
 * query returns (a count, a number of months or days, a share) and the value the model sees,
 * which caps or compresses the raw one so that a few extreme customers do not decide the fit.
 * The raw value is what a factor shows in words.
 */
public enum RiskFeature {

	/** Fewer than 3 whole months since its first month with MRR: most churn comes early. */
	SHORT_TENURE {
		@Override
		double modelValue(double tenureMonths) {
			return tenureMonths < 3 ? 1 : 0;
		}
	},
	/** Months since its first month with MRR, compressed: the hundredth month adds little to the tenth. */
	TENURE {
		@Override
		double modelValue(double tenureMonths) {
			return Math.log1p(Math.max(0, tenureMonths));
		}
	},
	/** The share of its MRR lost over the last 3 months (0 when it did not fall or it was not a customer then). */
	MRR_DOWN_3M {
		@Override
		double modelValue(double share) {
			return clamp(share, 0, 1);
		}
	},
	/** The share of its MRR lost over the last 6 months. */
	MRR_DOWN_6M {
		@Override
		double modelValue(double share) {
			return clamp(share, 0, 1);
		}
	},
	/** Its month-end MRR, compressed: small accounts leave more readily. */
	MRR {
		@Override
		double modelValue(double mrr) {
			return Math.log1p(Math.max(0, mrr));
		}
	},
	/** 1 when every paid period open at the month's end is billed monthly: nothing holds it to a term. */
	MONTHLY_BILLING {
		@Override
		double modelValue(double monthly) {
			return monthly > 0 ? 1 : 0;
		}
	},
	/** How often it came back after months without MRR. */
	REACTIVATIONS {
		@Override
		double modelValue(double count) {
			return clamp(count, 0, 3);
		}
	},
	/** Invoices above zero issued before the month's end and unpaid at it. */
	UNPAID_INVOICES {
		@Override
		double modelValue(double count) {
			return clamp(count, 0, 6);
		}
	},
	/** Invoices of the last 6 months paid more than 30 days after they were issued, or still unpaid after 30 days. */
	LATE_PAYMENTS {
		@Override
		double modelValue(double count) {
			return clamp(count, 0, 6);
		}
	},
	/** Days since its latest payment (since its first invoice when it never paid), in months, capped at a year. */
	DAYS_SINCE_PAYMENT {
		@Override
		double modelValue(double days) {
			return clamp(days, 0, 365) / 30.0;
		}
	},
	/** Cancellation requests it made in the last 12 months (saved or pending: it is still a customer). */
	CANCELLATION_REQUESTS {
		@Override
		double modelValue(double count) {
			return clamp(count, 0, 3);
		}
	};

	/** The value the model sees for the raw value. */
	abstract double modelValue(double raw);

	/** The feature's column in the feature query and its key in the factor bundles. */
	public String code() {
		return name().toLowerCase(Locale.ROOT);
	}

	private static double clamp(double value, double low, double high) {
		return Math.max(low, Math.min(high, value));
	}

}
