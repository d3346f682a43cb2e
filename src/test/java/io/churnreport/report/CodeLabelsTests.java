package io.churnreport.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

import io.churnreport.system.ChurnProperties;
import io.churnreport.system.InvalidConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** churn.labels as application.yml gives them, and what a report shows for a code. */
class CodeLabelsTests {

	private static final String LABELS = """
			churn:
			  labels:
			    plan:
			      PRO-M: {en: Pro monthly, tr: Pro aylık}
			      BASIC-M: {en: Basic monthly}
			    segment:
			      small_business: {en: Small business, TR: Küçük işletme}
			      "[Pro (legacy).v2]": {tr: Pro (eski)}
			""";

	@Test
	void showsTheLabelInTheReportsLanguageElseTheCode() throws IOException {
		CodeLabels turkish = CodeLabels.of(bind(LABELS), Locale.forLanguageTag("tr-TR"));

		assertThat(turkish.label("plan", "PRO-M")).isEqualTo("Pro aylık");
		assertThat(turkish.label("segment", "small_business")).isEqualTo("Küçük işletme");
		assertThat(turkish.label("segment", "Pro (legacy).v2")).as("a code in brackets, as written").isEqualTo("Pro (eski)");
		assertThat(turkish.label("plan", "BASIC-M")).as("only an English label").isEqualTo("BASIC-M");
		assertThat(turkish.label("plan", "ENT-Y")).as("no label at all").isEqualTo("ENT-Y");
		assertThat(turkish.label("segment", "PRO-M")).as("a plan's label is not a segment's").isEqualTo("PRO-M");
		assertThat(turkish.label("region", "North")).isEqualTo("North");
		assertThat(turkish.label("plan", null)).isEqualTo(ReportFormats.MISSING);
		assertThat(CodeLabels.of(bind(LABELS), Locale.ENGLISH).label("plan", "BASIC-M")).isEqualTo("Basic monthly");
		assertThat(CodeLabels.NONE.label("segment", "small_business")).isEqualTo("small_business");
	}

	@Test
	void namesTheCodesWithoutALabelInTheReportsLanguage() throws IOException {
		CodeLabels turkish = CodeLabels.of(bind(LABELS), Locale.forLanguageTag("tr"));

		assertThat(turkish.withoutLabel("plan", List.of("BASIC-M", "PRO-M", "ENT-Y"))).containsExactly("BASIC-M", "ENT-Y");
		assertThat(turkish.withoutLabel("segment", List.of("small_business"))).isEmpty();
	}

	@Test
	void noLabelsConfiguredShowsEveryCode() throws IOException {
		ChurnProperties.Labels none = bind("churn:\n  company-name: Example\n");

		assertThat(none.isEmpty()).isTrue();
		assertThat(CodeLabels.of(none, Locale.ENGLISH).label("plan", "PRO-M")).isEqualTo("PRO-M");
	}

	@Test
	void aKeyThatIsNoLanguageCodeIsRefusedNamingIt() {
		assertThatThrownBy(() -> bind("""
				churn:
				  labels:
				    segment:
				      consumer: {english: Consumer}
				"""))
			.rootCause()
			.isInstanceOf(InvalidConfigurationException.class)
			.hasMessageContaining("churn.labels.segment.consumer.english: 'english' is not a language code");
	}

	@Test
	void aBlankLabelIsRefusedNamingIt() {
		assertThatThrownBy(() -> bind("""
				churn:
				  labels:
				    plan:
				      PRO-M: {tr: " "}
				"""))
			.rootCause()
			.isInstanceOf(InvalidConfigurationException.class)
			.hasMessageContaining("churn.labels.plan.PRO-M.tr is blank");
	}

	/** As application.yml is read: codes stay as written, with their capitals, dashes and underscores. */
	private static ChurnProperties.Labels bind(String yaml) throws IOException {
		List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("application.yml",
				new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)));
		return new Binder(ConfigurationPropertySources.from(sources)).bindOrCreate("churn", ChurnProperties.class)
			.labels();
	}

}
