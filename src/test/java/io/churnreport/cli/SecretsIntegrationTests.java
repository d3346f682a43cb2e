package io.churnreport.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.churnreport.support.ChildJvm;
import io.churnreport.support.FixtureInstallation;
import io.churnreport.support.TestPostgres;
import io.churnreport.support.TestRoles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Passwords come from the environment or a secrets directory outside the configuration, and are
 * never printed: each run here is a process of its own, as a scheduler starts it, and everything
 * it writes to standard output and error (its log included) is searched for the password. The
 * databases' role logs in with its password only (SCRAM), so a wrong one really fails.
 */
class SecretsIntegrationTests {

	/** The PostgreSQL driver and the pool log the URLs they connect to at DEBUG. */
	private static final String DRIVER_DEBUG = """
			logging:
			  level:
			    com.zaxxer.hikari: DEBUG
			    org.postgresql: DEBUG
			""";

	@TempDir
	Path directory;

	@Test
	void theLauncherTakesThePasswordsFromTheSecretsDirectoryAndPrintsNoneOfThemInJsonLogs() throws Exception {
		String password = distinctivePassword();
		FixtureInstallation installation = FixtureInstallation.create(directory.resolve("installation"));
		String role = roleFor(installation, password, installation.reportingDatabaseName());
		Path config = configWith(installation, "config", role, urls(installation, installation.reportingDatabaseName(), ""),
				"""
						logging:
						  level:
						    com.zaxxer.hikari: DEBUG
						    org.postgresql: DEBUG
						    org.springframework.batch: INFO
						""");
		Path secrets = secretsDirectory(directory.resolve("secrets"), password);
		// a client key's password too (unused: the test server has no TLS), which the pool must not log with its settings
		Files.writeString(secrets.resolve("churn.billing.ssl-key-password"), password);
		Path out = directory.resolve("out");

		Run run = launch(List.of("sh", launcher().toString(), "run", "--month", "2025-03", "--config", config.toString(),
				"--out", out.toString(), "--log-format", "json"), Map.of("CHURN_SECRETS_DIRECTORY", secrets.toString()));

		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(run.output()).contains("Month 2025-03 completed", "billing - configuration:")
			.containsPattern("(?m)^\\{\"@timestamp\"");
		assertThat(Files.readString(out.resolve("2025-03/summary.csv"))).contains("customers_start,9\n",
				"customers_churned,3\n");
		assertThat(run.output()).doesNotContain(password);
		assertThat(installation.reporting()
			.sql("SELECT count(*) FROM batch_job_execution_params WHERE parameter_value LIKE '%' || :password || '%'")
			.param("password", password)
			.query(Long.class)
			.single()).isZero();
		try (Stream<Path> files = Files.walk(out)) {
			for (Path file : files.filter(file -> file.toString().endsWith(".csv")).toList()) {
				assertThat(Files.readString(file)).as(file.toString()).doesNotContain(password);
			}
		}
	}

