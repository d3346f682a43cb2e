package io.churnreport.job;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.batch.core.job.DefaultJobKeyGenerator;

import io.churnreport.cli.ExitCodes;
import io.churnreport.support.ChildProcessRun;
import io.churnreport.support.FixtureInstallation;
import io.churnreport.support.FixtureInstallation.CommandResult;
import io.churnreport.support.PdfText;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run killed with SIGKILL in the middle of a step, as a power cut or an out-of-memory killer
 * would: the next run says what happened and what to do, and recover + restart complete the month
 * with the same results as an uninterrupted run.
 */
class KilledRunIntegrationTests {

	@TempDir
	Path directory;

	@Test
	void aKilledRunIsRecoveredByTheSameRunCommandToTheSameResults() throws Exception {
		FixtureInstallation installation = FixtureInstallation.create(directory.resolve("killed")).withCustomerIdKey();
		FixtureInstallation uninterrupted = FixtureInstallation.create(directory.resolve("uninterrupted")).withCustomerIdKey();
		for (FixtureInstallation each : List.of(installation, uninterrupted)) {
			assertThat(each.run("run", "--month", "2025-02").exitCode()).isZero();
		}
		// killed while inside the extract step of subscriptions
		Process process = ChildProcessRun.start(installation, "2025-03", 30, directory.resolve("killed.log"))
			.awaitSlowStep()
			.process();
		process.destroyForcibly().waitFor();

		// the scheduler's retry, with no one's command in between: the dead process's execution is
		// marked failed and resumed
		CommandResult again = installation.run("run", "--month", "2025-03");
		assertThat(uninterrupted.run("run", "--month", "2025-03").exitCode()).isZero();

		assertThat(again.exitCode()).as(again.toString()).isZero();
		assertThat(again.out()).contains("Month 2025-03 completed (execution 3)");
		for (String file : List.of("summary.csv", "churn-by-reason.csv", "cohort-retention.csv", "churn-by-segment.csv",
				"hidden-churn.csv", "trend.csv")) {
			assertThat(installation.read("2025-03", file)).as(file).isEqualTo(uninterrupted.read("2025-03", file));
		}
		assertThat(installation.reporting()
			.sql("SELECT status FROM batch_job_execution WHERE job_execution_id = 2")
			.query(String.class)
			.single()).as("the killed run's execution").isEqualTo("FAILED");
		assertThat(installation.reporting()
			.sql("SELECT count(*) FROM batch_step_execution WHERE step_name = 'extractCustomersStep'")
			.query(Long.class)
			.single()).as("the killed run's completed steps (the extracts beside the killed one) were not repeated")
			.isEqualTo(2);
		assertThat(installation.reporting()
			.sql("SELECT count(*) FROM staging.subscription_period WHERE run_month = '2025-03-01'")
			.query(Long.class)
			.single()).isEqualTo(17);
	}

