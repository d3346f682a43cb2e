package io.churnreport.risk;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A fitted logistic regression: the probability that a customer churns in the next month is
 * {@code 1 / (1 + exp(-(intercept + sum of coefficient * (x - mean) / sd)))} over its features'
 * model values. Standardising makes the coefficients comparable, and each term of the sum is how
 * much that feature moves the customer's risk away from an average customer's: its factor.
 */
public record RiskModel(List<RiskFeature> features, double[] means, double[] deviations, double intercept,
		double[] coefficients) {

	/** A factor that moves the log-odds by less than this is not worth naming. */
	static final double SMALLEST_FACTOR = 0.1;

	/** The probability of churning next month for these model values. */
	public double score(double[] modelValues) {
		double logOdds = intercept;
		for (int j = 0; j < coefficients.length; j++) {
			logOdds += term(j, modelValues[j]);
		}
		return 1 / (1 + Math.exp(-logOdds));
	}

	/**
	 * The features that raise this customer's risk most against an average customer's, largest
	 * first, at most {@code limit}, leaving out those that raise it by little and those whose words
	 * would not be true of it ({@link RiskFeature#namedWhen}).
	 */
	public List<RiskFeature> factors(double[] modelValues, int limit) {
		List<Integer> raising = new ArrayList<>();
		for (int j = 0; j < coefficients.length; j++) {
			if (term(j, modelValues[j]) >= SMALLEST_FACTOR && features.get(j).namedWhen(modelValues[j] - means[j])) {
				raising.add(j);
			}
		}
		raising.sort(Comparator.<Integer>comparingDouble(j -> -term(j, modelValues[j])).thenComparing(j -> j));
		return raising.stream().limit(limit).map(features::get).toList();
	}

	/** The feature's coefficient on the scale of one standard deviation, for the methods page and the docs. */
	public double coefficient(RiskFeature feature) {
		return coefficients[features.indexOf(feature)];
	}

	private double term(int feature, double modelValue) {
		return deviations[feature] == 0 ? 0 : coefficients[feature] * (modelValue - means[feature]) / deviations[feature];
	}

}
