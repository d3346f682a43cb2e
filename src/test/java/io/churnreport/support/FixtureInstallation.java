package io.churnreport.support;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.churnreport.cli.ChurnReportCommand;
import io.churnreport.demo.DemoDataGenerator;
import io.churnreport.demo.DemoSettings;

/**
 * An installation as an operator would have it, for the tests: billing, CRM and reporting
 * databases on the embedded test server (the sources loaded from {@code fixture/billing.sql} and
 * {@code fixture/crm.sql}), and a configuration directory with application.yml, the source
 * queries and a classifier copied from {@code fixture/}.
 */
public final class FixtureInstallation {

	private final Path configDirectory;

	private final Path outputDirectory;

	private final String reportingDatabase;

	private final String billingDatabase;

	private final String crmDatabase;

	/** The CSV files of a month that hold its figures (not its rows extracted, which data-quality.csv counts). */
	public static final List<String> FIGURE_FILES = List.of("summary.csv", "churn-by-reason.csv", "cohort-retention.csv",
			"churn-by-segment.csv", "departures-to-competitors.csv", "hidden-churn.csv", "retention-desk.csv",
			"alerts.csv", "trend.csv");

	private FixtureInstallation(Path configDirectory, Path outputDirectory, String reportingDatabase,
			String billingDatabase, String crmDatabase) {
		this.configDirectory = configDirectory;
		this.outputDirectory = outputDirectory;
		this.reportingDatabase = reportingDatabase;
		this.billingDatabase = billingDatabase;
		this.crmDatabase = crmDatabase;
	}

	public static FixtureInstallation create(Path directory) {
		return create(directory, ZoneId.of("Europe/Istanbul"));
	}

	/** The fixture's installation reporting in another time zone. */
	public static FixtureInstallation create(Path directory, ZoneId timeZone) {
		String billing = TestPostgres.newDatabase("billing");
		String crm = TestPostgres.newDatabase("crm");
		String reporting = TestPostgres.newDatabase("reporting");
		JdbcClient.create(TestPostgres.dataSource(billing)).sql(resource("fixture/billing.sql")).update();
		JdbcClient.create(TestPostgres.dataSource(crm)).sql(resource("fixture/crm.sql")).update();
		Path config = directory.resolve("config");
		copyFixtureConfig(config);
		return installed(config, directory, "Anatolia Telecom", timeZone.getId(), billing, crm, reporting);
	}

