package io.churnreport.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.output.ValidateOutput;
import org.flywaydb.core.api.output.ValidateResult;
import org.flywaydb.core.api.pattern.ValidatePattern;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.churnreport.system.InvalidConfigurationException;

/**
 * What the next run would do to the reporting schema, found without changing it: the version the
 * database is at and the migrations still to apply, read from Flyway's history. A history that the
 * next run's migration would refuse (a migration that failed, or an applied one changed since) is a
 * problem.
 */
final class ReportingSchemaCheck {

	/**
	 * Which of the schemas hold objects of their own (not an extension's): Flyway refuses to
	 * migrate a non-empty schema that has no history.
	 */
	private static final String NON_EMPTY_SCHEMAS = """
			SELECT n.nspname
			FROM pg_namespace n
			WHERE n.nspname = ANY (:schemas)
			  AND (EXISTS (SELECT 1 FROM pg_class c
			               WHERE c.relnamespace = n.oid
			                 AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e'))
			       OR EXISTS (SELECT 1 FROM pg_proc p
			                  WHERE p.pronamespace = n.oid
			                    AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')))
			ORDER BY n.nspname
			""";

	private ReportingSchemaCheck() {
	}

	/** @return the version and what is pending, for check-config */
	static String check(Flyway flyway) {
		MigrationInfoService info = flyway.info();
		refuseInvalidHistory(flyway.getConfiguration());
		if (info.applied().length == 0 && !flyway.getConfiguration().isBaselineOnMigrate()) {
			refuseSchemasInUse(flyway.getConfiguration());
		}
		String version = Arrays.stream(info.applied())
			.filter(MigrationInfo::isVersioned)
			.filter(migration -> migration.getState() == MigrationState.SUCCESS
					|| migration.getState() == MigrationState.BASELINE)
			.reduce((first, second) -> second)
			.map(migration -> "at version " + migration.getVersion())
			.orElse("not migrated yet");
		// a repeatable migration whose content changed is pending again (its earlier run is listed as OUTDATED)
		List<MigrationInfo> pending = Arrays.stream(info.all())
			.filter(migration -> migration.getState() == MigrationState.PENDING)
			.toList();
		if (pending.isEmpty()) {
			return version + ", no migration pending";
		}
		return version + ", " + (pending.size() == 1 ? "1 migration" : pending.size() + " migrations") + " pending ("
				+ String.join(", ", names(pending)) + "): the next run applies "
				+ (pending.size() == 1 ? "it" : "them");
	}

	/**
	 * Validates the history as the next migration would, the migrations not applied yet aside:
	 * validation itself writes nothing.
	 */
	private static void refuseInvalidHistory(Configuration configuration) {
		ValidatePattern[] ignored = Stream
			.concat(Arrays.stream(configuration.getIgnoreMigrationPatterns()), Stream.of(ValidatePattern.fromPattern("*:pending")))
			.toArray(ValidatePattern[]::new);
		ValidateResult result = Flyway.configure(configuration.getClassLoader())
			.configuration(configuration)
			.ignoreMigrationPatterns(ignored)
			.load()
			.validateWithResult();
		if (result.validationSuccessful) {
			return;
		}
		List<String> problems = new ArrayList<>();
		if (result.invalidMigrations != null) {
			for (ValidateOutput migration : result.invalidMigrations) {
				problems.add(oneLine(migration.errorDetails.errorMessage));
			}
		}
		if (problems.isEmpty() && result.errorDetails != null) {
			problems.add(oneLine(result.errorDetails.errorMessage));
		}
		throw new InvalidConfigurationException("its migration history (flyway_schema_history) does not match the migrations of this churn-report, so the next run would refuse to migrate it: "
				+ String.join("; ", problems) + ". Was it migrated by another version of churn-report? Run that version, "
				+ "or restore the migrations it applied.");
	}

	/** A database without history whose schema already holds someone else's tables is not migrated by the next run. */
	private static void refuseSchemasInUse(Configuration configuration) {
		JdbcClient reporting = JdbcClient.create(configuration.getDataSource());
		String[] schemas = configuration.getSchemas().length > 0 ? configuration.getSchemas()
				: new String[] { configuration.getDefaultSchema() != null ? configuration.getDefaultSchema()
						: reporting.sql("SELECT current_schema()").query(String.class).single() };
		List<String> inUse = reporting.sql(NON_EMPTY_SCHEMAS).param("schemas", schemas).query(String.class).list();
		if (!inUse.isEmpty()) {
			throw new InvalidConfigurationException("it has no migration history (flyway_schema_history), yet its schema "
					+ String.join(", ", inUse) + " already holds tables or functions, so the next run would refuse to "
					+ "create its own there: give churn-report a database of its own (CHURN_REPORTING_URL), or empty it.");
		}
	}

	/** "V13 to V18" for versioned migrations in a row, each repeatable one by its description. */
	private static List<String> names(List<MigrationInfo> pending) {
		List<String> names = new ArrayList<>();
		List<MigrationInfo> versioned = pending.stream().filter(MigrationInfo::isVersioned).toList();
		if (versioned.size() == 1) {
			names.add("V" + versioned.get(0).getVersion());
		}
		else if (versioned.size() > 1) {
			names.add("V" + versioned.get(0).getVersion() + " to V" + versioned.get(versioned.size() - 1).getVersion());
		}
		pending.stream().filter(migration -> !migration.isVersioned()).forEach(migration -> names.add(migration.getDescription()));
		return names;
	}

	private static String oneLine(String message) {
		return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
	}

}
