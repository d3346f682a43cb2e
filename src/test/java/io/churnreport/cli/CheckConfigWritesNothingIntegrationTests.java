package io.churnreport.cli;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.churnreport.support.FixtureInstallation;
import io.churnreport.support.FixtureInstallation.CommandResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * check-config looks at the databases without changing them: the reporting schema's pending
 * migrations are listed, not applied, and neither the reporting database nor the sources differ
 * afterwards in any schema, table, column, index, constraint, sequence or row count.
 */
class CheckConfigWritesNothingIntegrationTests {

	/** Every object of the schemas that are not PostgreSQL's own, with its definition. */
	private static final String OBJECTS = """
			SELECT 'schema ' || n.nspname AS object
			FROM pg_namespace n
			WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
			UNION ALL
			SELECT 'relation ' || n.nspname || '.' || c.relname || ' kind ' || c.relkind::text
			FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
			UNION ALL
			SELECT 'column ' || table_schema || '.' || table_name || '.' || column_name || ' ' || data_type
			    || ' nullable ' || is_nullable || ' default ' || coalesce(column_default, '-')
			FROM information_schema.columns
			WHERE table_schema NOT LIKE 'pg\\_%' AND table_schema <> 'information_schema'
			UNION ALL
			SELECT 'index ' || schemaname || '.' || indexname || ' ' || indexdef
			FROM pg_indexes
			WHERE schemaname NOT LIKE 'pg\\_%' AND schemaname <> 'information_schema'
			UNION ALL
			SELECT 'constraint ' || n.nspname || '.' || c.conname || ' ' || pg_get_constraintdef(c.oid)
			FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
			WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
			UNION ALL
			SELECT 'function ' || n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')'
			FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
			WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
			UNION ALL
			SELECT 'sequence ' || schemaname || '.' || sequencename || ' at ' || coalesce(last_value::text, 'unused')
			FROM pg_sequences
			ORDER BY 1
			""";

	private static final String TABLES = """
			SELECT quote_ident(schemaname) || '.' || quote_ident(tablename)
			FROM pg_tables
			WHERE schemaname NOT LIKE 'pg\\_%' AND schemaname <> 'information_schema'
			ORDER BY 1
			""";

	@TempDir
	Path directory;

	@Test
	void onAnUnmigratedReportingDatabaseItListsThePendingMigrationsAndChangesNothing() {
		FixtureInstallation installation = FixtureInstallation.create(directory);
		List<String> reportingBefore = snapshot(installation.reporting());
		List<String> billingBefore = snapshot(installation.billing());
		List<String> crmBefore = snapshot(installation.crm());

		CommandResult check = FixtureInstallation.runBare("check-config", "--config",
				installation.configDirectory().toString());

		assertThat(check.exitCode()).as(check.toString()).isZero();
		assertThat(check.out()).containsPattern(
				"ok    reporting database: not migrated yet, \\d+ migrations pending \\(V1 to V\\d+, metric catalogue\\): "
						+ "the next run applies them")
			.contains("is ready to run");
		assertThat(snapshot(installation.reporting())).as("the reporting database").isEqualTo(reportingBefore);
		assertThat(snapshot(installation.billing())).as("the billing database").isEqualTo(billingBefore);
		assertThat(snapshot(installation.crm())).as("the CRM database").isEqualTo(crmBefore);
		assertThat(reportingBefore).as("nothing of Flyway's or Spring Batch's")
			.noneMatch(object -> object.contains("flyway_schema_history") || object.contains("batch_"));
	}

	@Test
	void onAMigratedReportingDatabaseItPassesAsBeforeAndChangesNothing() {
		FixtureInstallation installation = FixtureInstallation.create(directory);
		installation.runSucceeding("run", "--month", "2025-02");
		List<String> reportingBefore = snapshot(installation.reporting());

		CommandResult check = FixtureInstallation.runBare("check-config", "--config",
				installation.configDirectory().toString());

		assertThat(check.exitCode()).as(check.toString()).isZero();
		assertThat(check.out()).containsPattern("ok    reporting database: at version \\d+, no migration pending")
			.contains("customers.sql: returns customer_id", "is ready to run");
		assertThat(snapshot(installation.reporting())).isEqualTo(reportingBefore);
	}

	@Test
	void onAnOlderSchemaItListsTheMigrationsTheNextRunApplies() {
		FixtureInstallation installation = FixtureInstallation.create(directory);
		Flyway.configure()
			.dataSource(installation.reportingDataSource())
			.locations("classpath:db/migration")
			.target("12")
			.load()
			.migrate();
		// as if the metric catalogue had changed since: the next run applies it again
		installation.reporting().sql("UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version IS NULL").update();
		List<String> reportingBefore = snapshot(installation.reporting());

		CommandResult check = FixtureInstallation.runBare("check-config", "--config",
				installation.configDirectory().toString());

		assertThat(check.exitCode()).as(check.toString()).isZero();
		assertThat(check.out()).containsPattern(
				"ok    reporting database: at version 12, \\d+ migrations pending \\(V13 to V\\d+, metric catalogue\\)");
		assertThat(snapshot(installation.reporting())).isEqualTo(reportingBefore);
	}

