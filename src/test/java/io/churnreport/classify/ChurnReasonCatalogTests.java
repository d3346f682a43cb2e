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
	void readsTheLabelsOfReasonsAndCategoriesInOtherLanguages() throws Exception {
		write("""
				language: en
				reasons:
				  - code: Price_Too_High
				    label: Price too high
				    labels: {tr: Fiyat çok yüksek, de: Preis zu hoch}
				    category: price
				    class: managed
				  - code: death
				    category: life_event
				    class: unmanaged
				categories:
				  Price: {en: Price, tr: Fiyat}
				""");

		ChurnReasonCatalog catalog = ChurnReasonCatalog.load(config);

		assertThat(catalog.language()).isEqualTo("en");
		assertThat(catalog.translations()).containsExactlyInAnyOrder(
				new ChurnReasonCatalog.ReasonLabel("reason", "price_too_high", "tr", "Fiyat çok yüksek"),
				new ChurnReasonCatalog.ReasonLabel("reason", "price_too_high", "de", "Preis zu hoch"),
				new ChurnReasonCatalog.ReasonLabel("category", "price", "en", "Price"),
				new ChurnReasonCatalog.ReasonLabel("category", "price", "tr", "Fiyat"));
		// what a Turkish or German report shows untranslated; an English one shows the labels themselves
		assertThat(catalog.withoutLabelIn("tr")).containsExactly("reason death", "category life_event");
		assertThat(catalog.withoutLabelIn("de")).containsExactly("reason death", "category price", "category life_event");
		assertThat(catalog.withoutLabelIn("en")).isEmpty();
	}

	@Test
	void theShippedClassifierHasTurkishAndGermanLabelsForEveryReasonAndCategory() {
		ChurnReasonCatalog shipped = ChurnReasonCatalog.load(Path.of("config"));

		assertThat(shipped.withoutLabelIn("tr")).isEmpty();
		assertThat(shipped.withoutLabelIn("de")).isEmpty();
	}

	@Test
	void labelsOfAnUnknownCategoryOrLanguageOrEmptyAreRefused() throws Exception {
		write("""
				reasons:
				  - {code: price, category: price, class: managed}
				categories:
				  pricing: {tr: Fiyat}
				""");
		assertThatThrownBy(() -> ChurnReasonCatalog.load(config)).isInstanceOf(InvalidConfigurationException.class)
			.hasMessageContaining("category pricing is not the category of any reason: correct it to one of [price]");

		write("""
				reasons:
				  - {code: price, category: price, class: managed, labels: {Turkish: Fiyat}}
				""");
		assertThatThrownBy(() -> ChurnReasonCatalog.load(config)).isInstanceOf(InvalidConfigurationException.class)
			.hasMessageContaining("reason #1 (price) has a label for 'Turkish': label keys are language codes");

		write("""
				reasons:
				  - {code: price, category: price, class: managed, labels: {tr: ' '}}
				""");
		assertThatThrownBy(() -> ChurnReasonCatalog.load(config)).isInstanceOf(InvalidConfigurationException.class)
			.hasMessageContaining("reason #1 (price) has an empty tr label");
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
