package io.churnreport.month;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.churnreport.support.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * mart.metric_definition, as the migrations leave it, declares exactly the metrics of the
 * catalogue, with the same unit, display order, definition and (English) label.
 */
class MetricDefinitionIntegrationTests {

	private static final JdbcClient reporting = JdbcClient
		.create(TestPostgres.migratedReportingDatabase("metric_definition"));

	record Definition(String metric, String label, String unit, int displayOrder, String description) {
	}

	@Test
	void theMartDeclaresTheCataloguesMetricsInBothDirections() throws IOException {
		Properties english = new Properties();
		try (Reader reader = Files.newBufferedReader(Path.of("reports", "i18n", "metrics.properties"),
				StandardCharsets.UTF_8)) {
			english.load(reader);
		}
		List<Definition> expected = Arrays.stream(Metric.values())
			.map(metric -> new Definition(metric.metricName(), english.getProperty(metric.labelKey()),
					metric.unit().code(), metric.displayOrder(), metric.definition()))
			.sorted(java.util.Comparator.comparing(Definition::metric))
			.toList();

		List<Definition> declared = reporting
			.sql("SELECT metric, label, unit, display_order, description FROM mart.metric_definition ORDER BY metric")
			.query(Definition.class)
			.list();

		assertThat(declared).containsExactlyElementsOf(expected);
	}

	@Test
	void theDeadSummaryFlagIsGone() {
		assertThat(reporting.sql("""
				SELECT count(*) FROM information_schema.columns
				WHERE table_schema = 'mart' AND table_name = 'metric_definition' AND column_name = 'management_summary'
				""").query(Integer.class).single()).isZero();
	}

}
