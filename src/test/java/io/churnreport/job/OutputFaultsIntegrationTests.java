package io.churnreport.job;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.util.FileSystemUtils;

import io.churnreport.cli.ExitCodes;
import io.churnreport.support.FixtureInstallation;
import io.churnreport.support.FixtureInstallation.CommandResult;

import static org.assertj.core.api.Assertions.assertThat;

/** An output file that cannot be written fails the month naming the file and what to do; restart completes it. */
class OutputFaultsIntegrationTests {

	@TempDir
	Path directory;

	@Test
	void aReportThatCannotBeWrittenFailsTheMonthNamingTheFileAndRestartCompletesIt() throws Exception {
		FixtureInstallation installation = FixtureInstallation.create(directory.resolve("failing"));
		FixtureInstallation uninterrupted = FixtureInstallation.create(directory.resolve("uninterrupted"));
		// a directory stands where summary.csv goes (in the month's files not yet published), so that
		// its write fails as on a full or read-only disk
		Path month = installation.monthDirectory("2025-03");
		Path unpublished = month.resolveSibling(".2025-03.v1.next");
		Path summary = unpublished.resolve("summary.csv");
		Files.createDirectories(summary.resolve("in-the-way"));

		CommandResult failed = installation.run("run", "--month", "2025-03");

		assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(ExitCodes.JOB_FAILED);
		assertThat(failed.err()).contains("Month 2025-03 failed in step writeCsvFilesStep (execution 1): Could not write "
				+ summary + ": ", "no partial file was left",
				"Free space on that disk or check the directory's permissions, then resume with: churn-report restart --month 2025-03");
		assertThat(month).as("nothing of the month was published").doesNotExist();
		try (Stream<Path> files = Files.list(unpublished)) {
			assertThat(files.map(file -> file.getFileName().toString())).noneMatch(name -> name.startsWith("."));
		}

		FileSystemUtils.deleteRecursively(summary);
		// what runs killed while writing leave (the temporary names AtomicFiles gives), from before
		// this process started; a temporary file written since, and other files, stay, and files in
		// the month's directory before its first version was published are carried into it
		FileTime killed = FileTime.from(Instant.parse("2025-04-02T03:00:00Z"));
		Path stalePdf = Files.writeString(unpublished.resolve(".management-report.pdf.4242.partial"), "%PDF-1.7 half");
		Files.createDirectories(month);
		Path staleCsv = Files.writeString(month.resolve(".trend.csv.4242.partial"), "month");
		Files.setLastModifiedTime(stalePdf, killed);
		Files.setLastModifiedTime(staleCsv, killed);
		Files.writeString(unpublished.resolve(".alerts.csv.77.partial"), "month");
		Files.writeString(month.resolve("notes.partial"), "kept");
		Files.writeString(month.resolve(".keep"), "kept");
		Files.setLastModifiedTime(month.resolve("notes.partial"), killed);
		Files.setLastModifiedTime(month.resolve(".keep"), killed);
		CommandResult restart = installation.run("restart", "--month", "2025-03");
		assertThat(uninterrupted.run("run", "--month", "2025-03").exitCode()).isZero();
		assertThat(month.resolve(".management-report.pdf.4242.partial")).doesNotExist();
		assertThat(month.resolve(".trend.csv.4242.partial")).doesNotExist();
		assertThat(month.resolve(".alerts.csv.77.partial")).hasContent("month");
		assertThat(month.resolve("notes.partial")).hasContent("kept");
		assertThat(month.resolve(".keep")).hasContent("kept");
		assertThat(month.resolve("versions")).doesNotExist();
		assertThat(unpublished).doesNotExist();

		assertThat(restart.exitCode()).as(restart.toString()).isZero();
		assertThat(installation.reporting()
			.sql("SELECT count(*) FROM batch_step_execution WHERE step_name = 'computeMetricsStep'")
			.query(Long.class)
			.single()).as("the month's results were not computed again").isEqualTo(1);
		for (String file : List.of("summary.csv", "churn-by-reason.csv", "cohort-retention.csv", "trend.csv")) {
			assertThat(installation.read("2025-03", file)).as(file).isEqualTo(uninterrupted.read("2025-03", file));
		}
	}

	@Test
	void restartChecksTheConfigurationBeforeResuming() throws Exception {
		FixtureInstallation installation = FixtureInstallation.create(directory);
		Path summary = installation.monthDirectory("2025-03").resolveSibling(".2025-03.v1.next").resolve("summary.csv");
		Files.createDirectories(summary.resolve("in-the-way"));
		assertThat(installation.run("run", "--month", "2025-03").exitCode()).isEqualTo(ExitCodes.JOB_FAILED);
		FileSystemUtils.deleteRecursively(summary);
		installation.edit("churn-reasons.yml", "    class: unmanaged", "    class: unmanged");

		CommandResult refused = installation.run("restart", "--month", "2025-03");

		assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.BAD_CONFIGURATION);
		assertThat(refused.err()).contains("Month 2025-03 was not started",
				"reason #3 (moved_out_of_area) has class 'unmanged': it must be managed or unmanaged");
		assertThat(installation.reporting().sql("SELECT count(*) FROM batch_job_execution").query(Long.class).single())
			.as("no execution was started").isEqualTo(1);

		installation.edit("churn-reasons.yml", "    class: unmanged", "    class: unmanaged");
		CommandResult restart = installation.run("restart", "--month", "2025-03");

		assertThat(restart.exitCode()).as(restart.toString()).isZero();
		assertThat(installation.read("2025-03", "summary.csv")).contains("customers_churned,3\n");
	}

}
