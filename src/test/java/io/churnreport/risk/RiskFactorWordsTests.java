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
	void aKindOfCustomerThatChurnsMoreIsSaidAsTimesTheAverageInTheReportsLanguage() {
		String factors = "segment_churn=2.343284;similar_managed_churn=1.26";

		assertThat(RiskFactorWords.of(factors, Locale.ENGLISH)).isEqualTo(
				"customers of its segment left 2.3 times as often as average; "
						+ "customers like it left for managed reasons 1.3 times as often as average");
		assertThat(RiskFactorWords.of(factors, Locale.forLanguageTag("tr"))).isEqualTo(
				"segmentindeki müşteriler ortalamanın 2,3 katı ayrıldı; "
						+ "benzer müşteriler yönetilebilir nedenlerle ortalamanın 1,3 katı ayrıldı");
		assertThat(RiskFactorWords.of("plan_churn=2.343284", Locale.GERMAN))
			.isEqualTo("Kunden seines Tarifs wanderten 2,3-mal so oft ab wie im Durchschnitt");
	}

}
