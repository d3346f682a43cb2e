package io.churnreport.monitoring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.churnreport.support.FixtureInstallation;
import io.churnreport.support.FixtureInstallation.CommandResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The metrics file of a month run, on the fixture whose figures MonthlyChurnJobFunctionalIntegrationTests
 * works out by hand: February 2025 ends with 9 customers and 468.33 MRR after 1 of 10 churned.
 */
class MonthRunTextfileIntegrationTests {

	@TempDir
	Path directory;

	@Test
	void aCompletedMonthWritesTheJobItsStepsItsSourcesAndItsResultsAndNothingIsWrittenWhenUnset() throws IOException {
		FixtureInstallation installation = FixtureInstallation.create(directory);
		installation.runSucceeding("run", "--month", "2025-01");
		assertThat(promFiles()).as("no textfile configured").isEmpty();

		Path textfile = directory.resolve("node-exporter").resolve("churn_report.prom");
		installation.withSettings("  monitoring:\n    textfile: " + textfile + "\n");
		installation.runSucceeding("run", "--month", "2025-02");

		assertThat(promFiles()).containsExactly(textfile);
		OpenMetricsText metrics = OpenMetricsText.parse(Files.readString(textfile));
		Map<String, String> february = Map.of("month", "2025-02");
		assertThat(metrics.value("churn_report_job_success", february)).contains(1.0);
		assertThat(metrics.value("churn_report_job_exit_code", february)).contains(0.0);
		assertThat(metrics.samples("churn_report_job_failed_step")).isEmpty();
		assertThat(metrics.value("churn_report_job_duration_seconds", february)).get().satisfies(
				seconds -> assertThat(seconds).isPositive());
		double now = System.currentTimeMillis() / 1000.0;
		assertThat(metrics.value("churn_report_job_last_run_timestamp_seconds", february)).get()
			.satisfies(time -> assertThat(time).isCloseTo(now, within(600.0)));
		assertThat(metrics.value("churn_report_job_last_success_timestamp_seconds", Map.of())).get()
			.satisfies(time -> assertThat(time).isCloseTo(now, within(600.0)));
		// the fixture's 13 customers and one churned customer, as status shows them
		assertThat(metrics.value("churn_report_step_rows_read", step("extractCustomersStep"))).contains(13.0);
		assertThat(metrics.value("churn_report_step_rows_written", step("extractCustomersStep"))).contains(13.0);
		assertThat(metrics.value("churn_report_step_rows_read", step("classifyChurnStep"))).contains(1.0);
		assertThat(metrics.value("churn_report_step_duration_seconds",
				Map.of("month", "2025-02", "step", "renderReportStep", "status", "COMPLETED"))).isPresent();
		assertThat(metrics.value("churn_report_source_rows_extracted", source("customers"))).contains(13.0);
		assertThat(metrics.value("churn_report_source_rows_quarantined", source("customers"))).contains(0.0);
		assertThat(metrics.samples("churn_report_source_rows_extracted")).extracting(sample -> sample.labels().get("source"))
			.containsExactlyInAnyOrder("customers", "subscriptions", "invoices", "cancellations");
		assertThat(metrics.value("churn_report_quarantine_limit_ratio", february)).contains(0.01);
		// summary.csv of 2025-02: churn_rate 0.100000, mrr_end 468.33, customers_end 9
		assertThat(metrics.value("churn_report_churn_rate", february)).contains(0.1);
		assertThat(metrics.value("churn_report_mrr_end", Map.of("month", "2025-02", "currency", "EUR"))).contains(468.33);
		assertThat(metrics.value("churn_report_customers_end", february)).contains(9.0);
		assertThat(metrics.types()).containsEntry("churn_report_churn_rate", "gauge");
		assertThat(metrics.samples("churn_report_deliveries")).as("no delivery configured").isEmpty();
	}

