package io.churnreport.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

class RiskModelFitTests {

	private static final List<RiskFeature> SHORT_TENURE_ONLY = List.of(RiskFeature.SHORT_TENURE);

	/**
	 * With one yes/no feature and no penalty the fit is the rate of each group: 1 of the 4
	 * customers without it churned (0.25), 3 of the 4 with it (0.75).
	 */
	@Test
	void withOneYesNoFeatureAndNoPenaltyTheScoresAreTheChurnRatesOfTheTwoGroups() {
		TrainingRows rows = groups(1, 4, 3, 4, 1);

		RiskModel model = RiskModelFit.fit(SHORT_TENURE_ONLY, rows, 0);

		assertThat(model.score(new double[] { 0 })).isCloseTo(0.25, within(1e-9));
		assertThat(model.score(new double[] { 1 })).isCloseTo(0.75, within(1e-9));
	}

	@Test
	void aWeightCountsAsThatManyCopiesOfTheRow() {
		TrainingRows copies = new TrainingRows(1);
		TrainingRows weighted = new TrainingRows(1);
		// without the feature: 1 churner and 3 who stayed, these as 3 copies or one row weighing 3
		copies.add(new double[] { 0 }, true, 1);
		for (int i = 0; i < 3; i++) {
			copies.add(new double[] { 0 }, false, 1);
		}
		weighted.add(new double[] { 0 }, true, 1);
		weighted.add(new double[] { 0 }, false, 3);
		for (TrainingRows rows : List.of(copies, weighted)) {
			rows.add(new double[] { 1 }, true, 1);
			rows.add(new double[] { 1 }, false, 1);
		}

		RiskModel fromCopies = RiskModelFit.fit(SHORT_TENURE_ONLY, copies, 0);
		RiskModel fromWeights = RiskModelFit.fit(SHORT_TENURE_ONLY, weighted, 0);

		assertThat(fromWeights.score(new double[] { 0 })).isCloseTo(0.25, within(1e-9))
			.isCloseTo(fromCopies.score(new double[] { 0 }), within(1e-9));
		assertThat(fromWeights.score(new double[] { 1 })).isCloseTo(0.5, within(1e-9));
	}

	@Test
	void thePenaltyPullsScoresTowardsTheOverallRateAndKeepsAPerfectSeparationFinite() {
		RiskModel penalised = RiskModelFit.fit(SHORT_TENURE_ONLY, groups(1, 4, 3, 4, 1), 1);
		// every customer with the feature churned and none without it: without a penalty the fit would run off
		RiskModel separated = RiskModelFit.fit(SHORT_TENURE_ONLY, groups(0, 5, 5, 5, 1), 1);

		assertThat(penalised.score(new double[] { 1 })).isBetween(0.5, 0.75);
		assertThat(penalised.score(new double[] { 0 })).isBetween(0.25, 0.5);
		assertThat(separated.score(new double[] { 1 })).isGreaterThan(0.75).isLessThan(1.0);
		assertThat(separated.coefficient(RiskFeature.SHORT_TENURE)).isFinite();
	}

	@Test
	void aFeatureThatNeverVariesGetsNoCoefficient() {
		List<RiskFeature> features = List.of(RiskFeature.SHORT_TENURE, RiskFeature.MONTHLY_BILLING);
		TrainingRows rows = new TrainingRows(2);
		rows.add(new double[] { 0, 1 }, false, 3);
		rows.add(new double[] { 0, 1 }, true, 1);
		rows.add(new double[] { 1, 1 }, true, 3);
		rows.add(new double[] { 1, 1 }, false, 1);

		RiskModel model = RiskModelFit.fit(features, rows, 0);

		assertThat(model.coefficient(RiskFeature.MONTHLY_BILLING)).isZero();
		assertThat(model.score(new double[] { 1, 1 })).isCloseTo(0.75, within(1e-9));
	}

