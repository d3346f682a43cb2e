package io.churnreport.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.FileSystemUtils;

import io.churnreport.support.FixtureInstallation;
import io.churnreport.support.FixtureInstallation.CommandResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped configuration with an embedded database directory that holds no database, as when an
 * operator starts a command from another directory than the months ran from, or one that holds
 * something the server cannot start on. The commands that look at or act on months already run
 * say where they looked and create nothing; a server that does not start is named as the embedded
 * one, with its directory.
 */
class EmbeddedDatabaseDirectoryIntegrationTests {

	@TempDir
	Path directory;

	Path config;

	Path database;

	@BeforeEach
	void shippedConfigurationPointingAtNoDatabase() throws IOException {
		config = directory.resolve("config");
		database = directory.resolve("elsewhere/data/embedded-postgres");
		FileSystemUtils.copyRecursively(Path.of("config"), config);
		Path applicationYaml = config.resolve("application.yml");
		Files.writeString(applicationYaml, Files.readString(applicationYaml)
			.replace("data-directory: data/embedded-postgres", "data-directory: " + database));
	}

	@Test
	void statusSaysNoMonthRanHereAndWhere() {
		CommandResult all = run("status");
		CommandResult one = run("status", "--month", "2026-10");

		assertThat(all.exitCode()).as(all.toString()).isZero();
		assertThat(all.out()).startsWith("No month has run yet here: there is no embedded database in " + database
				+ " (none was created). churn.embedded.data-directory is relative to the working directory: start"
				+ " churn-report from the directory the months ran from, or set it to the absolute path of their database.");
		assertThat(one.exitCode()).as(one.toString()).isZero();
		assertThat(one.out()).startsWith("Month 2026-10 has never run here: there is no embedded database in " + database);
		assertThat(directory.resolve("elsewhere")).doesNotExist();
	}

	@Test
	void statusAsJsonGivesAHistoryWithoutRuns() {
		CommandResult json = run("status", "--json");

		assertThat(json.exitCode()).as(json.toString()).isZero();
		assertThat(json.out().replaceAll("\\s", "")).isEqualTo(
				"{\"month\":null,\"lastCompleteMonth\":null,\"notCompleteMonths\":[],\"leftRunning\":[],\"runs\":[]}");
		assertThat(directory.resolve("elsewhere")).doesNotExist();
	}

	@Test
	void reportFindsNoMonthOfThePeriodAndTheChecksNothingToTry() {
		CommandResult report = run("report", "--quarter", "2026-Q3");
		CommandResult check = run("check-config");

		assertThat(report.exitCode()).as(report.toString()).isEqualTo(ExitCodes.PERIOD_NOT_COMPLETE);
		assertThat(report.err()).contains("churn-report: 2026-Q3 cannot be reported here: none of its months has run"
				+ " here: there is no embedded database in " + database + " (none was created).");
		assertThat(check.exitCode()).as(check.toString()).isEqualTo(ExitCodes.BAD_CONFIGURATION);
		assertThat(check.err()).contains("churn-report: There is no embedded database in " + database
				+ " to try the source queries and the reporting database on (a check creates none).");
		assertThat(directory.resolve("elsewhere")).doesNotExist();
	}

	@Test
	void stopRestartRecoverRenderAndDeliverFindNothingOfTheMonth() {
		for (String command : new String[] { "stop", "restart", "recover", "render", "deliver" }) {
			CommandResult result = run(command, "--month", "2026-10");

			assertThat(result.exitCode()).as(command + ": " + result).isEqualTo(ExitCodes.NOTHING_TO_RESTART);
			assertThat(result.err()).as(command).contains("churn-report: Month 2026-10 has not run here: there is no"
					+ " embedded database in " + database + " (none was created).");
		}
		assertThat(directory.resolve("elsewhere")).doesNotExist();
	}

	@Test
	void anEmbeddedDatabaseThatDoesNotStartIsNamedWithItsDirectoryAndWhatToCheck() throws IOException {
		// not a database of this PostgreSQL: the server cannot start on it
		Files.createDirectories(database);
		Files.writeString(database.resolve("PG_VERSION"), "99\n");

		CommandResult status = run("status");

		assertThat(status.exitCode()).as(status.toString()).isEqualTo(ExitCodes.DATABASE_UNREACHABLE);
		assertThat(status.err()).startsWith("churn-report: The embedded PostgreSQL in " + database + " did not start (")
			.contains("If a churn-report process that used it has just been killed, run the command again in a few"
					+ " seconds; otherwise check that the directory holds churn-report's embedded database")
			.doesNotContain("Check that it is up and CHURN_REPORTING_URL");
	}

	private CommandResult run(String... arguments) {
		String[] withConfig = Arrays.copyOf(arguments, arguments.length + 2);
		withConfig[arguments.length] = "--config";
		withConfig[arguments.length + 1] = config.toString();
		return FixtureInstallation.runBare(withConfig);
	}

}
