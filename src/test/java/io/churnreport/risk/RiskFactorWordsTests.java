package io.churnreport.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

class RiskFactorWordsTests {

	private static final List<Locale> LANGUAGES = List.of(Locale.ENGLISH, Locale.forLanguageTag("tr"), Locale.GERMAN);

	@Test
	void everyFeatureHasWordsInEveryLanguage() {
		for (Locale language : LANGUAGES) {
			for (RiskFeature feature : RiskFeature.values()) {
				assertThat(RiskFactorWords.of(feature.code() + "=2", language)).as(feature + " in " + language)
					.isNotBlank()
					.doesNotContain("{", "factor.");
			}
		}
	}

	@Test
	void aTenureOfNoneOrOneMonthIsSaidAsPeopleSayIt() {
		assertThat(RiskFactorWords.of("tenure=0", Locale.ENGLISH)).isEqualTo("customer for under a month");
		assertThat(RiskFactorWords.of("tenure=1", Locale.ENGLISH)).isEqualTo("customer for 1 month");
		assertThat(RiskFactorWords.of("tenure=23", Locale.ENGLISH)).isEqualTo("customer for 23 months");
		assertThat(RiskFactorWords.of("tenure=0", Locale.forLanguageTag("tr"))).isEqualTo("bir aydan kısa süredir müşteri");
		assertThat(RiskFactorWords.of("tenure=1", Locale.GERMAN)).isEqualTo("seit 1 Monat Kunde");
	}

	@Test
	void aKindOfCustomerThatChurnsMoreIsSaidAsTimesTheAverageInTheReportsLanguage() {
		String factors = "segment_churn=2.343284;similar_managed_churn=1.26";

		assertThat(RiskFactorWords.of(factors, Locale.ENGLISH)).isEqualTo(
				"segment churn 2.3× the average; managed churn of similar customers 1.3× the average");
		assertThat(RiskFactorWords.of(factors, Locale.forLanguageTag("tr"))).isEqualTo(
				"segment kaybı ortalamanın 2,3 katı; benzer müşterilerin yönetilebilir kaybı ortalamanın 1,3 katı");
		assertThat(RiskFactorWords.of("plan_churn=2.343284", Locale.GERMAN))
			.isEqualTo("Abwanderung im Tarif 2,3× der Durchschnitt");
	}

}