	@Test
	void aRunAskedToEndWithSigtermStopsAtASafePointAndTheSameRunCommandResumesIt() throws Exception {
		FixtureInstallation installation = FixtureInstallation.create(directory.resolve("terminated")).withCustomerIdKey();
		FixtureInstallation uninterrupted = FixtureInstallation.create(directory.resolve("uninterrupted")).withCustomerIdKey();
		Path log = directory.resolve("terminated.log");
		// SIGTERM while the subscriptions query runs, as systemd, Kubernetes or a scheduler's time limit sends it;
		// the query would take 10 minutes before its first row, so the run ends in time only by cancelling it
		Process process = ChildProcessRun.start(installation, "2025-03", 600, log).awaitSlowStep().process();
		process.destroy();

		assertThat(process.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
		String output = Files.readString(log);
		assertThat(process.exitValue()).as(output).isEqualTo(143);
		assertThat(output).contains(
				"The process was asked to end (SIGTERM or SIGINT): month 2025-03 (execution 1) stops at the end of its "
						+ "current step",
				"churn-report: Month 2025-03 stopped in step extractSubscriptionsStep (execution 1) because the process "
						+ "was asked to end",
				"Resume it by running the same command again, e.g.: churn-report run --month 2025-03");
		assertThat(installation.reporting()
			.sql("SELECT status FROM batch_job_execution WHERE job_execution_id = 1")
			.query(String.class)
			.single()).isEqualTo("STOPPED");

		CommandResult again = installation.run("run", "--month", "2025-03");
		assertThat(uninterrupted.run("run", "--month", "2025-03").exitCode()).isZero();

		assertThat(again.exitCode()).as(again.toString()).isZero();
		for (String file : List.of("summary.csv", "churn-by-reason.csv", "cohort-retention.csv", "churn-by-segment.csv",
				"hidden-churn.csv", "retention-desk.csv", "trend.csv", "alerts.csv")) {
			assertThat(installation.read("2025-03", file)).as(file).isEqualTo(uninterrupted.read("2025-03", file));
		}
		assertThat(output).doesNotContain("ERROR", "Exception");
		assertThat(installation.reporting()
			.sql("SELECT count(*) FROM batch_step_execution WHERE step_name = 'extractCustomersStep'")
			.query(Long.class)
			.single()).as("the step completed before the stop was not repeated").isEqualTo(1);
	}

	@Test
	void stopAsksARunInAnotherProcessToStopSoThatRestartFinishesIt() throws Exception {
		FixtureInstallation installation = FixtureInstallation.create(directory);
		// the subscriptions query would take 10 minutes before its first row: the stop cancels it
		Process process = ChildProcessRun.start(installation, "2025-03", 600, directory.resolve("stopped.log"))
			.awaitSlowStep()
			.process();

		CommandResult stop = FixtureInstallation.runBare("stop", "--month", "2025-03", "--config",
				installation.configDirectory().toString());
		boolean ended = process.waitFor(2, java.util.concurrent.TimeUnit.MINUTES);

		assertThat(stop.exitCode()).as(stop.toString()).isZero();
		assertThat(stop.out()).contains("was asked to stop");
		assertThat(ended).isTrue();
		assertThat(process.exitValue()).isEqualTo(ExitCodes.JOB_FAILED);
		assertThat(installation.reporting()
			.sql("SELECT status FROM batch_job_execution ORDER BY job_execution_id DESC LIMIT 1")
			.query(String.class)
			.single()).isEqualTo("STOPPED");
		assertThat(installation.monthDirectory("2025-03").resolve("summary.csv")).doesNotExist();
		// what the stopped process says: no fault to fix, no source query to check
		assertThat(Files.readString(directory.resolve("stopped.log")).lines().filter(line -> line.startsWith("churn-report:")))
			.containsExactly("churn-report: Month 2025-03 stopped on request in step extractSubscriptionsStep (execution 1): "
					+ "nothing failed, and the steps that completed are kept. Resume it with: churn-report restart --month 2025-03");
		// and what status says of it, in words rather than the job's exception
		assertThat(status(installation, "2025-03"))
			.contains("    stopped on request in step extractSubscriptionsStep; resume it with: churn-report restart --month 2025-03\n")
			.doesNotContain("Exception");

		CommandResult restart = installation.run("restart", "--month", "2025-03");

		assertThat(restart.exitCode()).as(restart.toString()).isZero();
		assertThat(installation.read("2025-03", "summary.csv")).contains("customers_churned,3\n");
		assertThat(status(installation, "2025-03"))
			.contains("    stopped on request in step extractSubscriptionsStep\n")
			.doesNotContain("resume it", "Exception");
	}

	@ParameterizedTest
	@CsvSource({ "mergeInvoiceHistoryStep, staging.invoice_history, mergeInvoiceHistoryStep",
			// its customer ranges wait for the lock, each in a step execution of its own, named by their step
			"computeMonthEndMrrStep, staging.customer_month_mrr, computeMonthEndMrrStep" })
	void stopCancelsAStepsLongStatementRatherThanWaitingForIt(String step, String writtenTable, String stoppedStep)
			throws Exception {
		FixtureInstallation installation = FixtureInstallation.create(directory);
		assertThat(installation.run("run", "--month", "2025-02").exitCode()).isZero();
		DataSource reporting = installation.reportingDataSource();
		Process process;
		try (Connection blocker = reporting.getConnection()) {
			// the step's statement waits for this lock as it would for minutes of work on a large history
			blocker.setAutoCommit(false);
			blocker.createStatement().execute("LOCK TABLE " + writtenTable + " IN SHARE MODE");
			process = ChildProcessRun.start(installation, "2025-03", 0, directory.resolve("stopped.log"))
				.awaitStep(step)
				.process();
			awaitWaitingForLock(installation, writtenTable);

			CommandResult stop = FixtureInstallation.runBare("stop", "--month", "2025-03", "--config",
					installation.configDirectory().toString());

			assertThat(stop.exitCode()).as(stop.toString()).isZero();
			// still holding the lock: only a cancelled statement lets the process end
			assertThat(process.waitFor(90, java.util.concurrent.TimeUnit.SECONDS)).as("the run ended while the lock was held")
				.isTrue();
			blocker.rollback();
		}
		assertThat(process.exitValue()).isEqualTo(ExitCodes.JOB_FAILED);
		assertThat(Files.readString(directory.resolve("stopped.log")).lines().filter(line -> line.startsWith("churn-report:")))
			.singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
			.matches("churn-report: Month 2025-03 stopped on request in step " + stoppedStep + " \\(execution 2\\): "
					+ "nothing failed, and the steps that completed are kept\\. Resume it with: churn-report restart --month 2025-03");
		assertThat(installation.reporting()
			.sql("SELECT count(*) FROM " + writtenTable + " WHERE run_month = '2025-03-01'")
			.query(Long.class)
			.single()).as("the step's transaction rolled back whole").isZero();

		CommandResult restart = installation.run("restart", "--month", "2025-03");

		assertThat(restart.exitCode()).as(restart.toString()).isZero();
		assertThat(installation.read("2025-03", "summary.csv")).contains("customers_churned,3\n");
	}

	private static void awaitWaitingForLock(FixtureInstallation installation, String table) throws InterruptedException {
		java.time.Instant deadline = java.time.Instant.now().plusSeconds(60);
		while (installation.reporting().sql("""
				SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND position(:table IN query) > 0
				""").param("table", table).query(Long.class).single() == 0) {
			assertThat(java.time.Instant.now()).as("no statement waited for the lock within a minute").isBefore(deadline);
			Thread.sleep(50);
		}
	}

	@Test
	void aSecondLaunchOfARunningMonthIsRefusedAtOnceNamingTheRunningExecution() throws Exception {
		FixtureInstallation installation = FixtureInstallation.create(directory);
		Process first = ChildProcessRun.start(installation, "2025-03", 10, directory.resolve("first.log"))
			.awaitSlowStep()
			.process();

		CommandResult second = installation.run("run", "--month", "2025-03");

		assertThat(second.exitCode()).as(second.toString()).isEqualTo(ExitCodes.ALREADY_RUNNING);
		CommandResult recover = FixtureInstallation.runBare("recover", "--month", "2025-03", "--config",
				installation.configDirectory().toString());
		assertThat(second.err()).contains("Month 2025-03 is already running (execution 1, started",
				"in process " + first.pid(), "Wait for it to finish, or ask it to stop with: churn-report stop --month 2025-03");
		assertThat(recover.exitCode()).as(recover.toString()).isEqualTo(ExitCodes.ALREADY_RUNNING);
		assertThat(recover.err()).contains("Month 2025-03 is running in process " + first.pid(), "which is alive",
				"recover marks only a run whose process is gone");
		assertThat(first.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
		assertThat(first.exitValue()).isZero();
		assertThat(installation.read("2025-03", "summary.csv")).contains("customers_churned,3\n");
	}

	@Test
	void aLaunchThatMeetsAnotherLaunchHalfWayIsRefusedAsAlreadyRunning() {
		FixtureInstallation installation = FixtureInstallation.create(directory);
		// the job repository's tables, as any command but check-config creates them
		assertThat(FixtureInstallation.runBare("status", "--config", installation.configDirectory().toString())
			.exitCode()).isZero();
		// what a launch of 2025-03 in another process has written at this moment: Spring Batch creates the job
		// instance and then its execution, in transactions of their own
		installation.reporting()
			.sql("""
					INSERT INTO batch_job_instance (job_instance_id, version, job_name, job_key)
					VALUES (nextval('batch_job_instance_seq'), 0, :job, :key)
					""")
			.param("job", MonthlyChurnJobConfiguration.JOB_NAME)
			.param("key", new DefaultJobKeyGenerator()
				.generateKey(MonthJobParameters.identifying(java.time.YearMonth.of(2025, 3), 1, 1)))
			.update();

		CommandResult launch = installation.run("run", "--month", "2025-03");

		assertThat(launch.exitCode()).as(launch.toString()).isEqualTo(ExitCodes.ALREADY_RUNNING);
		assertThat(launch.err()).contains("Month 2025-03 is already running: another process launched it at the same "
				+ "moment, and this launch did nothing", "churn-report status --month 2025-03");
		assertThat(FixtureInstallation.runBare("status", "--month", "2025-03", "--config",
				installation.configDirectory().toString()).exitCode()).isZero();
		assertThat(installation.monthDirectory("2025-03")).doesNotExist();
	}

	@Test
	void aRunLeftUnknownWhileComputingTheMonthsResultsIsResumedByTheSameRunCommandToTheSameResults() throws Exception {
		FixtureInstallation installation = FixtureInstallation.create(directory.resolve("killed")).withCustomerIdKey();
		FixtureInstallation uninterrupted = FixtureInstallation.create(directory.resolve("uninterrupted")).withCustomerIdKey();
		for (FixtureInstallation each : List.of(installation, uninterrupted)) {
			assertThat(each.run("run", "--month", "2025-02").exitCode()).isZero();
		}
		// hold a lock on a mart table so that the month's results transaction waits while the process is killed
		DataSource reporting = installation.reportingDataSource();
		try (Connection blocker = reporting.getConnection()) {
			blocker.setAutoCommit(false);
			blocker.createStatement().execute("LOCK TABLE mart.cohort_retention IN ACCESS EXCLUSIVE MODE");
			Process process = ChildProcessRun.start(installation, "2025-03", 0, directory.resolve("compute.log"))
				.awaitStep("computeMetricsStep")
				.process();
			Thread.sleep(500);
			process.destroyForcibly().waitFor();
			blocker.rollback();
		}
		// as a run that lost its reporting database mid-step and then ended leaves it: UNKNOWN, which Spring Batch
		// refuses to restart ("Cannot restart job from UNKNOWN status")
		installation.reporting().sql("UPDATE batch_job_execution SET status = 'UNKNOWN' WHERE status = 'STARTED'").update();
		installation.reporting().sql("UPDATE batch_step_execution SET status = 'UNKNOWN' WHERE status = 'STARTED'").update();

		CommandResult again = installation.run("run", "--month", "2025-03");
		assertThat(uninterrupted.run("run", "--month", "2025-03").exitCode()).isZero();

		assertThat(again.exitCode()).as(again.toString()).isZero();
		assertThat(installation.reporting()
			.sql("SELECT status FROM batch_job_execution WHERE job_execution_id = 2")
			.query(String.class)
			.single()).isEqualTo("FAILED");
		for (String file : List.of("summary.csv", "churn-by-reason.csv", "cohort-retention.csv", "churn-by-segment.csv",
				"hidden-churn.csv", "retention-desk.csv", "trend.csv", "alerts.csv")) {
			assertThat(installation.read("2025-03", file)).as(file).isEqualTo(uninterrupted.read("2025-03", file));
		}
	}

	@Test
	void aRunKilledWhileWritingItsReportsLeavesNoHalfWrittenFileAndRestartsToTheSameResults() throws Exception {
		FixtureInstallation installation = FixtureInstallation.create(directory.resolve("killed")).withCustomerIdKey();
		FixtureInstallation uninterrupted = FixtureInstallation.create(directory.resolve("uninterrupted")).withCustomerIdKey();
		for (FixtureInstallation each : List.of(installation, uninterrupted)) {
			assertThat(each.run("run", "--month", "2025-02").exitCode()).isZero();
		}
		// killed while the management report is being written under its temporary name, among the
		// month's files that are not published yet
		Path month = installation.monthDirectory("2025-03");
		Path unpublished = month.resolveSibling(".2025-03.v1.next");
		Process process = ChildProcessRun.start(installation, "2025-03", 0, directory.resolve("report.log"))
			.awaitFile(unpublished, ".management-report.pdf")
			.process();
		process.destroyForcibly().waitFor();

		assertThat(month.resolve("management-report.pdf")).doesNotExist();
		assertThat(month.resolve("finance-report.pdf")).doesNotExist();
		assertThat(month).as("nothing of the month is published before all its files are written").doesNotExist();
		assertThat(hiddenFiles(unpublished)).as("the killed run's temporary file").anyMatch(name -> name.startsWith(".management-report.pdf."));
		CommandResult recover = FixtureInstallation.runBare("recover", "--month", "2025-03", "--config",
				installation.configDirectory().toString());
		assertThat(recover.exitCode()).as(recover.toString()).isZero();
		assertThat(recover.out()).contains("is now marked FAILED. Resume it with: churn-report restart --month 2025-03");
		assertThat(hiddenFiles(unpublished)).as("removed by recover, its process being gone").isEmpty();
		CommandResult restart = installation.run("restart", "--month", "2025-03");
		assertThat(uninterrupted.run("run", "--month", "2025-03").exitCode()).isZero();

		assertThat(restart.exitCode()).as(restart.toString()).isZero();
		assertThat(installation.reporting()
			.sql("SELECT count(*) FROM batch_step_execution WHERE step_name = 'computeMetricsStep'")
			.query(Long.class)
			.single()).as("the month's results were not computed again").isEqualTo(2);
		for (String file : List.of("summary.csv", "cohort-retention.csv", "trend.csv", "alerts.csv")) {
			assertThat(installation.read("2025-03", file)).as(file).isEqualTo(uninterrupted.read("2025-03", file));
		}
		assertThat(PdfText.of(month.resolve("management-report.pdf"))).contains("March 2025");
		assertThat(PdfText.of(month.resolve("finance-report.pdf"))).contains("March 2025");
	}

	@Test
	void aRerunKilledWhileWritingItsFilesLeavesTheMonthsFilesOfOneVersionAndRestartSwitchesToTheNext() throws Exception {
		FixtureInstallation installation = FixtureInstallation.create(directory);
		assertThat(installation.run("run", "--month", "2025-03").exitCode()).isZero();
		Path month = installation.monthDirectory("2025-03");
		String firstSummary = installation.read("2025-03", "summary.csv");
		List<String> firstFiles = names(month);

		// killed once version 2's CSV files are written and its first report is being written
		Path unpublished = month.resolveSibling(".2025-03.v2.next");
		Process process = ChildProcessRun.start(installation, List.of("rerun", "--month", "2025-03", "--force",
				"--reason", "a corrected price list"), 0, directory.resolve("rerun.log"))
			.awaitFile(unpublished, ".management-report.pdf")
			.process();
		process.destroyForcibly().waitFor();

		assertThat(names(unpublished)).as("version 2's files written so far").contains("summary.csv", "restatement.csv");
		assertThat(names(month)).as("the month's files are still all of version 1").isEqualTo(firstFiles);
		assertThat(installation.read("2025-03", "summary.csv")).isEqualTo(firstSummary);

		CommandResult restart = installation.run("restart", "--month", "2025-03");

		assertThat(restart.exitCode()).as(restart.toString()).isZero();
		assertThat(names(month)).contains("restatement.csv", "management-report.pdf", "finance-report.pdf", "versions");
		assertThat(names(month.resolve("versions"))).containsExactly("v1");
		assertThat(names(month.resolve("versions/v1"))).isEqualTo(firstFiles);
		assertThat(installation.read("2025-03", "versions/v1/summary.csv")).isEqualTo(firstSummary);
		assertThat(unpublished).doesNotExist();
		assertThat(PdfText.normalized(PdfText.of(month.resolve("management-report.pdf")))).contains("RESTATED, version 2");
	}

	@Test
	void aConnectionLostMidStepFailsTheMonthNamingTheDatabaseAndRestartCompletesIt() throws Exception {
		// without automatic retries, as when they are used up (DatabaseFaultsIntegrationTests covers them)
		FixtureInstallation installation = FixtureInstallation.create(directory).withSettings("  retry:\n    attempts: 1\n");
		Process process = ChildProcessRun.start(installation, "2025-03", 30, directory.resolve("lost.log"))
			.awaitSlowStep()
			.process();

		// the billing server drops the extract's connection once its query runs, as a restart of the database would
		boolean dropped = false;
		for (int attempt = 0; attempt < 300 && !dropped; attempt++) {
			dropped = !installation.billing().sql("""
					SELECT pg_terminate_backend(pid) FROM pg_stat_activity
					WHERE datname = current_database() AND state = 'active' AND query LIKE '%pg_sleep(30)%'
					  AND pid <> pg_backend_pid()
					""").query(Boolean.class).list().isEmpty();
			Thread.sleep(100);
		}
		assertThat(dropped).as("the extract's query was seen running").isTrue();
		assertThat(process.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)).isTrue();

		assertThat(process.exitValue()).isEqualTo(ExitCodes.DATABASE_UNREACHABLE);
		assertThat(Files.readString(directory.resolve("lost.log"))).contains("extractSubscriptionsStep",
				"the billing database could not be reached", "churn-report restart --month 2025-03");
		CommandResult restart = installation.run("restart", "--month", "2025-03");
		assertThat(restart.exitCode()).as(restart.toString()).isZero();
		assertThat(installation.read("2025-03", "summary.csv")).contains("customers_churned,3\n", "mrr_end,428.33\n");
	}

	private static List<String> names(Path directory) throws java.io.IOException {
		try (java.util.stream.Stream<Path> files = Files.list(directory)) {
			return files.map(file -> file.getFileName().toString()).sorted().toList();
		}
	}

	private static List<String> hiddenFiles(Path directory) throws java.io.IOException {
		try (java.util.stream.Stream<Path> files = Files.list(directory)) {
			return files.map(file -> file.getFileName().toString()).filter(name -> name.startsWith(".")).toList();
		}
	}

	private static String status(FixtureInstallation installation, String month) {
		CommandResult status = FixtureInstallation.runBare("status", "--month", month, "--config",
				installation.configDirectory().toString());
		assertThat(status.exitCode()).as(status.toString()).isZero();
		return status.out();
	}

}
