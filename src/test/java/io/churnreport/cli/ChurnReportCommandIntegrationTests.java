package io.churnreport.cli;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.churnreport.support.FixtureInstallation;
import io.churnreport.support.FixtureInstallation.CommandResult;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line as an operator meets it, failures included: each says what went wrong and what to do. */
class ChurnReportCommandIntegrationTests {

	@TempDir
	Path directory;

	@Test
	void aMalformedMonthIsAUsageError() {
		CommandResult result = FixtureInstallation.runBare("run", "--month", "2025-7");

		assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
		assertThat(result.err()).contains("'2025-7' is not a month: write it as YYYY-MM", "churn-report run --help");
	}

	@Test
	void noCommandIsAUsageError() {
		CommandResult result = FixtureInstallation.runBare();

		assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
		assertThat(result.err()).contains("Missing command");
	}

	@Test
	void someButNotAllDatabaseUrlsIsBadConfigurationNamingTheMissingOnes() {
		Path config = directory.resolve("config");
		FixtureInstallation.write(config.resolve("application.yml"), """
				churn:
				  billing:
				    url: jdbc:postgresql://localhost:5432/billing
				""");

		CommandResult result = FixtureInstallation.runBare("run", "--month", "2025-03", "--config", config.toString());

		assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_CONFIGURATION);
		assertThat(result.err()).contains("Database URLs missing: CHURN_CRM_URL, CHURN_REPORTING_URL");
	}

	@Test
	void anInvalidPropertyIsBadConfigurationNamingIt() {
		Path config = directory.resolve("config");
		FixtureInstallation.write(config.resolve("application.yml"), """
				churn:
				  currency: euro
				  database-mode: external
				""");

		CommandResult result = FixtureInstallation.runBare("status", "--config", config.toString());

		assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_CONFIGURATION);
		assertThat(result.err()).contains("churn.currency", "three-letter ISO 4217 code");
	}

	@Test
	void anUnreachableReportingDatabaseSaysWhichAndWhatToCheck() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		Path config = directory.resolve("config");
		String url = "jdbc:postgresql://localhost:" + closedPort + "/db?connectTimeout=2";
		FixtureInstallation.write(config.resolve("application.yml"), """
				churn:
				  billing: {url: "%1$s"}
				  crm: {url: "%1$s"}
				  reporting: {url: "%1$s"}
				""".formatted(url));

		CommandResult result = FixtureInstallation.runBare("status", "--config", config.toString());

		assertThat(result.exitCode()).isEqualTo(ExitCodes.DATABASE_UNREACHABLE);
		assertThat(result.err()).contains("Cannot connect to the reporting database", "CHURN_REPORTING_URL");
	}

	@Test
	void restartAndRecoverOfAMonthThatNeverRanSayThereIsNothingToDo() {
		FixtureInstallation installation = FixtureInstallation.create(directory);

		CommandResult restart = installation.run("restart", "--month", "2025-03");
		CommandResult recover = FixtureInstallation.runBare("recover", "--month", "2025-03", "--config",
				installation.configDirectory().toString());

		assertThat(restart.exitCode()).isEqualTo(ExitCodes.NOTHING_TO_RESTART);
		assertThat(restart.err()).contains("has never run", "churn-report run --month 2025-03");
		assertThat(recover.exitCode()).isEqualTo(ExitCodes.NOTHING_TO_RESTART);
		assertThat(recover.err()).contains("nothing to recover");
	}

	@Test
	void statusListsEachMonthsExecutionsAndSteps() {
		FixtureInstallation installation = FixtureInstallation.create(directory);
		assertThat(installation.run("run", "--month", "2025-02").exitCode()).isZero();

		CommandResult all = FixtureInstallation.runBare("status", "--config", installation.configDirectory().toString());
		CommandResult february = FixtureInstallation.runBare("status", "--month", "2025-02", "--config",
				installation.configDirectory().toString());

		assertThat(all.exitCode()).isZero();
		assertThat(all.out()).contains("Month 2025-02", "COMPLETED");
		assertThat(february.out()).containsPattern("extractCustomersStep\\s+COMPLETED\\s+read\\s+13\\s+written\\s+13")
			.containsPattern("classifyChurnStep\\s+COMPLETED\\s+read\\s+1\\s+written\\s+1")
			.contains("renderReportStep");
	}

	@Test
	void statusAsJsonHoldsWhatTheJobRepositoryRecorded() {
		FixtureInstallation installation = FixtureInstallation.create(directory);
		assertThat(installation.run("run", "--month", "2025-02").exitCode()).isZero();

		CommandResult all = FixtureInstallation.runBare("status", "--json", "--config",
				installation.configDirectory().toString());
		CommandResult february = FixtureInstallation.runBare("status", "--json", "--month", "2025-02", "--config",
				installation.configDirectory().toString());

		assertThat(all.exitCode()).as(all.toString()).isZero();
		JsonNode overview = JsonMapper.builder().build().readTree(all.out());
		assertThat(overview.get("lastCompleteMonth").asString()).isEqualTo("2025-02");
		assertThat(overview.get("notCompleteMonths")).isEmpty();
		assertThat(overview.get("leftRunning")).isEmpty();

		JsonNode month = JsonMapper.builder().build().readTree(february.out());
		assertThat(month.get("month").asString()).isEqualTo("2025-02");
		assertThat(month.get("runs")).hasSize(1);
		JsonNode execution = month.get("runs").get(0).get("executions").get(0);
		long executionId = installation.reporting()
			.sql("SELECT job_execution_id FROM batch_job_execution")
			.query(Long.class)
			.single();
		assertThat(execution.get("id").asLong()).isEqualTo(executionId);
		assertThat(execution.get("status").asString()).isEqualTo("COMPLETED");
		assertThat(execution.get("startTime").asString()).matches("\\d{4}-\\d{2}-\\d{2}T.*(Z|[+-]\\d{2}:\\d{2})");
		List<String> steps = new ArrayList<>();
		execution.get("steps").forEach(step -> steps.add(step.get("name").asString() + " " + step.get("status").asString()
				+ " read " + step.get("readCount").asLong() + " written " + step.get("writeCount").asLong()));
		assertThat(steps).hasSize(installation.reporting()
			.sql("SELECT count(*) FROM batch_step_execution WHERE job_execution_id = :id")
			.param("id", executionId)
			.query(Long.class)
			.single()
			.intValue())
			// the fixture's 13 customers and one churned customer, as the text status shows them
			.contains("extractCustomersStep COMPLETED read 13 written 13", "classifyChurnStep COMPLETED read 1 written 1");
	}

	@Test
	void backfillRunsEachMonthInOrderSkippingCompletedOnesAndStopsAtTheFirstFailure() {
		FixtureInstallation installation = FixtureInstallation.create(directory);
		assertThat(installation.run("run", "--month", "2025-02").exitCode()).isZero();

		CommandResult backfill = installation.run("backfill", "--from", "2025-01", "--to", "2025-03");

		assertThat(backfill.exitCode()).as(backfill.toString()).isZero();
		assertThat(backfill.out()).containsSubsequence("Month 2025-01 completed", "2025-02 already complete, skipped",
				"Month 2025-03 completed", "2 months run, 1 already complete");

		FixtureInstallation.write(installation.configDirectory().resolve("churn-reasons.yml"), "reasons: []\n");
		CommandResult failed = installation.run("backfill", "--from", "2025-03", "--to", "2025-05");

		assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(ExitCodes.BAD_CONFIGURATION);
		assertThat(failed.out()).contains("2025-03 already complete, skipped").doesNotContain("2025-05");
		assertThat(failed.err()).contains("Month 2025-04", "lists no reasons", "Backfill stopped at 2025-04");
	}

	@Test
	void backfillRefusesARangeGivenBackwards() {
		CommandResult result = FixtureInstallation.runBare("backfill", "--from", "2025-03", "--to", "2025-01");

		assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
		assertThat(result.err()).contains("--from 2025-03 is after --to 2025-01");
	}

	@Test
	void theNotifyCommandHearsOfAlertsAndFailures() throws Exception {
		FixtureInstallation installation = FixtureInstallation.create(directory);
		Path received = directory.resolve("notified.txt");
		String notify = "echo \"$CHURN_MONTH $CHURN_STATUS $CHURN_EXIT_CODE $CHURN_ALERTS\" >> " + received;

		// January has no earlier month to compare with: no alert, no notification
		assertThat(installation.run("run", "--month", "2025-01", "--notify-command", notify).exitCode()).isZero();
		// March's churn rate of 33 % is far above January and February's 10 %: one alert
		assertThat(installation.run("run", "--month", "2025-02", "--notify-command", notify).exitCode()).isZero();
		assertThat(installation.run("run", "--month", "2025-03", "--notify-command", notify).exitCode()).isZero();
		FixtureInstallation.write(installation.configDirectory().resolve("churn-reasons.yml"), "reasons: []\n");
		assertThat(installation.run("run", "--month", "2025-04", "--notify-command", notify).exitCode())
			.isEqualTo(ExitCodes.BAD_CONFIGURATION);

		assertThat(java.nio.file.Files.readAllLines(received)).containsExactly("2025-03 alerts 0 1", "2025-04 failed 3 0");
	}

	@Test
	void checkConfigTriesEverySourceQueryAndNamesTheFileThatIsWrong() throws Exception {
		FixtureInstallation installation = FixtureInstallation.create(directory);
		String config = installation.configDirectory().toString();

		CommandResult good = FixtureInstallation.runBare("check-config", "--config", config);

		assertThat(good.exitCode()).as(good.toString()).isZero();
		assertThat(good.out()).contains("churn-reasons.yml: 3 reasons", "customers.sql: returns customer_id",
				"cancellations.sql: returns customer_id", "is ready to run");
		// each source database's server once, new enough to hash its rows (SourceQueryTests has the refusal)
		assertThat(good.out()).containsOnlyOnce("ok    billing database: PostgreSQL 1")
			.containsOnlyOnce("ok    crm database: PostgreSQL 1");

		java.nio.file.Path subscriptions = installation.configDirectory().resolve("sources/billing/subscriptions.sql");
		java.nio.file.Files.writeString(subscriptions,
				java.nio.file.Files.readString(subscriptions).replace("closed_by AS end_cause", "closed_by AS ending"));
		CommandResult broken = FixtureInstallation.runBare("check-config", "--config", config);

		assertThat(broken.exitCode()).isEqualTo(ExitCodes.BAD_CONFIGURATION);
		// the file is named once, at the start of its line
		assertThat(broken.out()).contains("FAIL  " + subscriptions + " does not return the column end_cause");
		assertThat(broken.err()).contains("1 problem in " + config + ": " + subscriptions + " does not return the column end_cause");
		// nothing was run: the job repository's tables were not even created
		assertThat(installation.reporting().sql("SELECT to_regclass('batch_job_execution') IS NULL").query(Boolean.class).single())
			.as("nothing was run").isTrue();
	}

}
