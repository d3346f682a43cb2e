package io.churnreport.risk;

import java.math.BigDecimal;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How a feature's value is written into mart.risk_customer.features. */
class RiskFeaturePlainValueTests {

	@Test
	void wholeNumbersAreWrittenWithoutDecimals() {
		assertThat(CustomerRiskCalculation.plain(3.0)).isEqualTo("3");
		assertThat(CustomerRiskCalculation.plain(100.0)).isEqualTo("100");
		assertThat(CustomerRiskCalculation.plain(-2.0)).isEqualTo("-2");
		assertThat(CustomerRiskCalculation.plain(-0.0)).isEqualTo("0");
		assertThat(CustomerRiskCalculation.plain(0.0)).isEqualTo("0");
	}

	@Test
	void fractionsAreWrittenInPlainDecimalsAsShortAsTheyReadBackTheSame() {
		assertThat(CustomerRiskCalculation.plain(0.25)).isEqualTo("0.25");
		assertThat(CustomerRiskCalculation.plain(49.9)).isEqualTo("49.9");
		assertThat(CustomerRiskCalculation.plain(1e-4)).isEqualTo("0.0001");
		assertThat(CustomerRiskCalculation.plain(1.0 / 3)).isEqualTo("0.3333333333333333");
		assertThat(CustomerRiskCalculation.plain(1.5e15)).isEqualTo("1500000000000000");
	}

	@Test
	void everyValueIsWrittenAsItsShortestPlainDecimal() {
		SplittableRandom random = new SplittableRandom(7);
		for (int i = 0; i < 100_000; i++) {
			double value = switch (i % 3) {
				case 0 -> random.nextInt(-1000, 5000);
				case 1 -> Math.round(random.nextDouble(0, 500) * 100) / 100.0;
				default -> random.nextDouble(-3, 3);
			};
			assertThat(CustomerRiskCalculation.plain(value)).as("%s", value)
				.isEqualTo(BigDecimal.valueOf(value).stripTrailingZeros().toPlainString());
		}
	}

}
