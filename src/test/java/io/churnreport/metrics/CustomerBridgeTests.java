package io.churnreport.metrics;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CustomerBridgeTests {

	@Test
	void churnRateIsChurnedOverCustomersAtStartAsAFractionToSixDecimals() {
		// 1,000 at the start of the month, 50 lost: 5 %
		assertThat(bridge(1000, 30, 5, 50, 985).churnRate()).isEqualByComparingTo("0.05").hasToString("0.050000");
		// 1 of 3: rounded half up at the sixth decimal
		assertThat(bridge(3, 0, 0, 1, 2).churnRate()).hasToString("0.333333");
		assertThat(bridge(3, 0, 0, 2, 1).churnRate()).hasToString("0.666667");
	}

	@Test
	void thereIsNoChurnRateWithoutCustomersAtStart() {
		assertThat(bridge(0, 12, 0, 0, 12).churnRate()).isNull();
	}

	@Test
	void aBridgeThatDoesNotTieIsRefused() {
		assertThatThrownBy(() -> bridge(10, 2, 1, 3, 11)).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("10 + 2 + 1 - 3 != 11");
	}

	private static CustomerBridge bridge(long start, long added, long reactivated, long churned, long end) {
		return new CustomerBridge(start, added, reactivated, churned, end, BigDecimal.ZERO, BigDecimal.ZERO);
	}

}