	@Test
	void aCompletedMonthWhosePacksAreCopiedIntoTheSharedDirectoryCountsEachReportSent() throws IOException {
		FixtureInstallation installation = FixtureInstallation.create(directory);
		Path shared = directory.resolve("shared");
		Path textfile = directory.resolve("churn_report.prom");
		installation.withSettings("  monitoring:\n    textfile: " + textfile + "\n  delivery:\n    directory: " + shared
				+ "\n");

		CommandResult result = installation.run("run", "--month", "2025-02");

		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(result.out()).contains("Reports delivered: 0 mails sent, 2 packs copied into " + shared + ".");
		assertThat(shared.resolve("2025-02").resolve("finance-report.pdf")).isRegularFile();
		OpenMetricsText metrics = OpenMetricsText.parse(Files.readString(textfile));
		assertThat(metrics.value("churn_report_job_success", Map.of("month", "2025-02"))).contains(1.0);
		// one copy of each report's pack; no mail, as no report has recipients
		assertThat(metrics.value("churn_report_deliveries", delivery("management-report", "directory", "sent")))
			.contains(1.0);
		assertThat(metrics.value("churn_report_deliveries", delivery("management-report", "directory", "failed")))
			.contains(0.0);
		assertThat(metrics.value("churn_report_deliveries", delivery("finance-report", "directory", "sent"))).contains(1.0);
		assertThat(metrics.value("churn_report_deliveries", delivery("finance-report", "directory", "failed")))
			.contains(0.0);
		assertThat(metrics.samples("churn_report_deliveries")).hasSize(4);
		assertThat(metrics.types()).containsEntry("churn_report_deliveries", "gauge");
	}

	@Test
	void aSharedDirectoryThatCannotBeWrittenCountsEachReportFailedTheMonthStillCompletesAndDeliverCountsItsResend() throws IOException {
		FixtureInstallation installation = FixtureInstallation.create(directory);
		// a regular file where the shared directory should be: nothing can be copied into it
		Path shared = Files.writeString(directory.resolve("shared"), "not a directory\n");
		Path textfile = directory.resolve("churn_report.prom");
		installation.withSettings("  monitoring:\n    textfile: " + textfile + "\n  delivery:\n    directory: " + shared
				+ "\n    retry:\n      attempts: 2\n      delay: 10ms\n");

		CommandResult result = installation.run("run", "--month", "2025-02");

		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(result.out()).contains("Month 2025-02 completed").contains("; 2 failed (recorded in mart.delivery):");
		OpenMetricsText metrics = OpenMetricsText.parse(Files.readString(textfile));
		Map<String, String> february = Map.of("month", "2025-02");
		assertThat(metrics.value("churn_report_job_success", february)).contains(1.0);
		assertThat(metrics.value("churn_report_job_exit_code", february)).contains(0.0);
		assertThat(metrics.value("churn_report_deliveries", delivery("management-report", "directory", "sent")))
			.contains(0.0);
		assertThat(metrics.value("churn_report_deliveries", delivery("management-report", "directory", "failed")))
			.contains(1.0);
		assertThat(metrics.value("churn_report_deliveries", delivery("finance-report", "directory", "sent"))).contains(0.0);
		assertThat(metrics.value("churn_report_deliveries", delivery("finance-report", "directory", "failed")))
			.contains(1.0);
		assertThat(metrics.samples("churn_report_deliveries")).hasSize(4);

		// once the directory is there, deliver sends one report again: the file tells the month's run with the
		// deliveries as they now stand, the other report's still failed
		Files.delete(shared);
		Files.createDirectory(shared);
		CommandResult finance = installation.run("deliver", "--month", "2025-02", "--report", "finance-report");
		assertThat(finance.exitCode()).as(finance.toString()).isZero();
		OpenMetricsText redelivered = OpenMetricsText.parse(Files.readString(textfile));
		assertThat(redelivered.value("churn_report_job_success", february)).contains(1.0);
		assertThat(redelivered.value("churn_report_churn_rate", february)).contains(0.1);
		assertThat(redelivered.value("churn_report_step_rows_read", step("extractCustomersStep"))).contains(13.0);
		assertThat(redelivered.value("churn_report_job_last_run_timestamp_seconds", february))
			.isEqualTo(metrics.value("churn_report_job_last_run_timestamp_seconds", february));
		assertThat(redelivered.value("churn_report_deliveries", delivery("finance-report", "directory", "sent")))
			.contains(1.0);
		assertThat(redelivered.value("churn_report_deliveries", delivery("finance-report", "directory", "failed")))
			.contains(0.0);
		assertThat(redelivered.value("churn_report_deliveries", delivery("management-report", "directory", "sent")))
			.contains(0.0);
		assertThat(redelivered.value("churn_report_deliveries", delivery("management-report", "directory", "failed")))
			.contains(1.0);

		// a file that tells of a later run is left as it is by a delivery of an earlier month
		installation.runSucceeding("run", "--month", "2025-03");
		String march = Files.readString(textfile);
		CommandResult all = installation.run("deliver", "--month", "2025-02");
		assertThat(all.exitCode()).as(all.toString()).isZero();
		assertThat(Files.readString(textfile)).isEqualTo(march);
		assertThat(OpenMetricsText.parse(march).value("churn_report_deliveries",
				Map.of("month", "2025-03", "report", "management-report", "target", "directory", "status", "sent")))
			.contains(1.0);
	}