	@Test
	void noPasswordIsPrintedWhenALoginFailsOrAUrlCarriesIt() throws Exception {
		String password = distinctivePassword();
		String wrongPassword = distinctivePassword();
		FixtureInstallation installation = FixtureInstallation.create(directory.resolve("installation"));
		String checkedReporting = TestPostgres.newDatabase("reporting");
		String role = roleFor(installation, password, installation.reportingDatabaseName());
		TestRoles.makeOwner(role, checkedReporting);
		Path secrets = secretsDirectory(directory.resolve("secrets"), password);

		// the reporting database's login fails: a wrong password in the environment beats the secrets directory
		Path wrongReporting = configWith(installation, "wrong-reporting", role,
				urls(installation, installation.reportingDatabaseName(), ""), "");
		Run status = start(List.of("status", "--config", wrongReporting.toString(), "--secrets", secrets.toString()),
				Map.of("CHURN_REPORTING_PASSWORD", wrongPassword));
		// the billing database's URL carries a wrong password as a parameter
		Path wrongBilling = configWith(installation, "wrong-billing", role, List.of(
				TestPostgres.jdbcUrl(installation.billingDatabaseName()) + "?password=" + wrongPassword + "&connectTimeout=5",
				TestPostgres.jdbcUrl(installation.crmDatabaseName()),
				TestPostgres.jdbcUrl(installation.reportingDatabaseName())), DRIVER_DEBUG);
		Path notified = directory.resolve("notify.env");
		Run run = start(List.of("run", "--month", "2025-03", "--config", wrongBilling.toString(), "--out",
				directory.resolve("out").toString(), "--notify-command", "env > " + notified),
				Map.of("CHURN_SECRETS_DIRECTORY", secrets.toString(), "CHURN_CRM_PASSWORD", password));
		// every URL carries the right password, and check-config shows the URLs
		Path inUrls = configWith(installation, "in-urls", role, urls(installation, checkedReporting, "?password=" + password),
				DRIVER_DEBUG);
		Run check = start(List.of("check-config", "--config", inUrls.toString()), Map.of());

		status.await();
		run.await();
		check.await();

		assertThat(status.exitCode()).as(status.output()).isEqualTo(ExitCodes.DATABASE_UNREACHABLE);
		assertThat(status.output()).contains("Cannot connect to the reporting database",
				"password authentication failed for user \"" + role + "\"");
		assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCodes.DATABASE_UNREACHABLE);
		// the source queries are checked before the month starts; a refused login is not tried again
		assertThat(run.output()).contains("Month 2025-03 was not started", "the billing database could not be reached",
				"password authentication failed").doesNotContain("Tried ");
		// the notify command hears of the failure, but gets no password and no secrets directory
		assertThat(Files.readString(notified)).contains("CHURN_STATUS=failed", "CHURN_MONTH=2025-03")
			.doesNotContain(password, wrongPassword, "CHURN_CRM_PASSWORD", "CHURN_SECRETS_DIRECTORY");
		assertThat(check.exitCode()).as(check.output()).isZero();
		assertThat(check.output()).contains(
				"billing database: " + TestPostgres.jdbcUrl(installation.billingDatabaseName()) + "?password=******",
				"is ready to run");
		// the driver logs the URL it connects with: the password went to it as a property instead
		assertThat(check.output()).containsPattern(
				"(?m)Connecting with URL: " + Pattern.quote(TestPostgres.jdbcUrl(installation.billingDatabaseName())) + "$");
		for (Run each : List.of(status, run, check)) {
			assertThat(each.output()).as(each.output()).doesNotContain(password).doesNotContain(wrongPassword);
		}
	}

	private static String distinctivePassword() {
		return "Pw-" + UUID.randomUUID().toString().replace("-", "");
	}

	/**
	 * A role like an operator's: it logs in with the password, reads the source tables only, and
	 * owns the reporting database.
	 */
	private static String roleFor(FixtureInstallation installation, String password, String reportingDatabase) {
		String role = TestRoles.createWithPassword("churn_report", password);
		TestRoles.grantReadOnly(role, installation.billingDatabaseName(), "public");
		TestRoles.grantReadOnly(role, installation.crmDatabaseName(), "public");
		TestRoles.makeOwner(role, reportingDatabase);
		return role;
	}

	private static List<String> urls(FixtureInstallation installation, String reportingDatabase, String parameters) {
		return List.of(TestPostgres.jdbcUrl(installation.billingDatabaseName()) + parameters,
				TestPostgres.jdbcUrl(installation.crmDatabaseName()) + parameters,
				TestPostgres.jdbcUrl(reportingDatabase) + parameters);
	}

	/** A copy of the installation's configuration connecting as the role to the given URLs, without any password. */
	private Path configWith(FixtureInstallation installation, String name, String role, List<String> urls, String more)
			throws IOException {
		Path config = directory.resolve(name);
		try (Stream<Path> files = Files.walk(installation.configDirectory())) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				Path target = config.resolve(installation.configDirectory().relativize(file));
				Files.createDirectories(target.getParent());
				Files.copy(file, target);
			}
		}
		FixtureInstallation.write(config.resolve("application.yml"), """
				churn:
				  company-name: Anatolia Telecom
				  time-zone: Europe/Istanbul
				  currency: EUR
				  billing:
				    url: "%2$s"
				    user: %1$s
				  crm:
				    url: "%3$s"
				    user: %1$s
				  reporting:
				    url: "%4$s"
				    user: %1$s
				""".formatted(role, urls.get(0), urls.get(1), urls.get(2)) + more);
		return config;
	}

	/**
	 * One file per password, named as the property, readable by the owner only, ending with a
	 * newline as {@code echo} or an editor leaves it.
	 */
	private static Path secretsDirectory(Path directory, String password) throws IOException {
		Files.createDirectories(directory);
		for (String database : List.of("billing", "crm", "reporting")) {
			Path file = directory.resolve("churn." + database + ".password");
			Files.writeString(file, password + "\n");
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		}
		return directory;
	}

	/** The project's ./churn-report, which runs the jar the build made (it must be newer than the sources). */
	private static Path launcher() throws IOException {
		Path home = Path.of("").toAbsolutePath();
		Path jar = home.resolve("target/churn-report.jar");
		assertThat(jar).as("run the tests with ./mvnw verify, which builds the jar first").exists();
		FileTime built = Files.getLastModifiedTime(jar);
		for (Path sources : List.of(home.resolve("src"), home.resolve("reports"), home.resolve("config"),
				home.resolve("pom.xml"))) {
			try (Stream<Path> files = Files.walk(sources)) {
				assertThat(files.filter(Files::isRegularFile).filter(file -> modified(file).compareTo(built) > 0).toList())
					.as("sources newer than target/churn-report.jar: ./churn-report would rebuild it; run ./mvnw verify")
					.isEmpty();
			}
		}
		return home.resolve("churn-report");
	}

	private static FileTime modified(Path file) {
		try {
			return Files.getLastModifiedTime(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** churn-report with these arguments in a JVM of its own, as ChildProcessRun starts it. */
	private Run start(List<String> arguments, Map<String, String> environment) throws IOException {
		return Run.start(ChildJvm.churnReport(arguments), environment, directory);
	}

	private Run launch(List<String> command, Map<String, String> environment) throws IOException, InterruptedException {
		return Run.start(command, environment, directory).await();
	}

	/** A child process whose standard output and error go to one log file. */
	private static final class Run {

		private final Process process;

		private final Path log;

		private Run(Process process, Path log) {
			this.process = process;
			this.log = log;
		}

		static Run start(List<String> command, Map<String, String> environment, Path directory) throws IOException {
			Path log = Files.createTempFile(directory, "run-", ".log");
			ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile());
			// nothing of the machine's own churn-report settings: only what the test gives
			builder.environment().keySet().removeIf(name -> name.startsWith("CHURN_"));
			builder.environment().putAll(environment);
			return new Run(builder.start(), log);
		}

		Run await() throws InterruptedException {
			if (!process.waitFor(3, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				throw new AssertionError("churn-report did not finish within 3 minutes: " + output());
			}
			return this;
		}

		int exitCode() {
			return process.exitValue();
		}

		String output() {
			try {
				return Files.readString(log, StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
