package io.churnreport.plan;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.churnreport.classify.ChurnReason;
import io.churnreport.classify.ChurnReasonCatalog;
import io.churnreport.system.InvalidConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class ChurnTargetsTests {

	private static final YearMonth NOVEMBER = YearMonth.of(2025, 11);

	private static final YearMonth DECEMBER = YearMonth.of(2025, 12);

	private static final YearMonth JANUARY = YearMonth.of(2026, 1);

	@TempDir
	Path config;

	@Test
	void readsTargetsOverridesThresholdsAndTheMoveAlert() throws Exception {
		write("""
				# the plan
				target-churn-rate: 0.025
				target-managed-churn-rate: 0.015
				monthly-targets:
				  2025-12: 0.03
				  "2026-01": {target-managed-churn-rate: 0.02}
				category-thresholds:
				  price: 0.008
				  Competitor: "0.005"
				alerts:
				  churn-rate-move: 0.02
				""");

		ChurnTargets targets = ChurnTargets.load(config);

		// rates keep six decimals, as every rate of the mart
		assertThat(targets.targetChurnRate(NOVEMBER)).contains(new BigDecimal("0.025000"));
		assertThat(targets.targetManagedChurnRate(NOVEMBER)).contains(new BigDecimal("0.015000"));
		// the short form overrides the churn rate target only
		assertThat(targets.targetChurnRate(DECEMBER)).contains(new BigDecimal("0.030000"));
		assertThat(targets.targetManagedChurnRate(DECEMBER)).contains(new BigDecimal("0.015000"));
		// the mapping form overrides the keys it gives
		assertThat(targets.targetChurnRate(JANUARY)).contains(new BigDecimal("0.025000"));
		assertThat(targets.targetManagedChurnRate(JANUARY)).contains(new BigDecimal("0.020000"));
		assertThat(targets.categoryThresholds()).containsExactly(
				entry("price", new BigDecimal("0.008000")),
				entry("Competitor", new BigDecimal("0.005000")));
		assertThat(targets.categoryThreshold(" COMPETITOR ")).contains(new BigDecimal("0.005000"));
		assertThat(targets.categoryThreshold("support")).isEmpty();
		assertThat(targets.churnRateMove()).isEqualByComparingTo("0.02");
	}

	@Test
	void withoutTheFileThereAreNoTargetsAndTheDefaultMoveAlert() {
		ChurnTargets targets = ChurnTargets.load(config);

		assertThat(targets.targetChurnRate(DECEMBER)).isEmpty();
		assertThat(targets.targetManagedChurnRate(DECEMBER)).isEmpty();
		assertThat(targets.categoryThresholds()).isEmpty();
		assertThat(targets.churnRateMove()).isEqualByComparingTo("0.01");
	}

	@Test
	void aFileWithOnlyCommentsOrEmptyKeysSetsNothing() throws Exception {
		write("""
				# nothing planned yet
				target-churn-rate:
				alerts:
				  churn-rate-move:
				""");

		ChurnTargets targets = ChurnTargets.load(config);

		assertThat(targets.targetChurnRate(DECEMBER)).isEmpty();
		assertThat(targets.churnRateMove()).isEqualByComparingTo("0.01");

		write("# nothing at all\n");
		assertThat(ChurnTargets.load(config).targetChurnRate(DECEMBER)).isEmpty();
	}

	@Test
	void aMonthOverrideWorksWithoutAFileWideTarget() throws Exception {
		write("""
				monthly-targets:
				  2025-12: 0.03
				""");

		ChurnTargets targets = ChurnTargets.load(config);

		assertThat(targets.targetChurnRate(DECEMBER)).contains(new BigDecimal("0.030000"));
		assertThat(targets.targetChurnRate(NOVEMBER)).isEmpty();
	}

	@Test
	void malformedYamlIsRefusedWithItsLine() throws Exception {
		write("""
				target-churn-rate: 0.025
				category-thresholds:
				  price: [0.01
				""");

		assertThatThrownBy(() -> ChurnTargets.load(config)).isInstanceOf(InvalidConfigurationException.class)
			.hasMessageContaining("targets.yml is not valid YAML")
			.hasMessageContaining("(line ");
	}

	@Test
	void aKeyGivenTwiceIsRefused() throws Exception {
		write("""
				target-churn-rate: 0.025
				target-churn-rate: 0.03
				""");

		assertThatThrownBy(() -> ChurnTargets.load(config)).isInstanceOf(InvalidConfigurationException.class)
			.hasMessageContaining("targets.yml is not valid YAML")
			.hasMessageContaining("target-churn-rate");
	}

	@Test
	void anUnknownKeyIsRefusedListingTheKnownOnes() throws Exception {
		write("""
				target_churn_rate: 0.025
				""");

		assertThatThrownBy(() -> ChurnTargets.load(config)).isInstanceOf(InvalidConfigurationException.class)
			.hasMessageContaining("targets.yml, target_churn_rate is not a known key")
			.hasMessageContaining("target-churn-rate, target-managed-churn-rate, monthly-targets");

		write("""
				alerts:
				  churn-rate-jump: 0.02
				""");
		assertThatThrownBy(() -> ChurnTargets.load(config)).isInstanceOf(InvalidConfigurationException.class)
			.hasMessageContaining("targets.yml, alerts.churn-rate-jump is not a known key: use churn-rate-move.");

		write("""
				monthly-targets:
				  2025-12: {churn-rate: 0.03}
				""");
		assertThatThrownBy(() -> ChurnTargets.load(config)).isInstanceOf(InvalidConfigurationException.class)
			.hasMessageContaining("monthly-targets.2025-12.churn-rate is not a known key");
	}

	@Test
	void aRateThatIsNotANumberIsRefusedWithAnExample() throws Exception {
		write("target-churn-rate: high\n");
		assertThatThrownBy(() -> ChurnTargets.load(config)).isInstanceOf(InvalidConfigurationException.class)
			.hasMessageContaining("targets.yml, target-churn-rate is 'high': write a rate as a fraction, e.g. 0.025 for 2.5%.");

		write("target-managed-churn-rate: 1.5%\n");
		assertThatThrownBy(() -> ChurnTargets.load(config)).isInstanceOf(InvalidConfigurationException.class)
			.hasMessageContaining("target-managed-churn-rate is '1.5%'");

		write("""
				category-thresholds:
				  price: [0.01, 0.02]
				""");
		assertThatThrownBy(() -> ChurnTargets.load(config)).isInstanceOf(InvalidConfigurationException.class)
			.hasMessageContaining("category-thresholds.price is a list: write a rate as a fraction");

		write("target-churn-rate: true\n");
		assertThatThrownBy(() -> ChurnTargets.load(config)).isInstanceOf(InvalidConfigurationException.class)
			.hasMessageContaining("target-churn-rate is a true/false value");
	}

	@Test
	void aSectionThatIsNotAMappingIsRefused() throws Exception {
		write("""
				category-thresholds:
				  - price
				""");
		assertThatThrownBy(() -> ChurnTargets.load(config)).isInstanceOf(InvalidConfigurationException.class)
			.hasMessageContaining("targets.yml, category-thresholds must be a mapping")
			.hasMessageContaining("price: 0.008")
			.hasMessageContaining("not a list");

		write("- 0.025\n");
		assertThatThrownBy(() -> ChurnTargets.load(config)).isInstanceOf(InvalidConfigurationException.class)
			.hasMessageContaining("targets.yml must hold keys such as 'target-churn-rate: 0.025', not a list.");
	}

	@Test
	void aNegativeRateIsRefused() throws Exception {
		write("""
				alerts:
				  churn-rate-move: -0.01
				""");

		assertThatThrownBy(() -> ChurnTargets.load(config)).isInstanceOf(InvalidConfigurationException.class)
			.hasMessageContaining("targets.yml, alerts.churn-rate-move is -0.01: a rate cannot be negative");
	}

	@Test
	void aPercentageWrittenForAFractionIsRefusedWithTheFraction() throws Exception {
		write("target-churn-rate: 2.5\n");

		assertThatThrownBy(() -> ChurnTargets.load(config)).isInstanceOf(InvalidConfigurationException.class)
			.hasMessageContaining("targets.yml, target-churn-rate is 2.5: rates are fractions from 0 to 1; for 2.5% write 0.025.");
	}

	@Test
	void aMonthKeyThatIsNotAMonthIsRefused() throws Exception {
		write("""
				monthly-targets:
				  2025-13: 0.03
				""");
		assertThatThrownBy(() -> ChurnTargets.load(config)).isInstanceOf(InvalidConfigurationException.class)
			.hasMessageContaining("targets.yml, monthly-targets.2025-13 is not a month: write it as YYYY-MM");

		write("""
				monthly-targets:
				  December: 0.03
				""");
		assertThatThrownBy(() -> ChurnTargets.load(config)).isInstanceOf(InvalidConfigurationException.class)
			.hasMessageContaining("monthly-targets.December");
	}

	@Test
	void aCategoryListedTwiceIsRefused() throws Exception {
		write("""
				category-thresholds:
				  price: 0.01
				  Price : 0.02
				""");

		assertThatThrownBy(() -> ChurnTargets.load(config)).isInstanceOf(InvalidConfigurationException.class)
			.hasMessageContaining("repeats category 'price'");
	}

	@Test
	void aMonthWrittenTwiceIsRefused() throws Exception {
		write("""
				monthly-targets:
				  2025-12: 0.03
				  " 2025-12": {target-managed-churn-rate: 0.02}
				""");

		assertThatThrownBy(() -> ChurnTargets.load(config)).isInstanceOf(InvalidConfigurationException.class)
			.hasMessageContaining("targets.yml, monthly-targets. 2025-12 gives month 2025-12 a second time: list each month once.");
	}

	@Test
	void aThresholdWithoutACategoryNameIsRefused() throws Exception {
		write("""
				category-thresholds:
				  " ": 0.01
				""");

		assertThatThrownBy(() -> ChurnTargets.load(config)).isInstanceOf(InvalidConfigurationException.class)
			.hasMessageContaining("targets.yml, category-thresholds.  has no category name: write it as in churn-reasons.yml");
	}

	@Test
	void emptyValuesInTheSectionsSetNothing() throws Exception {
		write("""
				target-churn-rate: 0.02
				monthly-targets:
				  2025-12:
				  2026-01: {target-churn-rate: }
				category-thresholds:
				  price:
				alerts: {}
				""");

		ChurnTargets targets = ChurnTargets.load(config);

		assertThat(targets.targetChurnRate(DECEMBER)).contains(new BigDecimal("0.020000"));
		assertThat(targets.targetChurnRate(JANUARY)).contains(new BigDecimal("0.020000"));
		assertThat(targets.categoryThresholds()).isEmpty();
		assertThat(targets.churnRateMove()).isEqualByComparingTo("0.01");
	}

	@Test
	void aSectionThatIsTextIsRefusedAsNotAMapping() throws Exception {
		write("alerts: soon\n");

		assertThatThrownBy(() -> ChurnTargets.load(config)).isInstanceOf(InvalidConfigurationException.class)
			.hasMessageContaining("targets.yml, alerts must be a mapping of keys to values, e.g. 'alerts:' followed by an"
					+ " indented line 'churn-rate-move: 0.01', not a text.");
	}

	@Test
	void aThresholdForACategoryTheClassifierDoesNotHaveIsRefused() throws Exception {
		write("""
				category-thresholds:
				  price: 0.01
				  prize: 0.02
				""");
		ChurnTargets targets = ChurnTargets.load(config);

		targets.checkCategories(List.of("Price", "PRIZE ", "relocation"), config); // case and blanks ignored
		assertThatThrownBy(() -> targets.checkCategories(List.of("price", "relocation"), config))
			.isInstanceOf(InvalidConfigurationException.class)
			.hasMessageContaining("targets.yml, category-thresholds.prize: churn-reasons.yml has no reason in category 'prize'")
			.hasMessageContaining("Use one of price, relocation");
	}

	@Test
	void theShippedTargetsLoadAndNameCategoriesOfTheShippedClassifier() {
		Path shipped = Path.of("config");
		ChurnTargets targets = ChurnTargets.load(shipped);

		assertThat(targets.targetChurnRate(DECEMBER)).isPresent();
		assertThat(targets.targetManagedChurnRate(DECEMBER)).isPresent();
		assertThat(targets.categoryThresholds()).isNotEmpty();
		targets.checkCategories(
				ChurnReasonCatalog.load(shipped).reasons().stream().map(ChurnReason::category).toList(), shipped);
	}

	private void write(String yaml) throws Exception {
		Files.writeString(config.resolve(ChurnTargets.FILE_NAME), yaml);
	}

}
