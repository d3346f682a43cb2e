package io.churnreport.month;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.churnreport.report.ReportTemplateSections;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the metric catalogue and what is written from it in step: the label bundles (both
 * languages, both directions), the report templates (every metric they name is declared) and
 * docs/metrics.md (every metric is explained). The mart's own declaration,
 * mart.metric_definition, is compared in {@code MetricDefinitionIntegrationTests}.
 */
class MetricCatalogueTests {

	private static final Path I18N = Path.of("reports", "i18n");

	/** {@code metric = 'name'} in a template's query; with {@code ||} after it, a prefix. */
	private static final Pattern METRIC_EQUALS = Pattern.compile("metric\\s*=\\s*'(\\w+)'(\\s*\\|\\|)?");

	private static final Pattern METRIC_IN = Pattern.compile("metric\\s+IN\\s*\\(([^)]*)\\)");

	private static final Pattern QUOTED = Pattern.compile("'(\\w+)'");

	private static Set<String> catalogue() {
		return Arrays.stream(Metric.values()).map(Metric::metricName).collect(Collectors.toCollection(TreeSet::new));
	}

	@Nested
	class Declarations {

		@Test
		void namesAndDisplayOrdersAreUnique() {
			assertThat(catalogue()).hasSize(Metric.values().length);
			assertThat(Arrays.stream(Metric.values()).map(Metric::displayOrder).distinct()).hasSize(Metric.values().length);
		}

		@Test
		void everyMetricHasADefinitionOnOneLine() {
			assertThat(Metric.values()).allSatisfy(metric -> assertThat(metric.definition()).isNotBlank().doesNotContain("\n"));
		}

		@Test
		void scalesFollowTheUnitExceptTheEstimatedLifetime() {
			assertThat(Metric.CUSTOMERS_START.scale()).isZero();
			assertThat(Metric.MRR_END.scale()).isEqualTo(2);
			assertThat(Metric.CHURN_RATE.scale()).isEqualTo(6);
			assertThat(Metric.AVG_LIFETIME_MONTHS.unit()).isEqualTo(MetricUnit.COUNT);
			assertThat(Metric.AVG_LIFETIME_MONTHS.scale()).isEqualTo(2);
		}

		@Test
		void aSectionListsItsMetricsInDeclarationOrder() {
			assertThat(Metric.namesIn(MetricSection.RETENTION_DESK))
				.isEqualTo("cancellation_requests,saved,lost_at_desk,save_rate,saved_then_churned_90d");
			assertThat(Metric.named("save_rate")).contains(Metric.SAVE_RATE);
			assertThat(Metric.named("management_summary")).isEmpty();
		}

	}

	@Nested
	class LabelBundles {

		@ParameterizedTest
		@ValueSource(strings = { "metrics.properties", "metrics_tr.properties", "metrics_de.properties" })
		void labelEveryMetricOfTheCatalogueAndNoOther(String bundle) throws IOException {
			Properties labels = load(I18N.resolve(bundle));

			assertThat(metricKeys(labels)).as("metric.* keys of %s", bundle).isEqualTo(catalogue());
			assertThat(Arrays.stream(Metric.values()))
				.allSatisfy(metric -> assertThat(labels.getProperty(metric.labelKey())).as(metric.labelKey()).isNotBlank());
		}

		@Test
		void reportBundlesLeaveMetricLabelsToTheSharedBundles() throws IOException {
			try (Stream<Path> files = Files.list(I18N)) {
				for (Path bundle : files.filter(file -> !file.getFileName().toString().startsWith("metrics")).toList()) {
					assertThat(metricKeys(load(bundle))).as("metric.* keys of %s", bundle).isEmpty();
				}
			}
		}

		private static Set<String> metricKeys(Properties labels) {
			return labels.stringPropertyNames()
				.stream()
				.filter(key -> key.startsWith("metric."))
				.map(key -> key.substring("metric.".length()))
				.collect(Collectors.toCollection(TreeSet::new));
		}

	}

	@Nested
	class Templates {

		@ParameterizedTest
		@ValueSource(strings = { "management-report.jrxml", "finance-report.jrxml" })
		void nameOnlyMetricsOfTheCatalogue(String template) throws IOException {
			// the template put together, so that the metrics its sections name are read too
			List<String> named = metricsNamedIn(ReportTemplateSections.assemble(Path.of("reports", template)));

			assertThat(named).as("metrics %s asks the mart for", template).isNotEmpty();
			assertThat(named).allSatisfy(name -> assertThat(
					name.endsWith("*") ? catalogue().stream().anyMatch(m -> m.startsWith(name.substring(0, name.length() - 1)))
							: catalogue().contains(name))
				.as("%s names metric %s, which the catalogue does not declare", template, name)
				.isTrue());
		}

		@Test
		void readingIsStrictEnoughToCatchAnUndeclaredMetric() {
			assertThat(metricsNamedIn("WHERE metric = 'churn_rate' OR metric IN ('nrr', 'net_promoter_score')"))
				.containsExactly("churn_rate", "nrr", "net_promoter_score");
			assertThat(catalogue()).doesNotContain("net_promoter_score");
		}

		/** Metric names in the template's queries; a prefix concatenated with {@code ||} ends in *. */
		static List<String> metricsNamedIn(String template) {
			List<String> names = new java.util.ArrayList<>();
			Matcher equals = METRIC_EQUALS.matcher(template);
			while (equals.find()) {
				names.add(equals.group(1) + (equals.group(2) != null ? "*" : ""));
			}
			Matcher in = METRIC_IN.matcher(template);
			while (in.find()) {
				QUOTED.matcher(in.group(1)).results().forEach(quoted -> names.add(quoted.group(1)));
			}
			return names;
		}

	}

	@Test
	void docsExplainEveryMetric() throws IOException {
		String docs = Files.readString(Path.of("docs", "metrics.md"));

		assertThat(catalogue()).allSatisfy(
				name -> assertThat(docs).as("docs/metrics.md explains `%s`", name).contains("`" + name + "`"));
	}

	private static Properties load(Path bundle) throws IOException {
		Properties properties = new Properties();
		try (Reader reader = Files.newBufferedReader(bundle, StandardCharsets.UTF_8)) {
			properties.load(reader);
		}
		return properties;
	}

}
