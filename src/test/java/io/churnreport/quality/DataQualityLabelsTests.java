package io.churnreport.quality;

import java.util.Locale;
import java.util.ResourceBundle;

import io.churnreport.extract.SourceQuery;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The management report names every rule and source in each of its languages. */
class DataQualityLabelsTests {

	@ParameterizedTest
	@ValueSource(strings = { "en", "tr", "de" })
	void everyRuleAndSourceHasALabel(String language) {
		ResourceBundle labels = ResourceBundle.getBundle("reports/i18n/management-report", Locale.forLanguageTag(language));

		SourceContractRules.all()
			.forEach(rule -> assertThat(labels.containsKey("quality.rule." + rule.name())).as(rule.name()).isTrue());
		SourceQuery.ALL
			.forEach(source -> assertThat(labels.containsKey("quality.sourceName." + source.name())).as(source.name()).isTrue());
	}

}
