package io.churnreport.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.FileSystemUtils;

import io.churnreport.monitoring.OpenMetricsText;
import io.churnreport.support.FixtureInstallation;
import io.churnreport.support.FixtureInstallation.CommandResult;
import io.churnreport.support.PdfText;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code churn-report demo} run twice on the same embedded PostgreSQL, as an operator may: the
 * second replaces what the first left in the reporting database, so its outputs are the first's,
 * down to the job execution each report names.
 */
class DemoCommandIntegrationTests {

	private static final List<String> MONTHS = List.of("2025-04", "2025-05", "2025-06");

	@TempDir
	Path directory;

	@Test
	void aSecondDemoReplacesTheFirstAndWritesTheSameOutputs() throws IOException {
		Path config = shippedConfigurationWithItsOwnDatabase();

		CommandResult first = demo(config, directory.resolve("first"));
		CommandResult second = demo(config, directory.resolve("second"));

		assertThat(first.exitCode()).as(first.toString()).isZero();
		assertThat(second.exitCode()).as(second.toString()).isZero();
		assertThat(monthLines(second)).hasSize(3).isEqualTo(monthLines(first));
		// the quarter its months complete is reported after its last month, as a month's run does
		Path quarter = directory.resolve("second").resolve("2025-Q2");
		assertThat(second.out()).containsSubsequence("  2025-06  customers",
				"  FY2025 Q2 reported: " + quarter.resolve("quarterly-pack.pdf"),
				"Demo done: reports and CSVs for 3 months, 1 quarter and 0 fiscal years are in ");
		assertThat(Files.readString(quarter.resolve("period-summary.csv")))
			.isEqualTo(Files.readString(directory.resolve("first").resolve("2025-Q2").resolve("period-summary.csv")))
			.startsWith("metric,value,year_to_date,same_period_last_year,change\ncustomers_start,0,");
		// with its pack
		assertThat(PdfText.of(quarter.resolve("quarterly-pack.pdf"))).contains("Quarterly churn pack FY2025 Q2");
		assertThat(quarter.resolve("quarterly-pack.xlsx")).isNotEmptyFile();
		for (int i = 0; i < MONTHS.size(); i++) {
			String month = MONTHS.get(i);
			assertThat(Files.readString(directory.resolve("second").resolve(month).resolve("summary.csv")))
				.as(month)
				.isEqualTo(Files.readString(directory.resolve("first").resolve(month).resolve("summary.csv")));
			// the executions are numbered from 1 again, in month order
			assertThat(PdfText.of(directory.resolve("second").resolve(month).resolve("management-report.pdf")))
				.as(month)
				.contains("Job execution " + (i + 1));
		}
		// and the job repository holds the second demo's months only
		CommandResult status = FixtureInstallation.runBare("status", "--config", config.toString());
		assertThat(status.exitCode()).as(status.toString()).isZero();
		assertThat(status.out()).containsPattern("(?m)^Month 2025-04\\R  execution 1 +COMPLETED")
			.containsPattern("(?m)^Month 2025-06\\R  execution 3 +COMPLETED")
			.doesNotContain("execution 4");
	}

