package io.churnreport.metrics;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CustomerRangeTests {

	@Test
	void rangesStartAtEachGivenIdAndTogetherCoverEveryId() {
		assertThat(CustomerRange.between(List.of("C001", "C400", "C800"))).containsExactly(
				new CustomerRange(null, "C400"), new CustomerRange("C400", "C800"), new CustomerRange("C800", null));
	}

	@Test
	void oneStartIsOneRangeOfEveryone() {
		assertThat(CustomerRange.between(List.of("C001"))).containsExactly(CustomerRange.ALL);
	}

	@Test
	void noCustomersIsStillOneRangeSoThatTheMonthsRowsAreReplaced() {
		assertThat(CustomerRange.between(List.of())).containsExactly(CustomerRange.ALL);
	}

	@Test
	void readsAsAHalfOpenInterval() {
		assertThat(new CustomerRange("C400", "C800")).hasToString("[C400, C800)");
		assertThat(new CustomerRange(null, "C400")).hasToString("[first, C400)");
		assertThat(CustomerRange.ALL).hasToString("[first, last]");
	}

}