	@Test
	void aHistoryTheNextRunWouldRefuseIsAProblem() {
		FixtureInstallation installation = FixtureInstallation.create(directory);
		Flyway.configure()
			.dataSource(installation.reportingDataSource())
			.locations("classpath:db/migration")
			.target("3")
			.load()
			.migrate();
		// as if V2 had been edited after it was applied
		installation.reporting().sql("UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '2'").update();
		List<String> reportingBefore = snapshot(installation.reporting());

		CommandResult check = FixtureInstallation.runBare("check-config", "--config",
				installation.configDirectory().toString());

		assertThat(check.exitCode()).as(check.toString()).isEqualTo(ExitCodes.BAD_CONFIGURATION);
		assertThat(check.out()).contains("FAIL  reporting database: its migration history (flyway_schema_history)",
				"checksum mismatch for migration version 2");
		assertThat(check.err()).contains("1 problem in ", "reporting database: its migration history");
		assertThat(snapshot(installation.reporting())).isEqualTo(reportingBefore);
	}

	@Test
	void aDatabaseWhoseSchemaHoldsOtherTablesButNoHistoryIsAProblem() {
		FixtureInstallation installation = FixtureInstallation.create(directory);
		installation.reporting().sql("CREATE TABLE public.someone_elses (id integer)").update();
		List<String> reportingBefore = snapshot(installation.reporting());

		CommandResult check = FixtureInstallation.runBare("check-config", "--config",
				installation.configDirectory().toString());

		assertThat(check.exitCode()).as(check.toString()).isEqualTo(ExitCodes.BAD_CONFIGURATION);
		assertThat(check.out()).contains("FAIL  reporting database: it has no migration history (flyway_schema_history), "
				+ "yet its schema public already holds tables or functions");
		assertThat(snapshot(installation.reporting())).isEqualTo(reportingBefore);
		// as the run would find
		CommandResult run = installation.run("run", "--month", "2025-02");
		assertThat(run.exitCode()).as(run.toString()).isNotZero();
		assertThat(run.err()).contains("non-empty schema");
	}

	@Test
	void aReportingDatabaseThatCannotBeReachedIsExit6NamingIt() throws Exception {
		FixtureInstallation installation = FixtureInstallation.create(directory)
			.withSettings("  retry:\n    connection-timeout: 1s\n");
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		installation.edit("application.yml", installation.reportingUrl(),
				"jdbc:postgresql://localhost:" + closedPort + "/reporting?connectTimeout=2");

		CommandResult check = FixtureInstallation.runBare("check-config", "--config",
				installation.configDirectory().toString());

		assertThat(check.exitCode()).as(check.toString()).isEqualTo(ExitCodes.DATABASE_UNREACHABLE);
		// the job repository asks the database its type as the context starts: the start fails, as for every command
		assertThat(check.err()).contains("Cannot connect to the reporting database", "localhost:" + closedPort,
				"CHURN_REPORTING_URL");
	}

	@Test
	void aDryRunChecksTheMonthWritingNothingAndExitsAsTheRunWould() {
		FixtureInstallation installation = FixtureInstallation.create(directory);
		List<String> reportingBefore = snapshot(installation.reporting());

		CommandResult unmigrated = installation.run("run", "--month", "2025-02", "--dry-run");

		assertThat(unmigrated.exitCode()).as(unmigrated.toString()).isZero();
		assertThat(unmigrated.out()).containsPattern("Month 2025-02 can run: the configuration is ready and the reporting "
				+ "database is not migrated yet, \\d+ migrations pending \\(V1 to V\\d+, metric catalogue\\): the next run "
				+ "applies them\\. Nothing was run or written\\.");
		assertThat(snapshot(installation.reporting())).isEqualTo(reportingBefore);
		assertThat(installation.monthUntouched("2025-02")).isTrue();
		assertThat(unmigrated.out()).doesNotContain("FAIL");
		assertThat(directory.resolve("out")).as("the output directory, tried and removed again").doesNotExist();

		installation.runSucceeding("run", "--month", "2025-02");
		List<String> reportingAfterRun = snapshot(installation.reporting());
		CommandResult complete = installation.run("run", "--month", "2025-02", "--dry-run");
		CommandResult next = installation.run("run", "--month", "2025-03", "--dry-run");
		FixtureInstallation.write(installation.configDirectory().resolve("churn-reasons.yml"), "reasons: []\n");
		CommandResult broken = installation.run("run", "--month", "2025-03", "--dry-run");

		assertThat(complete.exitCode()).as(complete.toString()).isEqualTo(ExitCodes.ALREADY_COMPLETE);
		assertThat(complete.err()).contains("Month 2025-02 is already complete");
		assertThat(next.exitCode()).as(next.toString()).isZero();
		assertThat(next.out()).containsPattern("Month 2025-03 can run: .* reporting database is at version \\d+, no migration pending");
		assertThat(broken.exitCode()).as(broken.toString()).isEqualTo(ExitCodes.BAD_CONFIGURATION);
		assertThat(broken.err()).contains("Month 2025-03 was not started", "lists no reasons");
		assertThat(snapshot(installation.reporting())).isEqualTo(reportingAfterRun);
		assertThat(installation.monthUntouched("2025-03")).isTrue();
	}

	/** The database's objects and each table's row count. */
	private static List<String> snapshot(JdbcClient database) {
		List<String> snapshot = new ArrayList<>(database.sql(OBJECTS).query(String.class).list());
		for (String table : database.sql(TABLES).query(String.class).list()) {
			snapshot.add("rows " + table + " " + database.sql("SELECT count(*) FROM " + table).query(Long.class).single());
		}
		return snapshot;
	}

}