	@Test
	void aBadConfigurationStopsTheDemoBeforeItGeneratesAnything() throws IOException {
		Path config = shippedConfigurationWithItsOwnDatabase();
		Files.writeString(config.resolve("targets.yml"), "target-churn-rate: 0.02\ncategory-thresholds:\n  price: [0.01\n");
		Files.delete(config.resolve("sources/crm/cancellations.sql"));

		CommandResult result = demo(config, directory.resolve("out"));

		assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.BAD_CONFIGURATION);
		assertThat(result.err()).contains("The demo did not start, the configuration has 2 problems: ")
			.contains("targets.yml is not valid YAML")
			.contains("Source query " + config.resolve("sources/crm/cancellations.sql").toAbsolutePath().normalize()
					+ " not found")
			.contains("Fix them in " + config + ", then run the demo again.")
			.doesNotContain("restart");
		assertThat(result.out()).doesNotContain("Generated");
		assertThat(directory.resolve("out")).isEmptyDirectory();
	}

	@Test
	void eachMonthOfTheDemoWritesTheMetricsFileAsTheApplicationYmlExampleSetsIt() throws IOException {
		Path config = shippedConfigurationWithItsOwnDatabase();
		Path textfile = directory.resolve("textfile").resolve("churn_report.prom");
		Path applicationYaml = config.resolve("application.yml");
		String example = "  # monitoring:\n  #   textfile: /var/lib/node_exporter/textfile/churn_report.prom\n";
		assertThat(Files.readString(applicationYaml)).contains(example);
		Files.writeString(applicationYaml, Files.readString(applicationYaml)
			.replace(example, "  monitoring:\n    textfile: " + textfile + "\n"));

		CommandResult result = demo(config, directory.resolve("out"));

		assertThat(result.exitCode()).as(result.toString()).isZero();
		// the last month's run is the file's, with the customers the demo printed for it
		OpenMetricsText metrics = OpenMetricsText.parse(Files.readString(textfile));
		Map<String, String> june = Map.of("month", "2025-06");
		assertThat(metrics.value("churn_report_job_success", june)).contains(1.0);
		assertThat(metrics.samples("churn_report_job_success")).hasSize(1);
		String juneLine = monthLines(result).get(2);
		assertThat(juneLine).startsWith("  2025-06  customers");
		double customers = Double.parseDouble(juneLine.replaceFirst("^\\s*2025-06\\s+customers\\s+(\\d+).*$", "$1"));
		assertThat(metrics.value("churn_report_customers_end", june)).contains(customers);
		// every customer is staged; none is read, as the shipped query asks only for the customers
		// changed since the month before's extract, and the demo's rows last changed in their own months
		assertThat(metrics.value("churn_report_step_rows_written", Map.of("month", "2025-06", "step", "extractCustomersStep")))
			.get()
			.satisfies(rows -> assertThat(rows).isGreaterThanOrEqualTo(customers));
		assertThat(metrics.value("churn_report_step_rows_read", Map.of("month", "2025-06", "step", "extractCustomersStep")))
			.contains(0.0);
	}

	@Test
	void checkingTheConfigurationBeforeAnyDemoSaysToRunTheDemoAndPassesAfterIt() throws IOException {
		Path config = shippedConfigurationWithItsOwnDatabase();

		// neither status nor check-config creates a database
		CommandResult statusBefore = FixtureInstallation.runBare("status", "--config", config.toString());
		assertThat(statusBefore.out()).as(statusBefore.toString()).startsWith("No month has run yet here: there is no"
				+ " embedded database in " + directory.resolve("pg"));
		assertThat(directory.resolve("pg")).doesNotExist();
		CommandResult before = FixtureInstallation.runBare("check-config", "--config", config.toString());

		assertThat(before.exitCode()).as(before.toString()).isEqualTo(3);
		assertThat(before.err()).contains("There is no embedded database in " + directory.resolve("pg")
				+ " to try the source queries and the reporting database on (a check creates none). churn-report demo"
				+ " creates it and fills it with demo data; for your own databases, set CHURN_BILLING_URL, CHURN_CRM_URL"
				+ " and CHURN_REPORTING_URL.");
		assertThat(directory.resolve("pg")).doesNotExist();

		assertThat(demo(config, directory.resolve("out")).exitCode()).isZero();
		CommandResult after = FixtureInstallation.runBare("check-config", "--config", config.toString());
		assertThat(after.exitCode()).as(after.toString()).isZero();
		CommandResult statusAfter = FixtureInstallation.runBare("status", "--config", config.toString());
		assertThat(statusAfter.out()).as(statusAfter.toString()).contains("Month 2025-06", "COMPLETED")
			.doesNotContain("no embedded database");
	}

	private static CommandResult demo(Path config, Path out) {
		return FixtureInstallation.runBare("demo", "--customers", "50", "--months", "3", "--last-month", "2025-06",
				"--config", config.toString(), "--out", out.toString());
	}

	/** The console's line per month: its figures. */
	private static List<String> monthLines(CommandResult result) {
		return result.out().lines().filter(line -> line.startsWith("  20")).toList();
	}

	/** The shipped config/, with the embedded PostgreSQL in the test's directory. */
	private Path shippedConfigurationWithItsOwnDatabase() throws IOException {
		Path config = directory.resolve("config");
		FileSystemUtils.copyRecursively(Path.of("config"), config);
		Path applicationYaml = config.resolve("application.yml");
		Files.writeString(applicationYaml, Files.readString(applicationYaml)
			.replace("data-directory: data/embedded-postgres", "data-directory: " + directory.resolve("pg")));
		return config;
	}

}
