package io.churnreport.demo;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * What customers tell the retention desk. The codes are those of {@code config/churn-reasons.yml}
 * plus a few the classifier does not know, as real CRMs accumulate; some requests carry no code at
 * all, because customers often do not say why they leave.
 */
final class CancellationReasons {

	/** Codes the CRM uses that the classifier deliberately does not list, to show them as unclassified. */
	static final Set<String> UNCLASSIFIED_CODES = Set.of("other_misc", "see_comment");

	static final String NONPAYMENT = "nonpayment";

	static final String CARD_EXPIRED = "card_expired";

	private static final String[] COMPETITORS = { "Nordlink", "Skyway Telecom", "FiberOne", "Connectio", "BlueWave" };

	private static final List<Reason> REASONS = List.of(
			new Reason("price_too_high", 14, 10, "Says it is too expensive for what it is", 0.25),
			new Reason("price_increase", 6, 5, "Did not accept the new price", 0.20),
			new Reason("not_worth_the_price", 5, 5, "Does not use enough of it to justify the cost", 0.05),
			new Reason("unexpected_charges", 2, 2, "Complained about extra charges on the last bill", 0),
			new Reason("poor_service_quality", 5, 5, "Unhappy with the quality overall", 0.05),
			new Reason("missing_features", 2, 6, "Needs a feature we do not offer", 0.10),
			new Reason("billing_errors", 2, 3, "Third wrong invoice in a row", 0),
			new Reason("poor_coverage", 5, 3, "No usable signal at home", 0.10),
			new Reason("frequent_outages", 4, 5, "Several outages last month", 0.05),
			new Reason("slow_speed", 4, 3, "Speed far below the contract", 0.05),
			new Reason("equipment_problems", 2, 2, "Router keeps failing", 0),
			new Reason("rude_support", 2, 1, "Felt treated badly by the hotline", 0),
			new Reason("slow_support", 2, 3, "Waited days for an answer", 0),
			new Reason("issue_not_resolved", 3, 4, "Ticket open for weeks without a fix", 0),
			new Reason("competitor_lower_price", 7, 6, "Got a cheaper offer elsewhere", 1),
			new Reason("competitor_better_product", 2, 5, "Switching to a product with more features", 1),
			new Reason("competitor_bundle", 3, 1, "Taking the bundle of another provider", 1),
			new Reason("never_set_up", 2, 2, "Never managed to get started", 0),
			new Reason("too_complex", 2, 2, "Finds it too complicated", 0),
			new Reason("not_using", 4, 3, "Hardly uses it", 0),
			new Reason("no_longer_needed", 3, 4, "Does not need it any more", 0),
			new Reason("seasonal_use", 1, 1, "Only needed it for the summer", 0),
			new Reason("moved_out_of_area", 5, 1, "Moving to a region we do not serve", 0),
			new Reason("moved_abroad", 2, 0, "Moving abroad", 0),
			new Reason("deceased", 1, 0, "Call from a relative", 0),
			new Reason("business_closed", 0, 5, "Company is closing down", 0),
			new Reason("merged_or_acquired", 0, 2, "Taken over, the new owner has its own provider", 0),
			new Reason("financial_hardship", 3, 1, "Cannot afford it right now", 0),
			new Reason("job_loss", 2, 0, "Lost the job", 0),
			new Reason("other_misc", 2, 2, "Various", 0),
			new Reason("see_comment", 1, 1, "Long story, see call notes", 0));

	private final double[] consumerWeights = REASONS.stream().mapToDouble(Reason::consumerWeight).toArray();

	private final double[] businessWeights = REASONS.stream().mapToDouble(Reason::businessWeight).toArray();

	/** The reason a leaving customer gives, or null when the customer would not say. */
	Reason pick(Segment segment, SplittableRandom random) {
		if (random.nextDouble() < 0.08) {
			return null;
		}
		return REASONS.get(Weighted.pick(segment.business() ? this.businessWeights : this.consumerWeights, random));
	}

	/** The competitor a customer names, if any: always for competitor reasons, sometimes for price. */
	String competitorFor(Reason reason, SplittableRandom random) {
		double chance = (reason != null) ? reason.competitorChance() : 0.02;
		return (random.nextDouble() < Math.max(chance, 0.02)) ? Weighted.pick(COMPETITORS, random) : null;
	}

	static List<String> codes() {
		return REASONS.stream().map(Reason::code).toList();
	}

	/** A reason with how often each kind of customer gives it and how it tends to be noted down. */
	record Reason(String code, double consumerWeight, double businessWeight, String typicalComment,
			double competitorChance) {

	}

}
