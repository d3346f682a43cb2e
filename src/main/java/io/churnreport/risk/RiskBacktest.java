package io.churnreport.risk;

import java.util.ArrayList;
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
		List<Tie> model = ties(scores, churned);
		List<Tie> tenureRule = ties(naive, churned);
		double topChurners = churnersAtTop(model, decile);
		return new RiskBacktest(n, churners, auc(model), auc(tenureRule),
				n == 0 ? 0 : topChurners / decile, churners == 0 ? null : topChurners / churners,
				n == 0 ? 0 : churnersAtTop(tenureRule, decile) / decile,
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

	/** Customers with one score, and how many of them churned. */
	private record Tie(int customers, long churners) {
	}

	/** The customers sorted by score, lowest first, each run of equal scores as one tie: sorted once for both measures. */
	private static List<Tie> ties(double[] scores, boolean[] churned) {
		Integer[] order = new Integer[scores.length];
		Arrays.setAll(order, i -> i);
		Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
		List<Tie> ties = new ArrayList<>();
		int i = 0;
		while (i < order.length) {
			int j = i;
			long tiedChurners = 0;
			while (j < order.length && scores[order[j]] == scores[order[i]]) {
				tiedChurners += churned[order[j]] ? 1 : 0;
				j++;
			}
			ties.add(new Tie(j - i, tiedChurners));
			i = j;
		}
		return ties;
	}

	/** AUC by the rank-sum (Mann-Whitney) formula, equal scores sharing their average rank. */
	private static Double auc(List<Tie> ascending) {
		double churnerRanks = 0;
		long positives = 0;
		long customers = 0;
		for (Tie tie : ascending) {
			// ranks customers + 1 to customers + tie size, on average:
			double averageRank = customers + (tie.customers() + 1) / 2.0;
			churnerRanks += averageRank * tie.churners();
			positives += tie.churners();
			customers += tie.customers();
		}
		long negatives = customers - positives;
		if (positives == 0 || negatives == 0) {
			return null;
		}
		return (churnerRanks - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
	}

	/** Churners among the {@code size} highest scores, a tie across the edge counted by the share of it inside. */
	private static double churnersAtTop(List<Tie> ascending, int size) {
		double found = 0;
		int taken = 0;
		for (int t = ascending.size() - 1; t >= 0 && taken < size; t--) {
			Tie tie = ascending.get(t);
			int inside = Math.min(tie.customers(), size - taken);
			found += (double) tie.churners() * inside / tie.customers();
			taken += tie.customers();
		}
		return found;
	}

}