	@Test
	void theFactorsAreTheFeaturesThatRaiseTheRiskLargestFirst() {
		List<RiskFeature> features = List.of(RiskFeature.SHORT_TENURE, RiskFeature.UNPAID_INVOICES,
				RiskFeature.MONTHLY_BILLING);
		// a short tenure raises the risk a little, unpaid invoices much more, monthly billing not at all
		TrainingRows rows = new TrainingRows(3);
		for (int short_ = 0; short_ <= 1; short_++) {
			for (int unpaid = 0; unpaid <= 1; unpaid++) {
				for (int monthly = 0; monthly <= 1; monthly++) {
					double rate = 0.05 + 0.05 * short_ + 0.4 * unpaid;
					rows.add(new double[] { short_, unpaid, monthly }, true, rate * 100);
					rows.add(new double[] { short_, unpaid, monthly }, false, (1 - rate) * 100);
				}
			}
		}
		RiskModel model = RiskModelFit.fit(features, rows, 0);

		assertThat(model.factors(new double[] { 1, 1, 1 }, 3)).containsExactly(RiskFeature.UNPAID_INVOICES,
				RiskFeature.SHORT_TENURE);
		assertThat(model.factors(new double[] { 1, 1, 1 }, 1)).containsExactly(RiskFeature.UNPAID_INVOICES);
		assertThat(model.factors(new double[] { 0, 0, 1 }, 3)).isEmpty();
	}

	/**
	 * A month in which customers billed monthly churn less and larger accounts more: not billed
	 * monthly and a large account raise the risk, but "billed monthly" and "small account" would be
	 * untrue of them, so neither is named. Tenure's words are true either way. By hand: a term is
	 * coefficient x (value - mean) / deviation: monthly billing -1 x (0 - 0.5) / 0.5 = 1, MRR
	 * 0.5 x (3 - 2) / 1 = 0.5, tenure 0.4 x (3 - 2) / 1 = 0.4.
	 */
	@Test
	void aFeatureIsNotNamedWhenItsWordsWouldNotBeTrueOfTheCustomer() {
		RiskModel model = new RiskModel(List.of(RiskFeature.MONTHLY_BILLING, RiskFeature.MRR, RiskFeature.TENURE),
				new double[] { 0.5, 2, 2 }, new double[] { 0.5, 1, 1 }, -3, new double[] { -1, 0.5, 0.4 });

		assertThat(model.factors(new double[] { 0, 3, 3 }, 3)).containsExactly(RiskFeature.TENURE);
		// the same customer counts as riskier for its billing and size all the same
		assertThat(model.score(new double[] { 0, 3, 3 })).isCloseTo(1 / (1 + Math.exp(-(-3 + 1 + 0.5 + 0.4))),
				within(1e-12));
		// billed monthly with a small account under a model that learned the usual way round
		RiskModel usual = new RiskModel(List.of(RiskFeature.MONTHLY_BILLING, RiskFeature.MRR, RiskFeature.TENURE),
				new double[] { 0.5, 2, 2 }, new double[] { 0.5, 1, 1 }, -3, new double[] { 1, -0.5, 0.4 });
		assertThat(usual.factors(new double[] { 1, 1, 1 }, 3)).containsExactly(RiskFeature.MONTHLY_BILLING,
				RiskFeature.MRR);
	}

	/** Solved by hand: 2x + y = 5 and x + 3y = 10 give x = 1, y = 3. */
	@Test
	void theEquationsAreSolved() {
		double[] solution = RiskModelFit.solve(new double[][] { { 2, 1 }, { 1, 3 } }, new double[] { 5, 10 });

		assertThat(solution[0]).isCloseTo(1, within(1e-12));
		assertThat(solution[1]).isCloseTo(3, within(1e-12));
	}

	/** Customers without the feature (of whom some churned) and with it, each row weighing {@code weight}. */
	private static TrainingRows groups(int churnedWithout, int without, int churnedWith, int with, double weight) {
		TrainingRows rows = new TrainingRows(1);
		for (int i = 0; i < without; i++) {
			rows.add(new double[] { 0 }, i < churnedWithout, weight);
		}
		for (int i = 0; i < with; i++) {
			rows.add(new double[] { 1 }, i < churnedWith, weight);
		}
		return rows;
	}

}
