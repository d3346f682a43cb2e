package io.churnreport.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.churnreport.risk.RiskBacktest.Tie;

class RiskBacktestTests {

	/**
	 * Four customers on last month's list, worked by hand.
	 * <pre>
	 * score  tenure  red  churned
	 *  0.9     10    yes    yes
	 *  0.8      2    yes    no
	 *  0.7      2    no     yes
	 *  0.1      5    no     no
	 * </pre>
	 * Model AUC: of the 4 (churner, stayer) pairs the churner scores higher in 3: 0.75. The top
	 * decile is 1 customer (a tenth of 4, rounded up): the 0.9 one, a churner: precision 1, recall
	 * 1/2. The tenure rule ranks the two 2-month customers first, tied: pairs 0 + 0 + 0.5 + 1 = 1.5
	 * of 4 gives AUC 0.375, and its top decile holds half of the tie, half a churner: precision
	 * 0.5, so the model's lift over it is 2. Red: 1 churner of 2, and 1 of the 2 churners.
	 * Counted as the query counts them: by score, lowest first (0.1: 1 customer, 0 churners; 0.7: 1,
	 * 1; 0.8: 1, 0; 0.9: 1, 1), by tenure, longest first (10: 1, 1; 5: 1, 0; 2: 2, 1).
	 */
	@Test
	void theListIsCheckedAgainstWhoChurnedAndAgainstTheTenureRule() {
		RiskBacktest backtest = RiskBacktest.of(List.of(new Tie(1, 0), new Tie(1, 1), new Tie(1, 0), new Tie(1, 1)),
				List.of(new Tie(1, 1), new Tie(1, 0), new Tie(2, 1)), 2, 1);

		assertThat(backtest.customers()).isEqualTo(4);
		assertThat(backtest.churners()).isEqualTo(2);
		assertThat(backtest.auc()).isCloseTo(0.75, within(1e-12));
		assertThat(backtest.naiveAuc()).isCloseTo(0.375, within(1e-12));
		assertThat(backtest.topDecilePrecision()).isCloseTo(1.0, within(1e-12));
		assertThat(backtest.topDecileRecall()).isCloseTo(0.5, within(1e-12));
		assertThat(backtest.naiveTopDecilePrecision()).isCloseTo(0.5, within(1e-12));
		assertThat(backtest.liftOverNaive()).isCloseTo(2.0, within(1e-12));
		assertThat(backtest.redPrecision()).isCloseTo(0.5, within(1e-12));
		assertThat(backtest.redRecall()).isCloseTo(0.5, within(1e-12));
		assertThat(backtest.beatsNaiveRule()).isTrue();
	}

	/**
	 * Scores that say nothing (all equal) rank no better than chance, and lose to a tenure rule that
	 * does: four customers scored 0.2, none red; the two of 1 month churned, the two of 9 stayed.
	 */
	@Test
	void aListThatSaysNothingDoesNotBeatTheTenureRule() {
		RiskBacktest backtest = RiskBacktest.of(List.of(new Tie(4, 2)), List.of(new Tie(2, 0), new Tie(2, 2)), 0, 0);

		assertThat(backtest.auc()).isCloseTo(0.5, within(1e-12));
		assertThat(backtest.naiveAuc()).isCloseTo(1.0, within(1e-12));
		// top decile of 4 is 1 customer, a quarter of the four-way tie: half a churner
		assertThat(backtest.topDecilePrecision()).isCloseTo(0.5, within(1e-12));
		assertThat(backtest.naiveTopDecilePrecision()).isCloseTo(1.0, within(1e-12));
		assertThat(backtest.redPrecision()).isNull();
		assertThat(backtest.beatsNaiveRule()).isFalse();
	}

	/** Two customers who stayed: 0.3, 1 month, red; 0.1, 4 months. */
	@Test
	void withoutChurnersThereIsNoAucAndNoRecall() {
		RiskBacktest backtest = RiskBacktest.of(List.of(new Tie(1, 0), new Tie(1, 0)), List.of(new Tie(1, 0), new Tie(1, 0)),
				1, 0);

		assertThat(backtest.auc()).isNull();
		assertThat(backtest.topDecileRecall()).isNull();
		assertThat(backtest.redPrecision()).isZero();
		assertThat(backtest.beatsNaiveRule()).isFalse();
	}

}
