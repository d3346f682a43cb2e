package io.churnreport.job;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.churnreport.cli.ExitCodes;
import io.churnreport.support.ChildJvm;
import io.churnreport.support.FixtureInstallation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failed step is logged once: one line of text, or, with {@code --log-format json}, one JSON event
 * holding the stack trace; never a stack trace spread over the console's lines. Each run has a JVM of
 * its own, as a scheduler starts it: the logging system keeps a structured format set by one run in
 * the JVM's system properties.
 */
class StepFailureLogIntegrationTests {

	@TempDir
	Path directory;

	@Test
	void inTextTheFailureIsOneLineWithoutTheTrace() throws Exception {
		ChildRun result = runInChildJvm(failingInstallation(), "run", "--month", "2025-03");

		assertThat(result.exitCode()).as(result.output()).isEqualTo(ExitCodes.JOB_FAILED);
		assertThat(result.output()).contains("ERROR extractCustomersStep [2025-03] failed: ERROR: division by zero")
			.doesNotContain("\tat ", "Encountered an error executing step");
	}

	@Test
	void inTextTheTraceIsLoggedAtDebug() throws Exception {
		FixtureInstallation installation = failingInstallation();

		ChildRun result = runInChildJvm(installation, Map.of("LOGGING_LEVEL_IO_CHURNREPORT_JOB", "DEBUG"), "run", "--month",
				"2025-03");

		assertThat(result.exitCode()).as(result.output()).isEqualTo(ExitCodes.JOB_FAILED);
		assertThat(result.output()).contains("ERROR extractCustomersStep [2025-03] failed: ERROR: division by zero",
				"DEBUG extractCustomersStep [2025-03] failed\n", "PSQLException: ERROR: division by zero", "\tat ");
	}

	@Test
	void inJsonTheFailureIsOneEventWithTheTraceInside() throws Exception {
		ChildRun result = runInChildJvm(failingInstallation(), "run", "--month", "2025-03", "--log-format", "json");

		assertThat(result.exitCode()).as(result.output()).isEqualTo(ExitCodes.JOB_FAILED);
		JsonMapper json = JsonMapper.builder().build();
		List<String> lines = result.output().lines().filter(line -> line.startsWith("{")).toList();
		assertThat(result.output().lines().filter(line -> !line.startsWith("{") && !line.startsWith("churn-report: ")))
			.as("the log holds JSON events only, and the command's own message").isEmpty();
		List<JsonNode> errors = lines.stream()
			.map(json::readTree)
			.filter(event -> "ERROR".equals(event.get("log").get("level").asString()))
			.toList();
		assertThat(errors).hasSize(1);
		assertThat(errors.get(0).get("message").asString())
			.isEqualTo("extractCustomersStep [2025-03] failed: ERROR: division by zero");
		assertThat(errors.get(0).get("error").get("stack_trace").asString()).contains("PSQLException",
				"division by zero");
	}

	private record ChildRun(int exitCode, String output) {
	}

	/** The command in a JVM of its own; standard output and error together. */
	private ChildRun runInChildJvm(FixtureInstallation installation, String... arguments) throws Exception {
		return runInChildJvm(installation, Map.of(), arguments);
	}

	private ChildRun runInChildJvm(FixtureInstallation installation, Map<String, String> environment, String... arguments)
			throws Exception {
		List<String> command = ChildJvm.churnReport(List.of(arguments));
		command.addAll(List.of("--config", installation.configDirectory().toString(), "--out",
				installation.monthDirectory("").toString()));
		Path log = directory.resolve("run.log");
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
		builder.environment().putAll(environment);
		Process process = builder.start();
		assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("the run ended").isTrue();
		return new ChildRun(process.exitValue(), Files.readString(log));
	}

	/** The fixture with a customers query that fails on its rows (not when checked with LIMIT 0). */
	private FixtureInstallation failingInstallation() {
		FixtureInstallation installation = FixtureInstallation.create(directory);
		installation.edit("sources/billing/customers.sql", "FROM account",
				"FROM account WHERE 1 / (account_no - account_no) = 1");
		return installation;
	}

}
