package io.churnreport.risk;

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

	/**
	 * The list's customers counted by score, as a query groups them: memory follows the distinct
	 * scores (at most a million, as they have 6 decimals), not the customers.
	 * @param byScore the customers of each score, lowest score first
	 * @param byTenureRule the customers of each tenure, longest first (the rule's lowest risk first)
	 * @param red the customers in the red band
	 * @param redChurners those of them who churned
	 */
	public static RiskBacktest of(List<Tie> byScore, List<Tie> byTenureRule, long red, long redChurners) {
		long n = byScore.stream().mapToLong(Tie::customers).sum();
		long churners = byScore.stream().mapToLong(Tie::churners).sum();
		long decile = (long) Math.ceil(n / 10.0);
		double topChurners = churnersAtTop(byScore, decile);
		return new RiskBacktest(n, churners, auc(byScore), auc(byTenureRule),
				n == 0 ? 0 : topChurners / decile, churners == 0 ? null : topChurners / churners,
				n == 0 ? 0 : churnersAtTop(byTenureRule, decile) / decile,
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

	/** The customers with one score (or one tenure, for the tenure rule), and how many of them churned. */
	public record Tie(long customers, long churners) {
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
	private static double churnersAtTop(List<Tie> ascending, long size) {
		double found = 0;
		long taken = 0;
		for (int t = ascending.size() - 1; t >= 0 && taken < size; t--) {
			Tie tie = ascending.get(t);
			long inside = Math.min(tie.customers(), size - taken);
			found += (double) tie.churners() * inside / tie.customers();
			taken += tie.customers();
		}
		return found;
	}

}
