package io.churnreport.demo;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The demo's price list: four tiers, each sold monthly, quarterly and annually (longer commitments
 * are cheaper per month), plus an add-on that business customers buy as a second subscription.
 */
final class PlanCatalog {

	static final String CURRENCY = "EUR";

	static final String MAIN = "main";

	static final String ADDON = "addon";

	private static final String[] TIER_CODES = { "BASIC", "PLUS", "PRO", "ENT" };

	private static final String[] TIER_NAMES = { "Basic", "Plus", "Pro", "Enterprise" };

	private static final String[][] TIER_PRICES = { { "19.00", "54.00", "199.00" }, { "39.00", "111.00", "399.00" },
			{ "99.00", "282.00", "1188.00" }, { "490.00", "1395.00", "5400.00" } };

	private static final int[] INTERVALS = { 1, 3, 12 };

	private static final String[] INTERVAL_SUFFIXES = { "M", "Q", "Y" };

	private static final String[] INTERVAL_NAMES = { "monthly", "quarterly", "annual" };

	private final List<Plan> plans;

	PlanCatalog() {
		var all = new ArrayList<Plan>();
		for (int tier = 0; tier < TIER_CODES.length; tier++) {
			for (int i = 0; i < INTERVALS.length; i++) {
				all.add(new Plan(TIER_CODES[tier] + "-" + INTERVAL_SUFFIXES[i], TIER_NAMES[tier] + " " + INTERVAL_NAMES[i],
						MAIN, tier, new BigDecimal(TIER_PRICES[tier][i]), INTERVALS[i]));
			}
		}
		all.add(new Plan("ADDON-M", "Extra seats pack monthly", ADDON, 0, new BigDecimal("15.00"), 1));
		all.add(new Plan("ADDON-Y", "Extra seats pack annual", ADDON, 0, new BigDecimal("165.00"), 12));
		this.plans = List.copyOf(all);
	}

	List<Plan> plans() {
		return this.plans;
	}

	/** A new customer's first plan: the tier follows the segment, most pay monthly. */
	Plan pickFor(Segment segment, SplittableRandom random) {
		double[] tierWeights = switch (segment) {
			case CONSUMER -> new double[] { 0.60, 0.35, 0.05, 0 };
			case SMALL_BUSINESS -> new double[] { 0.15, 0.45, 0.40, 0 };
			case ENTERPRISE -> new double[] { 0, 0, 0.55, 0.45 };
		};
		double[] intervalWeights = (segment == Segment.ENTERPRISE) ? new double[] { 0.35, 0.20, 0.45 }
				: new double[] { 0.68, 0.12, 0.20 };
		int tier = Weighted.pick(tierWeights, random);
		int interval = INTERVALS[Weighted.pick(intervalWeights, random)];
		return find(MAIN, tier, interval).orElseThrow();
	}

	Plan pickAddon(SplittableRandom random) {
		return find(ADDON, 0, (random.nextDouble() < 0.75) ? 1 : 12).orElseThrow();
	}

	Optional<Plan> upgradeOf(Plan plan) {
		return find(plan.family(), plan.tier() + 1, plan.intervalMonths());
	}

	Optional<Plan> downgradeOf(Plan plan) {
		return find(plan.family(), plan.tier() - 1, plan.intervalMonths());
	}

	/** The same tier billed annually, which customers switch to for the lower monthly price. */
	Optional<Plan> annualOf(Plan plan) {
		return (plan.intervalMonths() == 12) ? Optional.empty() : find(plan.family(), plan.tier(), 12);
	}

	private Optional<Plan> find(String family, int tier, int intervalMonths) {
		return this.plans.stream()
			.filter((plan) -> plan.family().equals(family) && plan.tier() == tier
					&& plan.intervalMonths() == intervalMonths)
			.findFirst();
	}

}
