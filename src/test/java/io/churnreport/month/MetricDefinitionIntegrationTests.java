package io.churnreport.month;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Comparator;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import javax.sql.DataSource;

import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.migration.Context;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import db.migration.MetricCatalogueMigration;
import io.churnreport.support.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * mart.metric_definition, as the migrations leave it, declares exactly the metrics of the
 * catalogue, with the same unit, display order, definition and (English) label; a database whose
 * table drifted from the catalogue is brought back to it by the catalogue's migration.
 */
class MetricDefinitionIntegrationTests {

	private static final DataSource database = TestPostgres.migratedReportingDatabase("metric_definition");

	private static final JdbcClient reporting = JdbcClient.create(database);

	record Definition(String metric, String label, String unit, int displayOrder, String description) {
	}

	@Test
	void theMartDeclaresTheCataloguesMetricsInBothDirections() throws IOException {
		assertThat(declared()).containsExactlyElementsOf(expected());
		assertThat(reporting.sql("""
				SELECT count(*) FROM flyway_schema_history
				WHERE version IS NULL AND description = 'metric catalogue' AND success
				""").query(Integer.class).single()).as("the catalogue's migration ran with the others").isOne();
	}

	@Test
	void theCataloguesMigrationAddsMissingMetricsCorrectsChangedOnesAndDropsUnusedRetiredOnes() throws Exception {
		reporting.sql("DELETE FROM mart.metric_definition WHERE metric = 'desk_save_rate'").update();
		reporting.sql("UPDATE mart.metric_definition SET label = 'Old label', display_order = 1 WHERE metric = 'mrr_end'")
			.update();
		reporting.sql("""
				INSERT INTO mart.metric_definition (metric, label, unit, display_order, description)
				VALUES ('retired_metric', 'Retired', 'count', 9999, 'A metric no catalogue declares any more')
				""").update();

		try (Connection connection = database.getConnection()) {
			new MetricCatalogueMigration().migrate(new Context() {
				@Override
				public Configuration getConfiguration() {
					return null;
				}

				@Override
				public Connection getConnection() {
					return connection;
				}
			});
		}

		assertThat(declared()).containsExactlyElementsOf(expected());
	}

	private static List<Definition> declared() {
		return reporting
			.sql("SELECT metric, label, unit, display_order, description FROM mart.metric_definition ORDER BY metric")
			.query(Definition.class)
			.list();
	}

	private static List<Definition> expected() throws IOException {
		Properties english = new Properties();
		try (Reader reader = Files.newBufferedReader(Path.of("reports", "i18n", "metrics.properties"),
				StandardCharsets.UTF_8)) {
			english.load(reader);
		}
		return Arrays.stream(Metric.values())
			.map(metric -> new Definition(metric.metricName(), english.getProperty(metric.labelKey()),
					metric.unit().code(), metric.displayOrder(), metric.definition()))
			.sorted(Comparator.comparing(Definition::metric))
			.toList();
	}

	@Test
	void theDeadSummaryFlagIsGone() {
		assertThat(reporting.sql("""
				SELECT count(*) FROM information_schema.columns
				WHERE table_schema = 'mart' AND table_name = 'metric_definition' AND column_name = 'management_summary'
				""").query(Integer.class).single()).isZero();
	}

}
