package io.churnreport.job;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.churnreport.ChurnReportApplication;
import io.churnreport.cli.ExitCodes;
import io.churnreport.support.FixtureInstallation;
import io.churnreport.support.FixtureInstallation.CommandResult;

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
	void aKilledRunIsDetectedRecoveredAndRestartedToTheSameResults() throws Exception {
		FixtureInstallation installation = FixtureInstallation.create(directory.resolve("killed"));
		FixtureInstallation uninterrupted = FixtureInstallation.create(directory.resolve("uninterrupted"));
		for (FixtureInstallation each : List.of(installation, uninterrupted)) {
			assertThat(each.run("run", "--month", "2025-02").exitCode()).isZero();
		}
		// a slow subscriptions query keeps the process inside the extract step long enough to be killed there
		Path subscriptions = installation.configDirectory().resolve("sources/billing/subscriptions.sql");
		String query = Files.readString(subscriptions);
		Files.writeString(subscriptions, query.replace("FROM price_period", "FROM price_period, pg_sleep(30) AS slow"));

		Process process = new ProcessBuilder(javaExecutable(), "-cp", System.getProperty("java.class.path"),
				ChurnReportApplication.class.getName(), "run", "--month", "2025-03", "--config",
				installation.configDirectory().toString(), "--out", installation.monthDirectory("").toString())
			.redirectErrorStream(true)
			.redirectOutput(directory.resolve("killed.log").toFile())
			.start();
		awaitStepStarted(installation, "extractSubscriptionsStep", process);
		process.destroyForcibly().waitFor();
		Files.writeString(subscriptions, query);

		CommandResult again = installation.run("run", "--month", "2025-03");
		assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCodes.ALREADY_RUNNING);
		assertThat(again.err()).contains("was left marked as running", "process " + process.pid(), "no longer exists",
				"churn-report recover --month 2025-03", "churn-report restart --month 2025-03");

		CommandResult recover = FixtureInstallation.runBare("recover", "--month", "2025-03", "--config",
				installation.configDirectory().toString());
		CommandResult restart = installation.run("restart", "--month", "2025-03");
		assertThat(uninterrupted.run("run", "--month", "2025-03").exitCode()).isZero();

		assertThat(recover.exitCode()).as(recover.toString()).isZero();
		assertThat(restart.exitCode()).as(restart.toString()).isZero();
		for (String file : List.of("summary.csv", "churn-by-reason.csv", "cohort-retention.csv", "churn-by-segment.csv",
				"hidden-churn.csv", "trend.csv")) {
			assertThat(installation.read("2025-03", file)).as(file).isEqualTo(uninterrupted.read("2025-03", file));
		}
		assertThat(installation.reporting()
			.sql("SELECT count(*) FROM staging.subscription_period WHERE run_month = '2025-03-01'")
			.query(Long.class)
			.single()).isEqualTo(17);
	}

	private static void awaitStepStarted(FixtureInstallation installation, String step, Process process)
			throws InterruptedException {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
		while (Instant.now().isBefore(deadline)) {
			assertThat(process.isAlive()).as("the run ended before it could be killed").isTrue();
			Long started = installation.reporting()
				.sql("SELECT count(*) FROM batch_step_execution WHERE step_name = :step AND status = 'STARTED'")
				.param("step", step)
				.query(Long.class)
				.single();
			if (started > 0) {
				return;
			}
			Thread.sleep(100);
		}
		throw new AssertionError(step + " did not start within a minute");
	}

	private static String javaExecutable() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

}
