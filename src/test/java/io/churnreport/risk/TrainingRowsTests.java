package io.churnreport.risk;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The months learned from are read apart and put together in their order. */
class TrainingRowsTests {

	@Test
	void addAllPutsTheOtherRowsAfterTheseWithTheirValuesChurnAndWeights() {
		TrainingRows latestMonth = new TrainingRows(2);
		latestMonth.add(new double[] { 1, 2 }, true, 1);
		TrainingRows monthBefore = new TrainingRows(2);
		monthBefore.add(new double[] { 3, 4 }, false, 2.5);
		monthBefore.add(new double[] { 5, 6 }, true, 1);

		latestMonth.addAll(monthBefore);

		assertThat(latestMonth.size()).isEqualTo(3);
		assertThat(new double[] { latestMonth.value(0, 0), latestMonth.value(0, 1), latestMonth.value(1, 0),
				latestMonth.value(1, 1), latestMonth.value(2, 0), latestMonth.value(2, 1) })
			.containsExactly(1, 2, 3, 4, 5, 6);
		assertThat(new boolean[] { latestMonth.churned(0), latestMonth.churned(1), latestMonth.churned(2) })
			.containsExactly(true, false, true);
		assertThat(new double[] { latestMonth.weight(0), latestMonth.weight(1), latestMonth.weight(2) })
			.containsExactly(1, 2.5, 1);
		assertThat(latestMonth.churners()).isEqualTo(2);
	}

	@Test
	void addAllGrowsPastTheFirstCapacity() {
		TrainingRows all = new TrainingRows(1);
		TrainingRows more = new TrainingRows(1);
		for (int i = 0; i < 1500; i++) {
			all.add(new double[] { i }, false, 1);
			more.add(new double[] { 1500 + i }, i % 2 == 0, 1);
		}

		all.addAll(more);

		assertThat(all.size()).isEqualTo(3000);
		assertThat(all.value(1499, 0)).isEqualTo(1499);
		assertThat(all.value(1500, 0)).isEqualTo(1500);
		assertThat(all.value(2999, 0)).isEqualTo(2999);
		assertThat(all.churners()).isEqualTo(750);
	}

}
