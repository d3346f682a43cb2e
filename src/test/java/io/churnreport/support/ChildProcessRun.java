package io.churnreport.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.BadSqlGrammarException;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code churn-report run} in a process of its own, as a scheduler starts it, whose source query
 * for subscriptions is slowed down so that the test can act while the process is inside that step.
 */
public final class ChildProcessRun {

	private final FixtureInstallation installation;

	private final Process process;

	private final Path subscriptionsQuery;

	private final String originalQuery;

	private ChildProcessRun(FixtureInstallation installation, Process process, Path subscriptionsQuery,
			String originalQuery) {
		this.installation = installation;
		this.process = process;
		this.subscriptionsQuery = subscriptionsQuery;
		this.originalQuery = originalQuery;
	}

	/** Starts the month with the subscriptions query sleeping for the given seconds first. */
	public static ChildProcessRun start(FixtureInstallation installation, String month, int sleepSeconds, Path log)
			throws IOException {
		return start(installation, List.of("run", "--month", month), sleepSeconds, log);
	}

	/** Runs the command (e.g. {@code rerun --month M ...}) with the subscriptions query sleeping first. */
	public static ChildProcessRun start(FixtureInstallation installation, List<String> command, int sleepSeconds,
			Path log) throws IOException {
		Path query = installation.configDirectory().resolve("sources/billing/subscriptions.sql");
		String original = Files.readString(query);
		Files.writeString(query,
				original.replace("FROM price_period", "FROM price_period, pg_sleep(" + sleepSeconds + ") AS slow"));
		List<String> arguments = ChildJvm.churnReport(command);
		arguments.addAll(List.of("--config", installation.configDirectory().toString(), "--out",
				installation.monthDirectory("").toString()));
		Process process = new ProcessBuilder(arguments).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		return new ChildProcessRun(installation, process, query, original);
	}

	/**
	 * Waits until the slowed-down query is running on the billing server, then puts the query back
	 * as it was, and waits for the other extracts to complete. The step being recorded as started is not enough: it reads the file a moment later,
	 * and a file put back in between would never be slow.
	 */
	public ChildProcessRun awaitSlowStep() throws IOException, InterruptedException {
		awaitStep("extractSubscriptionsStep");
		Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
		while (!slowQueryRunning()) {
			assertThat(process.isAlive()).as("the run ended before its slowed-down query ran").isTrue();
			if (Instant.now().isAfter(deadline)) {
				throw new AssertionError("the slowed-down subscriptions query did not run within a minute");
			}
			Thread.sleep(20);
		}
		Files.writeString(subscriptionsQuery, originalQuery);
		// the other sources' extracts run beside it, quickly on the fixture: the test acts once the
		// subscriptions' extract is the only one left
		while (!otherExtractsCompleted()) {
			assertThat(process.isAlive()).as("the run ended before its other extracts completed").isTrue();
			if (Instant.now().isAfter(deadline)) {
				throw new AssertionError("the extracts beside the slowed-down one did not complete within a minute");
			}
			Thread.sleep(20);
		}
		return this;
	}

	/** Whether the running month's other extracts have completed, in this execution or an earlier one. */
	private boolean otherExtractsCompleted() {
		return installation.reporting().sql("""
				SELECT count(DISTINCT s.step_name) FROM batch_step_execution s
				JOIN batch_job_execution e ON e.job_execution_id = s.job_execution_id
				WHERE e.job_instance_id = (SELECT job_instance_id FROM batch_job_execution WHERE status = 'STARTED')
				  AND s.step_name IN ('extractCustomersStep', 'extractInvoicesStep', 'extractCancellationsStep')
				  AND s.status = 'COMPLETED'
				""").query(Long.class).single() == 3;
	}

	private boolean slowQueryRunning() {
		return installation.billing().sql("""
				SELECT count(*) FROM pg_stat_activity
				WHERE datname = current_database() AND query LIKE '%pg_sleep(%' AND pid <> pg_backend_pid()
				""").query(Long.class).single() > 0;
	}

	/** Waits until a file whose name starts with the prefix appears in the directory. */
	public ChildProcessRun awaitFile(Path directory, String namePrefix) throws IOException, InterruptedException {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
		while (Instant.now().isBefore(deadline)) {
			assertThat(process.isAlive()).as("the run ended before writing " + namePrefix).isTrue();
			if (Files.isDirectory(directory)) {
				try (var files = Files.list(directory)) {
					if (files.anyMatch(file -> file.getFileName().toString().startsWith(namePrefix))) {
						return this;
					}
				}
			}
			Thread.sleep(5);
		}
		throw new AssertionError(namePrefix + " did not appear in " + directory + " within a minute");
	}

	/** Waits until the step is running in the child process. */
	public ChildProcessRun awaitStep(String stepName) throws InterruptedException {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
		while (Instant.now().isBefore(deadline)) {
			assertThat(process.isAlive()).as("the run ended before " + stepName).isTrue();
			if (stepStarted(stepName)) {
				return this;
			}
			Thread.sleep(50);
		}
		throw new AssertionError(stepName + " did not start within a minute");
	}

	private boolean stepStarted(String stepName) {
		try {
			return installation.reporting()
				.sql("SELECT count(*) FROM batch_step_execution WHERE step_name = :step AND status = 'STARTED'")
				.param("step", stepName)
				.query(Long.class)
				.single() > 0;
		}
		catch (BadSqlGrammarException ex) {
			// the child has not created the job repository's tables yet
			return false;
		}
	}

	public Process process() {
		return process;
	}

}