	@Test
	void aFailedMonthWritesSuccessZeroItsFailedStepAndTheRowsQuarantinedAboveTheLimit() throws IOException {
		FixtureInstallation installation = FixtureInstallation.create(directory);
		// one bad period of 18: 5.56 %, above the default limit of 1 % (as DataQualityJobIntegrationTests)
		installation.billing()
			.sql("""
					INSERT INTO account VALUES (14, '2024-11-01 00:00+03', 'consumer', 'north');
					INSERT INTO price_period VALUES (1402, 14, 'plus', '2024-11-01 00:00+03', NULL, 30.00, 2, 'EUR', false, NULL);
					""")
			.update();
		Path textfile = directory.resolve("churn_report.prom");
		installation.withSettings("  monitoring:\n    textfile: " + textfile + "\n");

		CommandResult failed = installation.run("run", "--month", "2025-03");

		assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(8);
		OpenMetricsText metrics = OpenMetricsText.parse(Files.readString(textfile));
		Map<String, String> march = Map.of("month", "2025-03");
		assertThat(metrics.value("churn_report_job_success", march)).contains(0.0);
		assertThat(metrics.value("churn_report_job_exit_code", march)).contains(8.0);
		assertThat(metrics.value("churn_report_job_failed_step", Map.of("month", "2025-03", "step", "checkSourceDataStep")))
			.contains(1.0);
		assertThat(metrics.samples("churn_report_job_last_success_timestamp_seconds")).isEmpty();
		Map<String, String> subscriptions = Map.of("month", "2025-03", "source", "subscriptions");
		assertThat(metrics.value("churn_report_source_rows_extracted", subscriptions)).contains(18.0);
		assertThat(metrics.value("churn_report_source_rows_quarantined", subscriptions)).contains(1.0);
		assertThat(metrics.value("churn_report_source_quarantined_ratio", subscriptions)).get()
			.satisfies(ratio -> assertThat(ratio).isCloseTo(1.0 / 18, within(1e-9)));
		// a failed month publishes nothing: no results of its own
		assertThat(metrics.samples("churn_report_churn_rate")).isEmpty();
		assertThat(metrics.samples("churn_report_mrr_end")).isEmpty();

		// the restart that lets the row be left out replaces the file with the completed run
		installation.withSettings("  data-quality:\n    max-quarantined-percent: 10\n");
		installation.runSucceeding("restart", "--month", "2025-03");

		OpenMetricsText restarted = OpenMetricsText.parse(Files.readString(textfile));
		assertThat(restarted.value("churn_report_job_success", march)).contains(1.0);
		assertThat(restarted.value("churn_report_job_exit_code", march)).contains(0.0);
		assertThat(restarted.samples("churn_report_job_failed_step")).isEmpty();
		assertThat(restarted.samples("churn_report_job_last_success_timestamp_seconds")).hasSize(1);
		// the restart did not extract again: the sources' rows are the month's last extract
		assertThat(restarted.value("churn_report_source_rows_extracted", subscriptions)).contains(18.0);
		assertThat(restarted.value("churn_report_source_rows_quarantined", subscriptions)).contains(1.0);
		assertThat(restarted.samples("churn_report_churn_rate")).hasSize(1);
	}

	@Test
	void aTextfileNotNamedPromIsBadConfigurationNamingTheProperty() {
		Path config = directory.resolve("config");
		FixtureInstallation.write(config.resolve("application.yml"), """
				churn:
				  database-mode: external
				  monitoring:
				    textfile: metrics/churn_report.txt
				""");

		CommandResult result = FixtureInstallation.runBare("status", "--config", config.toString());

		assertThat(result.exitCode()).isEqualTo(3);
		assertThat(result.err()).contains("churn.monitoring.textfile", "must name a file ending in .prom");
	}

	private static Map<String, String> step(String name) {
		return Map.of("month", "2025-02", "step", name);
	}

	private static Map<String, String> delivery(String report, String target, String status) {
		return Map.of("month", "2025-02", "report", report, "target", target, "status", status);
	}

	private static Map<String, String> source(String name) {
		return Map.of("month", "2025-02", "source", name);
	}

	private Stream<Path> promFilesIn() throws IOException {
		return Files.walk(directory).filter(path -> path.getFileName().toString().contains(".prom"));
	}

	private java.util.List<Path> promFiles() throws IOException {
		try (Stream<Path> files = promFilesIn()) {
			return files.toList();
		}
	}

}
