package io.churnreport.classify;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.churnreport.system.InvalidConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChurnReasonCatalogTests {

	@TempDir
	Path config;

	@Test
	void readsReasonsAndIgnoresExtraKeys() throws Exception {
		write("""
				reasons:
				  - code: price_too_high
				    label: Price too high
				    category: price
				    class: managed
				    threshold: 0.01
				  - code: death
				    category: life_event
				    class: Unmanaged
				""");

		ChurnReasonCatalog catalog = ChurnReasonCatalog.load(config);

		assertThat(catalog.reasons()).containsExactly(
				new ChurnReason("price_too_high", "Price too high", "price", ReasonClass.MANAGED),
				new ChurnReason("death", "death", "life_event", ReasonClass.UNMANAGED));
		assertThat(catalog.sha256()).hasSize(64);
	}

	@Test
	void theShippedClassifierLoadsAndListsNonpayment() {
		ChurnReasonCatalog shipped = ChurnReasonCatalog.load(Path.of("config"));

		assertThat(shipped.reasons()).hasSizeGreaterThanOrEqualTo(25);
		assertThat(shipped.find("nonpayment")).isPresent();
		assertThat(shipped.reasons()).extracting(ChurnReason::reasonClass)
			.contains(ReasonClass.MANAGED, ReasonClass.UNMANAGED);
	}

	@Test
	void aRepeatedCodeIsRefusedNamingBothEntries() throws Exception {
		write("""
				reasons:
				  - {code: price, category: price, class: managed}
				  - {code: PRICE, category: price, class: managed}
				""");

		assertThatThrownBy(() -> ChurnReasonCatalog.load(config)).isInstanceOf(InvalidConfigurationException.class)
			.hasMessageContaining("reason #2 (PRICE) repeats the code of reason #1");
	}

	@Test
	void aReasonWithoutAValidClassIsRefused() throws Exception {
		write("""
				reasons:
				  - {code: price, category: price}
				""");

		assertThatThrownBy(() -> ChurnReasonCatalog.load(config)).isInstanceOf(InvalidConfigurationException.class)
			.hasMessageContaining("reason #1 (price) has class ''")
			.hasMessageContaining("managed or unmanaged");
	}

	@Test
	void malformedYamlIsRefusedWithItsLine() throws Exception {
		write("""
				reasons:
				  - code: price
				    category: [unclosed
				""");

		assertThatThrownBy(() -> ChurnReasonCatalog.load(config)).isInstanceOf(InvalidConfigurationException.class)
			.hasMessageContaining("churn-reasons.yml is not a valid classifier")
			.hasMessageContaining("line");
	}

	@Test
	void aMissingFileIsRefusedWithWhatToDo() {
		assertThatThrownBy(() -> ChurnReasonCatalog.load(config)).isInstanceOf(InvalidConfigurationException.class)
			.hasMessageContaining("not found");
	}

	private void write(String yaml) throws Exception {
		Files.writeString(config.resolve(ChurnReasonCatalog.FILE_NAME), yaml);
	}

}
