package io.churnreport.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar on its own, as an operator with only a JDK runs it: started from an empty
 * directory (no config/ there, no --config), it uses the configuration it holds; an operator's
 * --config that does not exist is still refused, not replaced by it.
 */
class StandaloneJarIntegrationTests {

	@TempDir
	Path directory;

	@Test
	void theDemoRunsFromAnEmptyDirectoryWithTheBuiltInConfiguration() throws Exception {
		// before it: status and check-config find no database and make none
		Run status = java(directory, "status");
		assertThat(status.exitCode()).as(status.output()).isZero();
		assertThat(status.output()).contains("No month has run yet here: there is no embedded database in "
				+ directory.toRealPath().resolve("data/embedded-postgres") + " (none was created).");
		assertThat(directory.resolve("data")).doesNotExist();
		Run checkBefore = java(directory, "check-config");
		assertThat(checkBefore.exitCode()).as(checkBefore.output()).isEqualTo(ExitCodes.BAD_CONFIGURATION);
		assertThat(checkBefore.output()).contains("There is no embedded database in "
				+ directory.toRealPath().resolve("data/embedded-postgres") + " to try the source queries");
		assertThat(directory.resolve("data")).doesNotExist();
		// a run makes the database, empty until the demo fills it: the checks then name the built-in
		// files by their names in it, not by the temporary copy they read, which is gone once it exits
		Run runBefore = java(directory, "run", "--month", "2025-06");
		assertThat(runBefore.exitCode()).as(runBefore.output()).isEqualTo(ExitCodes.BAD_CONFIGURATION);
		Run checkEmpty = java(directory, "check-config");
		assertThat(checkEmpty.exitCode()).as(checkEmpty.output()).isEqualTo(ExitCodes.BAD_CONFIGURATION);
		assertThat(checkEmpty.output()).contains("FAIL  built-in sources/billing/customers.sql reads a table the"
				+ " embedded billing database does not have").doesNotContain("churn-report-config");

		Run demo = java(directory, "demo", "--months", "2", "--customers", "50", "--last-month", "2025-06");

		assertThat(demo.exitCode()).as(demo.output()).isZero();
		assertThat(demo.output()).contains("Using the built-in configuration")
			.contains("pass --config DIR for your own")
			.contains("Demo done: reports and CSVs for 2 months are in " + directory.resolve("out").toRealPath());
		for (String month : List.of("2025-05", "2025-06")) {
			Path monthDirectory = directory.resolve("out").resolve(month);
			assertThat(monthDirectory.resolve("summary.csv")).isNotEmptyFile();
			assertThat(monthDirectory.resolve("management-report.pdf")).isNotEmptyFile();
			assertThat(monthDirectory.resolve("finance-report.pdf")).isNotEmptyFile();
		}
		// the embedded databases are kept where the command was started, as the built-in application.yml says
		assertThat(directory.resolve("data/embedded-postgres")).isDirectory();
		// and the configuration was only borrowed: the directory holds no copy of it
		assertThat(directory.resolve("config")).doesNotExist();

		Run check = java(directory, "check-config");
		assertThat(check.exitCode()).as(check.output()).isZero();
		assertThat(check.output()).contains("ok    built-in churn-reasons.yml: ")
			.contains("ok    built-in sources/crm/cancellations.sql: returns customer_id")
			.contains("The built-in configuration is ready to run.");
	}

	@Test
	void aConfigurationDirectoryGivenThatDoesNotExistIsRefusedNotReplacedByTheBuiltInOne() throws Exception {
		Run demo = java(directory, "demo", "--months", "2", "--customers", "50", "--config", "no-such-config");

		assertThat(demo.exitCode()).as(demo.output()).isEqualTo(ExitCodes.BAD_CONFIGURATION);
		assertThat(demo.output()).contains("The configuration directory "
				+ directory.toRealPath().resolve("no-such-config") + " does not exist. Pass --config")
			.doesNotContain("built-in configuration");
		assertThat(directory.resolve("data")).doesNotExist();
		assertThat(directory.resolve("out")).doesNotExist();
	}

	/** {@code java -jar churn-report.jar} with the arguments, started in the directory. */
	private static Run java(Path workingDirectory, String... arguments) throws IOException, InterruptedException {
		Path jar = Path.of("target", "churn-report.jar").toAbsolutePath();
		assertThat(jar).as("run the tests with ./mvnw verify, which builds the jar first").exists();
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-jar", jar.toString()));
		command.addAll(List.of(arguments));
		Path log = Files.createTempFile("churn-report-jar-", ".log");
		try {
			Process process = new ProcessBuilder(command).directory(workingDirectory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			if (!process.waitFor(5, TimeUnit.MINUTES)) {
				process.destroyForcibly().waitFor();
				throw new AssertionError("churn-report did not end within 5 minutes:\n" + Files.readString(log));
			}
			return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
		}
		finally {
			Files.deleteIfExists(log);
		}
	}

	private record Run(int exitCode, String output) {
	}

}
