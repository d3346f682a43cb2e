package io.churnreport.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.churnreport.support.FixtureInstallation;
import io.churnreport.support.FixtureInstallation.CommandResult;
import io.churnreport.support.TestPostgres;
import io.churnreport.support.TestRoles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * churn-report needs nothing of the source databases but to read the tables its queries read: a
 * role with LOGIN, USAGE on the schema and SELECT on the tables (the README's GRANTs) runs the
 * month to the same results, and the sources are unchanged. Its source connections cannot write
 * even as a role that could.
 */
class LeastPrivilegeIntegrationTests {

	private static final List<String> BILLING_TABLES = List.of("account", "price_period", "bill");

	private static final List<String> CRM_TABLES = List.of("churn_request");

	@TempDir
	Path directory;

	@Test
	void aRoleThatCanOnlyReadTheSourceTablesRunsTheMonthToTheSameResultsAndChangesNothing() throws Exception {
		FixtureInstallation normal = FixtureInstallation.create(directory.resolve("normal")).withCustomerIdKey();
		CommandResult normalRun = normal.run("run", "--month", "2025-03");
		assertThat(normalRun.exitCode()).as(normalRun.toString()).isZero();

		FixtureInstallation restricted = FixtureInstallation.create(directory.resolve("restricted"));
		String password = "reader-" + UUID.randomUUID();
		String reader = TestRoles.createWithPassword("churn_reader", password);
		TestRoles.grantReadOnly(reader, restricted.billingDatabaseName(), "public");
		TestRoles.grantReadOnly(reader, restricted.crmDatabaseName(), "public");
		FixtureInstallation.write(restricted.configDirectory().resolve("application.yml"), """
				churn:
				  company-name: Anatolia Telecom
				  time-zone: Europe/Istanbul
				  currency: EUR
				  billing:
				    url: %s
				    user: %s
				  crm:
				    url: %s
				    user: %s
				  reporting:
				    url: %s
				    user: postgres
				""".formatted(TestPostgres.jdbcUrl(restricted.billingDatabaseName()), reader,
				TestPostgres.jdbcUrl(restricted.crmDatabaseName()), reader,
				TestPostgres.jdbcUrl(restricted.reportingDatabaseName())));
		restricted.withCustomerIdKey();
		Path secrets = Files.createDirectory(directory.resolve("secrets"));
		Files.writeString(secrets.resolve("churn.billing.password"), password);
		Files.writeString(secrets.resolve("churn.crm.password"), password);
		Map<String, String> billingBefore = snapshot(restricted.billing(), BILLING_TABLES);
		Map<String, String> crmBefore = snapshot(restricted.crm(), CRM_TABLES);

		// the role really is that restricted: it can read, and nothing more
		PGSimpleDataSource readerSource = new PGSimpleDataSource();
		readerSource.setURL(TestPostgres.jdbcUrl(restricted.billingDatabaseName()));
		readerSource.setUser(reader);
		readerSource.setPassword(password);
		JdbcTemplate reading = new JdbcTemplate(readerSource);
		assertThat(reading.queryForObject("SELECT count(*) FROM account", Long.class)).isEqualTo(13L);
		assertThatThrownBy(() -> reading.update("DELETE FROM bill")).rootCause()
			.hasMessageContaining("permission denied");
		assertThatThrownBy(() -> reading.execute("CREATE TABLE intruder (id int)")).rootCause()
			.hasMessageContaining("permission denied");

		CommandResult restrictedRun = restricted.run("run", "--month", "2025-03", "--secrets", secrets.toString());

		assertThat(restrictedRun.exitCode()).as(restrictedRun.toString()).isZero();
		for (String file : List.of("summary.csv", "churn-by-reason.csv", "cohort-retention.csv", "hidden-churn.csv")) {
			assertThat(restricted.read("2025-03", file)).as(file).isEqualTo(normal.read("2025-03", file));
		}
		assertThat(restricted.read("2025-03", "summary.csv")).contains("customers_start,9\n", "customers_churned,3\n");
		assertThat(snapshot(restricted.billing(), BILLING_TABLES)).isEqualTo(billingBefore);
		assertThat(snapshot(restricted.crm(), CRM_TABLES)).isEqualTo(crmBefore);
		assertThat(tables(restricted.billing())).isEqualTo(BILLING_TABLES.stream().sorted().toList());
		assertThat(tables(restricted.crm())).isEqualTo(CRM_TABLES);
	}

	@Test
	void theSourceConnectionsCannotWriteEvenAsASuperuser() {
		// the fixture connects to the sources as the superuser postgres: only the pools' read-only mode stops a write
		FixtureInstallation installation = FixtureInstallation.create(directory);
		Map<String, String> billingBefore = snapshot(installation.billing(), BILLING_TABLES);
		Map<String, String> crmBefore = snapshot(installation.crm(), CRM_TABLES);

		try (ConfigurableApplicationContext context = ApplicationContexts.start(installation.configDirectory(), List.of())) {
			JdbcTemplate billing = new JdbcTemplate(context.getBean("billingDataSource", DataSource.class));
			JdbcTemplate crm = new JdbcTemplate(context.getBean("crmDataSource", DataSource.class));

			assertThatThrownBy(() -> billing.update("INSERT INTO account VALUES (99, now(), 'consumer', 'north')"))
				.rootCause().hasMessageContaining("read-only transaction");
			assertThatThrownBy(() -> billing.update("UPDATE price_period SET price = 0"))
				.rootCause().hasMessageContaining("read-only transaction");
			assertThatThrownBy(() -> billing.execute("CREATE TABLE intruder (id int)"))
				.rootCause().hasMessageContaining("read-only transaction");
			assertThatThrownBy(() -> crm.update("DELETE FROM churn_request")).rootCause()
				.hasMessageContaining("read-only transaction");
			// a statement cannot switch the session back to writing for the next one either
			assertThatThrownBy(() -> billing.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE; "
					+ "INSERT INTO account VALUES (98, now(), 'consumer', 'north')"))
				.rootCause().hasMessageContaining("read-only");
			for (int attempt = 0; attempt < 3; attempt++) {
				assertThatThrownBy(() -> billing.update("INSERT INTO account VALUES (97, now(), 'consumer', 'north')"))
					.rootCause().hasMessageContaining("read-only transaction");
			}
		}

		assertThat(snapshot(installation.billing(), BILLING_TABLES)).isEqualTo(billingBefore);
		assertThat(snapshot(installation.crm(), CRM_TABLES)).isEqualTo(crmBefore);
		assertThat(tables(installation.billing())).doesNotContain("intruder");
	}

	/** A digest of every row of each table. */
	private static Map<String, String> snapshot(JdbcClient database, List<String> tables) {
		Map<String, String> digests = new LinkedHashMap<>();
		for (String table : tables) {
			digests.put(table, database
				.sql("SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM " + table
						+ " t")
				.query(String.class)
				.single());
		}
		return digests;
	}

	private static List<String> tables(JdbcClient database) {
		return database
			.sql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name")
			.query(String.class)
			.list();
	}

}
