package io.churnreport.plan;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * One alert of a month, as stored in mart.alert and listed in alerts.csv. {@code actual} is the
 * month's figure and {@code threshold} the value it went past, both rates (fractions); the message
 * says the same in plain words for the people who read the report.
 */
public record PlanAlert(String alertType, String subject, BigDecimal actual, BigDecimal threshold, String message) {

	public static final String ABOVE_TARGET = "above_target";

	public static final String CHURN_RATE_MOVE = "churn_rate_move";

	public static final String CATEGORY_THRESHOLD = "category_threshold";

	/** The months the churn rate is averaged over for the move alert. */
	public static final int TRAILING_MONTHS = 3;

	/**
	 * A rate above its target, e.g. "Churn rate 4.10% is 1.60 points above the target of 2.50%".
	 * @param subject the metric, e.g. churn_rate
	 * @param what how the message names it, e.g. "Churn rate"
	 */
	static PlanAlert aboveTarget(String subject, String what, BigDecimal actual, BigDecimal target) {
		return new PlanAlert(ABOVE_TARGET, subject, actual, target, what + " " + percent(actual) + " is "
				+ points(actual.subtract(target)) + " above the target of " + percent(target));
	}

	/**
	 * The churn rate further than the allowed move from its trailing average. The threshold is the
	 * bound it went past: average + move when it rose, average - move when it fell.
	 * @param monthsAveraged how many of the previous three months had a churn rate
	 */
	static PlanAlert churnRateMove(BigDecimal churnRate, BigDecimal average, int monthsAveraged, BigDecimal move) {
		boolean rose = churnRate.compareTo(average) > 0;
		BigDecimal bound = rose ? average.add(move) : average.subtract(move);
		String message = "Churn rate " + percent(churnRate) + " is " + points(churnRate.subtract(average))
				+ (rose ? " above" : " below") + " the " + TRAILING_MONTHS + "-month average of " + percent(average);
		if (monthsAveraged < TRAILING_MONTHS) {
			message += " (only " + monthsAveraged + " of the previous " + TRAILING_MONTHS + " months "
					+ (monthsAveraged == 1 ? "has" : "have") + " a churn rate)";
		}
		return new PlanAlert(CHURN_RATE_MOVE, "churn_rate", churnRate, bound, message);
	}

	/**
	 * A reason category that added more to the churn rate than its threshold, e.g. "Reason
	 * category price: 12 churned customers, 1.20% of customers at start, above its threshold of 0.80%".
	 */
	static PlanAlert categoryThreshold(String category, long customers, BigDecimal contribution, BigDecimal threshold) {
		return new PlanAlert(CATEGORY_THRESHOLD, category, contribution, threshold,
				"Reason category " + category + ": " + customers + " churned " + (customers == 1 ? "customer" : "customers")
						+ ", " + percent(contribution) + " of customers at start, above its threshold of " + percent(threshold));
	}

	/** 0.041 as "4.10%". */
	static String percent(BigDecimal rate) {
		return rate.movePointRight(2).setScale(2, RoundingMode.HALF_UP).toPlainString() + "%";
	}

	/** A difference of rates, 0.016 as "1.60 points" (percentage points; the sign is left to the words). */
	static String points(BigDecimal difference) {
		BigDecimal points = difference.abs().movePointRight(2).setScale(2, RoundingMode.HALF_UP);
		return points.toPlainString() + (points.compareTo(BigDecimal.ONE) == 0 ? " point" : " points");
	}

}
