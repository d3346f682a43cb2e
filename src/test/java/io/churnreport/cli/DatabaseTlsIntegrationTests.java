package io.churnreport.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.churnreport.support.FixtureInstallation;
import io.churnreport.support.FixtureInstallation.CommandResult;
import io.churnreport.support.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The TLS settings of each database reach the PostgreSQL driver, and are checked at start-up. The
 * test server has no TLS: {@code ssl-mode: require} must fail there, naming the database and the
 * setting, and {@code disable} must work.
 */
class DatabaseTlsIntegrationTests {

	@TempDir
	Path directory;

	@Test
	void sslModeRequireFailsAgainstAServerWithoutTlsNamingTheDatabaseAndTheSettingAndDisableWorks() throws IOException {
		FixtureInstallation installation = FixtureInstallation.create(directory);
		// one try: a server that does not speak TLS will not start to (churn.retry is tested elsewhere)
		installation.withSettings("  retry:\n    attempts: 1\n");
		writeTls(installation, "require", "disable", "disable");

		CommandResult required = installation.run("run", "--month", "2025-03");

		// the source queries are checked before the month starts, so the month was not started
		assertThat(required.exitCode()).as(required.toString()).isEqualTo(ExitCodes.DATABASE_UNREACHABLE);
		assertThat(required.err()).contains("Month 2025-03 was not started", "the billing database could not be reached",
				"The server does not support SSL", "TLS settings of the billing database: churn.billing.ssl-mode=require",
				"run the same command again");

		writeTls(installation, "disable", "disable", "disable");
		CommandResult checked = FixtureInstallation.runBare("check-config", "--config",
				installation.configDirectory().toString());
		CommandResult restarted = installation.run("run", "--month", "2025-03");

		assertThat(checked.exitCode()).as(checked.toString()).isZero();
		assertThat(checked.out()).contains("billing database: " + TestPostgres.jdbcUrl(installation.billingDatabaseName()),
				"TLS: churn.billing.ssl-mode=disable", "TLS: churn.reporting.ssl-mode=disable");
		assertThat(restarted.exitCode()).as(restarted.toString()).isZero();
		assertThat(installation.read("2025-03", "summary.csv")).contains("customers_start,9\n", "customers_churned,3\n");
	}

	@Test
	void anUnknownSslModeIsBadConfigurationNamingTheProperty() throws IOException {
		FixtureInstallation installation = FixtureInstallation.create(directory);
		writeTls(installation, "verify-everything", null, null);

		CommandResult status = status(installation);

		assertThat(status.exitCode()).as(status.toString()).isEqualTo(ExitCodes.BAD_CONFIGURATION);
		assertThat(status.err()).contains("churn.billing.ssl-mode must be one of disable, allow, prefer, require, verify-ca, verify-full");
	}

	@Test
	void aRootCertificateThatIsNotThereIsBadConfigurationNamingTheProperty() throws IOException {
		FixtureInstallation installation = FixtureInstallation.create(directory);
		Path applicationYml = installation.configDirectory().resolve("application.yml");
		Files.writeString(applicationYml, Files.readString(applicationYml)
			.replaceFirst("(?m)^  crm:\n", "  crm:\n    ssl-mode: verify-full\n    ssl-root-cert: " + directory.resolve("no-such-root.crt") + "\n"));

		CommandResult status = status(installation);

		assertThat(status.exitCode()).as(status.toString()).isEqualTo(ExitCodes.BAD_CONFIGURATION);
		assertThat(status.err()).contains("Invalid TLS settings of the crm database",
				"churn.crm.ssl-root-cert: " + directory.resolve("no-such-root.crt") + " does not exist or cannot be read");
	}

	@Test
	void aModeTheUrlGivesDifferentlyIsBadConfiguration() throws IOException {
		FixtureInstallation installation = FixtureInstallation.create(directory);
		Path applicationYml = installation.configDirectory().resolve("application.yml");
		String reportingUrl = TestPostgres.jdbcUrl(installation.reportingDatabaseName());
		Files.writeString(applicationYml, Files.readString(applicationYml)
			.replace("url: " + reportingUrl + "\n", "url: " + reportingUrl + "?sslmode=disable\n    ssl-mode: verify-full\n"));

		CommandResult status = status(installation);

		assertThat(status.exitCode()).as(status.toString()).isEqualTo(ExitCodes.BAD_CONFIGURATION);
		assertThat(status.err()).contains(
				"churn.reporting.ssl-mode conflicts with sslmode=disable in the URL (CHURN_REPORTING_URL): set it in one place");
	}

	private static CommandResult status(FixtureInstallation installation) {
		return FixtureInstallation.runBare("status", "--config", installation.configDirectory().toString());
	}

	/** Sets the ssl-mode of each database (null: not set) in the installation's application.yml. */
	private static void writeTls(FixtureInstallation installation, String billing, String crm, String reporting)
			throws IOException {
		Path applicationYml = installation.configDirectory().resolve("application.yml");
		String yml = Files.readString(applicationYml).replaceAll("(?m)^    ssl-mode: .*\n", "");
		yml = withMode(yml, "billing", billing);
		yml = withMode(yml, "crm", crm);
		yml = withMode(yml, "reporting", reporting);
		Files.writeString(applicationYml, yml);
	}

	private static String withMode(String yml, String database, String mode) {
		return mode == null ? yml : yml.replaceFirst("(?m)^  " + database + ":\n", "  " + database + ":\n    ssl-mode: " + mode + "\n");
	}

}
