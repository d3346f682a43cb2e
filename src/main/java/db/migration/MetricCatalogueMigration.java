package db.migration;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.zip.CRC32;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import io.churnreport.month.Metric;

/**
 * Declares the metric catalogue ({@link Metric}) in mart.metric_definition, with each metric's
 * English label from {@code reports/i18n/metrics.properties}: a repeatable migration whose
 * checksum is the catalogue's content, so Flyway applies it again whenever a metric is added or
 * changed and a new metric needs no migration of its own. A metric that left the catalogue keeps
 * its row while months stored with it still reference it.
 */
public class MetricCatalogueMigration implements JavaMigration {

	private static final String UPSERT = """
			INSERT INTO mart.metric_definition (metric, label, unit, display_order, description)
			VALUES (:metric, :label, :unit, :displayOrder, :description)
			ON CONFLICT (metric) DO UPDATE SET label = EXCLUDED.label, unit = EXCLUDED.unit,
			    display_order = EXCLUDED.display_order, description = EXCLUDED.description
			""";

	private static final String DELETE_UNUSED_OUTSIDE_CATALOGUE = """
			DELETE FROM mart.metric_definition d
			WHERE d.metric <> ALL (:catalogue)
			  AND NOT EXISTS (SELECT 1 FROM mart.monthly_metric m WHERE m.metric = d.metric)
			""";

	/** One row of mart.metric_definition. */
	record Definition(String metric, String label, String unit, int displayOrder, String description) {

		static Definition of(Metric metric, ResourceBundle englishLabels) {
			return new Definition(metric.metricName(), englishLabels.getString(metric.labelKey()), metric.unit().code(),
					metric.displayOrder(), metric.definition());
		}

	}

	static List<Definition> definitions() {
		ResourceBundle english = ResourceBundle.getBundle("reports/i18n/metrics", Locale.ROOT,
				MetricCatalogueMigration.class.getClassLoader(),
				ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
		return Arrays.stream(Metric.values()).map(metric -> Definition.of(metric, english)).toList();
	}

	@Override
	public MigrationVersion getVersion() {
		return null; // repeatable: applied after the versioned migrations, again when the checksum changes
	}

	@Override
	public String getDescription() {
		return "metric catalogue";
	}

	@Override
	public Integer getChecksum() {
		CRC32 checksum = new CRC32();
		definitions().forEach(definition -> checksum.update(definition.toString().getBytes(StandardCharsets.UTF_8)));
		return (int) checksum.getValue();
	}

	@Override
	public boolean canExecuteInTransaction() {
		return true;
	}

	@Override
	public void migrate(Context context) {
		// the migration's own connection, left open: Flyway commits or rolls back its transaction
		JdbcClient mart = JdbcClient.create(new SingleConnectionDataSource(context.getConnection(), true));
		List<Definition> definitions = definitions();
		for (Definition definition : definitions) {
			mart.sql(UPSERT).paramSource(definition).update();
		}
		mart.sql(DELETE_UNUSED_OUTSIDE_CATALOGUE)
			.param("catalogue", definitions.stream().map(Definition::metric).toArray(String[]::new))
			.update();
	}

}
