package io.churnreport.risk;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Last month's list against what happened: how well its scores ranked the customers who churned
 * this month, against the naive rule "the shorter the tenure, the likelier to leave".
 * <p>
 * AUC is the chance that a churner scored above a customer who stayed (ties count half). The top
 * decile is the tenth of the list with the highest scores (rounded up); where its edge cuts
 * through customers with equal scores, each of those counts for the share of them that fits, so
 * that a rule scoring many customers alike is neither helped nor hurt by the order they come in.
 *
 * @param customers customers on last month's list
 * @param churners those of them who churned this month
 * @param auc the model's AUC; null without both churners and customers who stayed
 * @param naiveAuc the tenure rule's AUC
 * @param topDecilePrecision churners in the model's top decile / its size
 * @param topDecileRecall churners in the model's top decile / all churners; null without churners
 * @param naiveTopDecilePrecision the same precision for the tenure rule
 * @param redPrecision churners among the red band / the red band; null when it is empty
 * @param redRecall churners in the red band / all churners
 */
public record RiskBacktest(long customers, long churners, Double auc, Double naiveAuc, double topDecilePrecision,
		Double topDecileRecall, double naiveTopDecilePrecision, Double redPrecision, Double redRecall) {

	/** One customer of last month's list and whether it churned. */
	public record Outcome(double score, double tenureMonths, boolean red, boolean churned) {
	}

	public static RiskBacktest of(List<Outcome> outcomes) {
		int n = outcomes.size();
		double[] scores = new double[n];
		double[] naive = new double[n];
		boolean[] churned = new boolean[n];
		long churners = 0;
		long red = 0;
		long redChurners = 0;
		for (int i = 0; i < n; i++) {
			Outcome outcome = outcomes.get(i);
			scores[i] = outcome.score();
			naive[i] = -outcome.tenureMonths();
			churned[i] = outcome.churned();
			churners += outcome.churned() ? 1 : 0;
			red += outcome.red() ? 1 : 0;
			redChurners += outcome.red() && outcome.churned() ? 1 : 0;
		}
		int decile = (int) Math.ceil(n / 10.0);
		double topChurners = churnersAtTop(scores, churned, decile);
		return new RiskBacktest(n, churners, auc(scores, churned), auc(naive, churned),
				n == 0 ? 0 : topChurners / decile, churners == 0 ? null : topChurners / churners,
				n == 0 ? 0 : churnersAtTop(naive, churned, decile) / decile,
				red == 0 ? null : (double) redChurners / red, churners == 0 ? null : (double) redChurners / churners);
	}

	/** The lift of the model's top decile over the tenure rule's; null when the rule found no churner there. */
	public Double liftOverNaive() {
		return naiveTopDecilePrecision == 0 ? null : topDecilePrecision / naiveTopDecilePrecision;
	}

	/** Whether the model ranked churners better than the tenure rule did (a higher AUC). */
	public boolean beatsNaiveRule() {
		return auc != null && naiveAuc != null && auc > naiveAuc;
	}

	/** AUC by the rank-sum (Mann-Whitney) formula, equal scores sharing their average rank. */
	static Double auc(double[] scores, boolean[] churned) {
		int n = scores.length;
		Integer[] order = byScore(scores, Comparator.naturalOrder());
		double churnerRanks = 0;
		long positives = 0;
		int i = 0;
		while (i < n) {
			int j = i;
			while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
				j++;
			}
			double averageRank = (i + j) / 2.0 + 1;
			for (int k = i; k <= j; k++) {
				if (churned[order[k]]) {
					churnerRanks += averageRank;
					positives++;
				}
			}
			i = j + 1;
		}
		long negatives = n - positives;
		if (positives == 0 || negatives == 0) {
			return null;
		}
		return (churnerRanks - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
	}

	/** Churners among the {@code size} highest scores, a tie across the edge counted by the share of it inside. */
	static double churnersAtTop(double[] scores, boolean[] churned, int size) {
		int n = scores.length;
		Integer[] order = byScore(scores, Comparator.reverseOrder());
		double found = 0;
		int i = 0;
		while (i < n && i < size) {
			int j = i;
			while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
				j++;
			}
			int tied = j - i + 1;
			int inside = Math.min(tied, size - i);
			long tiedChurners = 0;
			for (int k = i; k <= j; k++) {
				tiedChurners += churned[order[k]] ? 1 : 0;
			}
			found += (double) tiedChurners * inside / tied;
			i = j + 1;
		}
		return found;
	}

	private static Integer[] byScore(double[] scores, Comparator<Double> direction) {
		Integer[] order = new Integer[scores.length];
		Arrays.setAll(order, i -> i);
		Arrays.sort(order, Comparator.comparing(i -> scores[i], direction));
		return order;
	}

}