	/**
	 * An installation of the demo instead: the generated reference databases and the shipped
	 * configuration of {@code config/} (source queries, classifier, targets), with the test
	 * server's URLs and the settings' time zone in application.yml.
	 */
	public static FixtureInstallation demo(Path directory, DemoSettings settings) {
		String billing = TestPostgres.newDatabase("demo_billing");
		String crm = TestPostgres.newDatabase("demo_crm");
		String reporting = TestPostgres.newDatabase("demo_reporting");
		new DemoDataGenerator().generate(TestPostgres.dataSource(billing), TestPostgres.dataSource(crm), settings);
		Path config = directory.resolve("config");
		Path shipped = Path.of("config");
		try {
			for (Path file : List.of(Path.of("churn-reasons.yml"), Path.of("targets.yml"),
					Path.of("sources", "billing", "customers.sql"), Path.of("sources", "billing", "subscriptions.sql"),
					Path.of("sources", "billing", "invoices.sql"), Path.of("sources", "crm", "cancellations.sql"))) {
				Files.createDirectories(config.resolve(file).getParent());
				Files.copy(shipped.resolve(file), config.resolve(file));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return installed(config, directory, "Example Subscriptions Inc.", settings.zone().getId(), billing, crm, reporting);
	}

	/** Writes application.yml naming the company, its time zone and the three databases of the test server. */
	private static FixtureInstallation installed(Path config, Path directory, String companyName, String timeZone,
			String billing, String crm, String reporting) {
		write(config.resolve("application.yml"), """
				churn:
				  company-name: %s
				  time-zone: %s
				  currency: EUR
				  billing:
				    url: %s
				    user: postgres
				  crm:
				    url: %s
				    user: postgres
				  reporting:
				    url: %s
				    user: postgres
				""".formatted(companyName, timeZone, TestPostgres.jdbcUrl(billing), TestPostgres.jdbcUrl(crm),
				TestPostgres.jdbcUrl(reporting)));
		return new FixtureInstallation(config, directory.resolve("out"), reporting, billing, crm);
	}

	private static void copyFixtureConfig(Path config) {
		try {
			Path fixture = Path.of(new ClassPathResource("fixture").getURI());
			try (Stream<Path> files = Files.walk(fixture)) {
				for (Path file : files.filter(Files::isRegularFile).toList()) {
					String relative = fixture.relativize(file).toString();
					if (relative.startsWith("sources") || relative.equals("churn-reasons.yml")) {
						Path target = config.resolve(relative);
						Files.createDirectories(target.getParent());
						Files.copy(file, target);
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Runs a command line against this installation; {@code --config} and {@code --out} are added. */
	public CommandResult run(String... arguments) {
		String[] withOptions = Stream
			.concat(Stream.of(arguments), Stream.of("--config", configDirectory.toString(), "--out", outputDirectory.toString()))
			.toArray(String[]::new);
		return runBare(withOptions);
	}

	/** Runs a command line against this installation and fails the test unless it exits 0. */
	public CommandResult runSucceeding(String... arguments) {
		CommandResult result = run(arguments);
		org.assertj.core.api.Assertions.assertThat(result.exitCode()).as(result.toString()).isZero();
		return result;
	}

	/**
	 * Runs a command line as given, in this JVM, which then holds the system properties as before, as
	 * after a process of its own: Spring Boot's logging writes its settings there (the console's
	 * threshold that {@code status --json} turns off among them), and a later command in the same JVM
	 * would otherwise log nothing to the console.
	 */
	public static CommandResult runBare(String... arguments) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		Properties before = (Properties) System.getProperties().clone();
		try {
			int exitCode = ChurnReportCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), arguments);
			return new CommandResult(exitCode, out.toString(), err.toString());
		}
		finally {
			System.setProperties(before);
		}
	}

	public Path configDirectory() {
		return configDirectory;
	}

	/** Adds settings under {@code churn:} to application.yml, given as lines indented by two spaces. */
	public FixtureInstallation withSettings(String indentedLines) {
		try {
			Files.writeString(configDirectory.resolve("application.yml"), indentedLines, StandardCharsets.UTF_8,
					java.nio.file.StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return this;
	}

	/**
	 * Sets the key of the customer pseudonyms, so that two installations compared file by file show
	 * the same customer under the same pseudonym (each would otherwise draw its own key).
	 */
	public FixtureInstallation withCustomerIdKey() {
		return withSettings("  reports:\n    customer-id-key: key-shared-by-compared-installations\n");
	}

	/**
	 * Gives every row of the fixture's accounts, price periods and cancellation requests a change
	 * time, {@code changed} (2020-01-01 until a test sets it), which the queries of
	 * {@link #readingByChanges()} ask by.
	 */
	public FixtureInstallation withChangeTimes() {
		billing().sql("""
				ALTER TABLE account ADD COLUMN changed timestamptz NOT NULL DEFAULT '2020-01-01 00:00Z';
				ALTER TABLE price_period ADD COLUMN changed timestamptz NOT NULL DEFAULT '2020-01-01 00:00Z'
				""").update();
		crm().sql("ALTER TABLE churn_request ADD COLUMN changed timestamptz NOT NULL DEFAULT '2020-01-01 00:00Z'")
			.update();
		return this;
	}

	/**
	 * Makes the customers, subscriptions and cancellations queries ask only for the rows changed
	 * since {@code :changed_since}, by the change times of {@link #withChangeTimes()}.
	 */
	public FixtureInstallation readingByChanges() {
		write(configDirectory.resolve("sources/billing/customers.sql"), """
				SELECT account_no AS customer_id, opened AS created_at, kind AS segment, area AS region
				FROM account
				WHERE changed >= :changed_since
				""");
		// every period of a contract one of whose periods changed
		write(configDirectory.resolve("sources/billing/subscriptions.sql"), """
				SELECT contract_id AS subscription_id, account_no AS customer_id, tariff AS plan_code,
				       starts AS valid_from, ends AS valid_to, price AS amount, every_months AS interval_months,
				       ccy AS currency, free_trial AS is_trial, closed_by AS end_cause
				FROM price_period
				WHERE contract_id IN (SELECT contract_id FROM price_period WHERE changed >= :changed_since)
				""");
		write(configDirectory.resolve("sources/crm/cancellations.sql"), """
				SELECT client AS customer_id, asked AS requested_at, takes_effect AS effective_at,
				       why AS reason_code, note AS reason_text, rival AS competitor, result AS outcome
				FROM churn_request
				WHERE changed >= :changed_since
				""");
		return this;
	}

	/** Replaces text in a file of the configuration directory, as an operator's edit would. */
	public void edit(String file, String text, String replacement) {
		Path path = configDirectory.resolve(file);
		try {
			String content = Files.readString(path, StandardCharsets.UTF_8);
			if (!content.contains(text)) {
				throw new IllegalArgumentException(path + " does not contain " + text);
			}
			Files.writeString(path, content.replace(text, replacement), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Whether the month left no trace: no job execution of it, no staging or mart row and no output
	 * directory.
	 */
	public boolean monthUntouched(String month) {
		JdbcClient reporting = reporting();
		if (reporting.sql("SELECT to_regclass('batch_job_execution_params') IS NOT NULL").query(Boolean.class).single()
				&& reporting.sql("SELECT count(*) FROM batch_job_execution_params WHERE parameter_name = 'month'"
						+ " AND parameter_value = :month")
					.param("month", month)
					.query(Long.class)
					.single() > 0) {
			return false;
		}
		if (reporting.sql("SELECT to_regclass('mart.month_run') IS NOT NULL").query(Boolean.class).single()) {
			for (String table : List.of("staging.customer", "staging.subscription_period", "staging.invoice",
					"staging.cancellation", "mart.month_run")) {
				String column = table.startsWith("mart") ? "month" : "run_month";
				if (reporting.sql("SELECT count(*) FROM " + table + " WHERE " + column + " = :month::date")
					.param("month", month + "-01")
					.query(Long.class)
					.single() > 0) {
					return false;
				}
			}
		}
		return !Files.exists(monthDirectory(month));
	}

	public Path monthDirectory(String month) {
		return outputDirectory.resolve(month);
	}

	/** The JDBC URL of the billing database, as application.yml gives it. */
	public String billingUrl() {
		return TestPostgres.jdbcUrl(billingDatabase);
	}

	/** The JDBC URL of the reporting database, as application.yml gives it. */
	public String reportingUrl() {
		return TestPostgres.jdbcUrl(reportingDatabase);
	}

	public JdbcClient reporting() {
		return JdbcClient.create(reportingDataSource());
	}

	public DataSource reportingDataSource() {
		return TestPostgres.dataSource(reportingDatabase);
	}

	/** The billing source, writable, as the billing team would fix it. */
	public JdbcClient billing() {
		return JdbcClient.create(TestPostgres.dataSource(billingDatabase));
	}

	/** The CRM source, writable, as the CRM team would fix it. */
	public JdbcClient crm() {
		return JdbcClient.create(TestPostgres.dataSource(crmDatabase));
	}

	/** The names of the billing, CRM and reporting databases on the test server, e.g. to connect as another role. */
	public String billingDatabaseName() {
		return billingDatabase;
	}

	public String crmDatabaseName() {
		return crmDatabase;
	}

	public String reportingDatabaseName() {
		return reportingDatabase;
	}

	public String read(String month, String file) {
		try {
			return Files.readString(monthDirectory(month).resolve(file), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static void write(Path file, String content) {
		try {
			Files.createDirectories(file.getParent());
			Files.writeString(file, content, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String resource(String name) {
		try {
			return new ClassPathResource(name).getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public record CommandResult(int exitCode, String out, String err) {

		@Override
		public String toString() {
			return "exit " + exitCode + "\nstdout: " + out + "\nstderr: " + err;
		}

	}

}
