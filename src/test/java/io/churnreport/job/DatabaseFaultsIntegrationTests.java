package io.churnreport.job;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.churnreport.cli.ExitCodes;
import io.churnreport.support.ChildProcessRun;
import io.churnreport.support.FixtureInstallation;
import io.churnreport.support.FixtureInstallation.CommandResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database that cannot be reached, at start or lost mid-run, is tried again as churn.retry says
 * (tiny delays here); when it stays away the month fails naming the database and the tries, and
 * nothing of the month is published.
 */
@ExtendWith(OutputCaptureExtension.class)
class DatabaseFaultsIntegrationTests {

	/** Three tries, 0.1 s apart at first; a refused connection counts as failed after half a second. */
	private static final String QUICK_RETRIES = """
			  retry:
			    attempts: 3
			    initial-delay: 100ms
			    connection-timeout: 500ms
			""";

	@TempDir
	Path directory;

	@Test
	void anUnreachableBillingDatabaseIsTriedAgainThenNamedWithTheTries(CapturedOutput output) throws Exception {
		FixtureInstallation installation = FixtureInstallation.create(directory).withSettings(QUICK_RETRIES);
		installation.edit("application.yml", installation.billingUrl(), "jdbc:postgresql://localhost:" + closedPort() + "/billing");

		CommandResult result = installation.run("run", "--month", "2025-03");

		assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.DATABASE_UNREACHABLE);
		assertThat(result.err()).contains("Month 2025-03 was not started: the billing database could not be reached (",
				"Check that it is up and CHURN_BILLING_URL, CHURN_BILLING_USER and CHURN_BILLING_PASSWORD",
				"Tried 3 times over");
		assertThat(output.getOut()).contains("the billing database could not be reached", "attempt 2 of 3 in 0.1 s",
				"attempt 3 of 3 in 0.2 s");
		assertThat(installation.monthUntouched("2025-03")).as("nothing of the month was touched").isTrue();
	}

	@Test
	void anUnreachableReportingDatabaseAtStartIsTriedAgainThenNamed(CapturedOutput output) throws Exception {
		FixtureInstallation installation = FixtureInstallation.create(directory).withSettings("""
				  retry:
				    attempts: 2
				    initial-delay: 100ms
				    connection-timeout: 300ms
				""");
		installation.edit("application.yml", installation.reportingUrl(),
				"jdbc:postgresql://localhost:" + closedPort() + "/reporting");

		CommandResult result = installation.run("run", "--month", "2025-03");

		assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.DATABASE_UNREACHABLE);
		assertThat(result.err()).contains("Cannot connect to the reporting database", "CHURN_REPORTING_URL",
				"Tried 2 times over");
		assertThat(output.getOut()).contains("attempt 2 of 2 in 0.1 s");
		assertThat(installation.monthDirectory("2025-03")).doesNotExist();
		assertThat(installation.reporting().sql("SELECT to_regclass('batch_job_execution') IS NULL").query(Boolean.class)
			.single()).as("the reporting database was never reached").isTrue();
	}

	@Test
	void aConnectionLostOnceMidRunIsRetriedAndTheMonthCompletesWithTheSameResults() throws Exception {
		FixtureInstallation installation = FixtureInstallation.create(directory.resolve("lost"))
			.withSettings("  retry:\n    initial-delay: 100ms\n")
			.withCustomerIdKey();
		FixtureInstallation uninterrupted = FixtureInstallation.create(directory.resolve("uninterrupted")).withCustomerIdKey();
		for (FixtureInstallation each : List.of(installation, uninterrupted)) {
			assertThat(each.run("run", "--month", "2025-02").exitCode()).isZero();
		}
		Path log = directory.resolve("lost.log");
		Process process = ChildProcessRun.start(installation, "2025-03", 30, log).awaitSlowStep().process();

		// the billing server drops the extract's connection once, as a restart of the database would
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
		assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
		assertThat(uninterrupted.run("run", "--month", "2025-03").exitCode()).isZero();

		assertThat(process.exitValue()).as(Files.readString(log)).isZero();
		assertThat(Files.readString(log)).contains(
				"failed in step extractSubscriptionsStep (execution 2): the billing database could not be reached",
				"attempt 2 of 3 in 0.1 s", "Month 2025-03 completed (execution 3)");
		for (String file : List.of("summary.csv", "churn-by-reason.csv", "cohort-retention.csv", "churn-by-segment.csv",
				"hidden-churn.csv", "retention-desk.csv", "trend.csv", "alerts.csv")) {
			assertThat(installation.read("2025-03", file)).as(file).isEqualTo(uninterrupted.read("2025-03", file));
		}
		assertThat(installation.reporting()
			.sql("SELECT count(*) FROM batch_step_execution WHERE step_name = 'extractCustomersStep'")
			.query(Long.class)
			.single()).as("the retry resumed the execution without repeating its completed steps").isEqualTo(2);
	}

	@Test
	void aReportingDatabaseLostMidRunLeavesNothingForAPersonTheNextRunCompletesTheMonth() throws Exception {
		// no retries in the process, as when they are used up; a refused connection fails at once
		FixtureInstallation installation = FixtureInstallation.create(directory)
			.withSettings("  retry:\n    attempts: 1\n    connection-timeout: 500ms\n");
		Path log = directory.resolve("lost.log");
		Process process = ChildProcessRun.start(installation, "2025-03", 3, log).awaitSlowStep().process();

		// the reporting database goes away mid-step, as in a restart: its connections are ended and new
		// ones refused until the run has ended
		String reporting = installation.reportingDatabaseName();
		installation.billing().sql("ALTER DATABASE " + reporting + " ALLOW_CONNECTIONS false").update();
		try {
			installation.billing()
				.sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :database")
				.param("database", reporting)
				.query(Boolean.class)
				.list();
			assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
		}
		finally {
			installation.billing().sql("ALTER DATABASE " + reporting + " ALLOW_CONNECTIONS true").update();
		}
		assertThat(process.exitValue()).as(Files.readString(log)).isEqualTo(ExitCodes.DATABASE_UNREACHABLE);
		assertThat(Files.readString(log)).contains("the reporting database could not be reached",
				"the next run or restart of 2025-03 marks it failed and resumes it");
		assertThat(installation.reporting()
			.sql("SELECT status FROM batch_job_execution WHERE job_execution_id = 1")
			.query(String.class)
			.single()).as("left by the run that lost its database").isIn("STARTED", "UNKNOWN");

		// the scheduler's next run, with no one's command in between
		CommandResult again = installation.run("run", "--month", "2025-03");

		assertThat(again.exitCode()).as(again.toString()).isZero();
		// the fixture's figures for 2025-03 run alone (MonthlyChurnJobFunctionalIntegrationTests works them out)
		assertThat(installation.read("2025-03", "summary.csv")).contains("customers_churned,3\n", "mrr_end,428.33\n");
		assertThat(installation.reporting()
			.sql("SELECT status FROM batch_job_execution WHERE job_execution_id = 1")
			.query(String.class)
			.single()).isEqualTo("FAILED");
	}

	private static int closedPort() throws Exception {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
