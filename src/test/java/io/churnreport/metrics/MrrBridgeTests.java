package io.churnreport.metrics;

import java.math.BigDecimal;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import io.churnreport.month.ReportingMonth;

class MrrBridgeTests {

	private static final ReportingMonth MONTH = ReportingMonth.of("2025-06", ZoneOffset.UTC);

	@Test
	void startPlusMovementsIsTheEnd() {
		// 1000 + 100 + 20 + 50 - 30 - 80 - 5.25 = 1054.75
		MrrBridge bridge = bridge("1000.00", "100.00", "20.00", "50.00", "30.00", "80.00", "-5.25", "1054.75");
		assertThat(bridge.bridgedEnd()).isEqualByComparingTo("1054.75");
		assertThat(bridge.ties()).isTrue();
		assertThat(bridge.requireTie(MONTH)).isSameAs(bridge);
	}

	@Test
	void scaleDoesNotMatterOnlyTheAmount() {
		assertThat(bridge("0", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00").ties()).isTrue();
	}

	@Test
	void aBridgeOffByOneCentFailsNamingTheMonthAndEveryTerm() {
		MrrBridge bridge = bridge("1000.00", "100.00", "20.00", "50.00", "30.00", "80.00", "-5.25", "1054.74");
		assertThat(bridge.ties()).isFalse();
		assertThatThrownBy(() -> bridge.requireTie(MONTH)).isInstanceOf(IllegalStateException.class)
			.hasMessage("MRR bridge of 2025-06 does not tie: mrr_start 1000.00 + mrr_new 100.00 + mrr_reactivation 20.00"
					+ " + mrr_expansion 50.00 - mrr_contraction 30.00 - mrr_churned 80.00 + mrr_fx -5.25 = 1054.75"
					+ " != mrr_end 1054.74");
	}

	private static MrrBridge bridge(String start, String added, String reactivation, String expansion,
			String contraction, String churned, String fx, String end) {
		return new MrrBridge(new BigDecimal(start), new BigDecimal(added), new BigDecimal(reactivation),
				new BigDecimal(expansion), new BigDecimal(contraction), new BigDecimal(churned), new BigDecimal(fx),
				new BigDecimal(end));
	}

}
