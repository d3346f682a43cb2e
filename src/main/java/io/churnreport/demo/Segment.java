package io.churnreport.demo;

/**
 * The kind of customer, which drives behaviour in the simulation: businesses try less, churn less,
 * pay by transfer and buy add-ons. {@code billingType} is how the billing system spells it.
 */
enum Segment {

	CONSUMER("CONSUMER", false, 0.35, 0.030, 0.008, 0.04),

	SMALL_BUSINESS("SMB", true, 0.25, 0.025, 0.005, 0.15),

	ENTERPRISE("ENTERPRISE", true, 0, 0.011, 0.0015, 0.25);

	private final String billingType;

	private final boolean business;

	private final double trialShare;

	private final double monthlyVoluntaryChurn;

	private final double monthlyNonpayment;

	private final double secondSubscriptionShare;

	Segment(String billingType, boolean business, double trialShare, double monthlyVoluntaryChurn,
			double monthlyNonpayment, double secondSubscriptionShare) {
		this.billingType = billingType;
		this.business = business;
		this.trialShare = trialShare;
		this.monthlyVoluntaryChurn = monthlyVoluntaryChurn;
		this.monthlyNonpayment = monthlyNonpayment;
		this.secondSubscriptionShare = secondSubscriptionShare;
	}

	String billingType() {
		return this.billingType;
	}

	boolean business() {
		return this.business;
	}

	double trialShare() {
		return this.trialShare;
	}

	double monthlyVoluntaryChurn() {
		return this.monthlyVoluntaryChurn;
	}

	double monthlyNonpayment() {
		return this.monthlyNonpayment;
	}

	double secondSubscriptionShare() {
		return this.secondSubscriptionShare;
	}

}
