package io.churnreport.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;

import io.churnreport.job.MonthOutcome;
import io.churnreport.job.MonthOutcome.Cause;
import io.churnreport.job.MonthOutcome.Execution;
import io.churnreport.job.MonthOutcome.Request;
import io.churnreport.job.RunningProcess;

import static org.assertj.core.api.Assertions.assertThat;

/** Each outcome of the job layer gets its exit code and a line that says what to do next. */
class MonthOutcomesTests {

	private static final YearMonth MARCH = YearMonth.of(2025, 3);

	private static final Path MONTH_DIRECTORY = Path.of("out", "2025-03");

	private static final Execution FAILED_EXECUTION = new Execution(12, BatchStatus.FAILED,
			Optional.of(LocalDateTime.of(2025, 4, 1, 6, 0, 0)), Optional.of(LocalDateTime.of(2025, 4, 1, 6, 2, 30)));

	@Test
	void aCompletedMonthNamesItsReportsAndARestatementWhatChangedAndTheKeptVersion(@TempDir Path out)
			throws Exception {
		assertThat(MonthOutcomes.of(new MonthOutcome.Completed(MARCH, 7, 1, MONTH_DIRECTORY)))
			.isEqualTo(CommandOutcome.ok("Month 2025-03 completed (execution 7): reports in out/2025-03"));
		Path march = out.resolve("2025-03");
		Files.createDirectories(march.resolve("versions").resolve("v1"));
		assertThat(MonthOutcomes.of(new MonthOutcome.Completed(MARCH, 9, 2, march)).message())
			.isEqualTo("Month 2025-03 restated as version 2 (execution 9): reports in " + march + ", what changed in "
					+ march.resolve("restatement.csv") + ", version 1 kept in " + march.resolve("versions/v1"));
	}

	@Test
	void aRestatementUnderAnotherOutputDirectoryClaimsNoKeptVersion() {
		// version 1's files were written under another --out: nothing was kept here
		assertThat(MonthOutcomes.of(new MonthOutcome.Completed(MARCH, 9, 2, MONTH_DIRECTORY)).message())
			.isEqualTo("Month 2025-03 restated as version 2 (execution 9): reports in out/2025-03, what changed in "
					+ "out/2025-03/restatement.csv");
	}

	@Test
	void aFailedStepGetsTheExitCodeOfItsCause() {
		assertThat(failedWith(new Cause.Error("boom")).exitCode()).isEqualTo(ExitCodes.JOB_FAILED);
		assertThat(failedWith(new Cause.BadConfiguration("bad")).exitCode()).isEqualTo(ExitCodes.BAD_CONFIGURATION);
		assertThat(failedWith(new Cause.DataQualityLimit("too many")).exitCode()).isEqualTo(ExitCodes.DATA_QUALITY_LIMIT);
		assertThat(failedWith(new Cause.OutputNotWritten("disk full")).exitCode()).isEqualTo(ExitCodes.JOB_FAILED);
		CommandOutcome unreachable = failedWith(new Cause.DatabaseUnreachable("billing", "Connection refused.", false));
		assertThat(unreachable.exitCode()).isEqualTo(ExitCodes.DATABASE_UNREACHABLE);
		assertThat(unreachable.worthRetrying()).isTrue();
		assertThat(failedWith(new Cause.DatabaseUnreachable("billing", "password authentication failed", true))
			.worthRetrying()).as("a refused login does not change by trying again").isFalse();
	}

	@Test
	void aFailedStepSaysWhereWhyAndHowToResume() {
		assertThat(failedWith(new Cause.Error("column \"amount\" does not exist.")).message())
			.isEqualTo("Month 2025-03 failed in step extractInvoicesStep (execution 12): column \"amount\" does not exist."
					+ " Check config/sql/invoices.sql. Fix the cause, then resume with: churn-report restart --month 2025-03");
		assertThat(failedWith(new Cause.DatabaseUnreachable("billing", "Connection refused.", false)).message())
			.isEqualTo("Month 2025-03 failed in step extractInvoicesStep (execution 12): the billing database could not be "
					+ "reached (Connection refused). Check that it is up and CHURN_BILLING_URL, CHURN_BILLING_USER and "
					+ "CHURN_BILLING_PASSWORD; when it can be reached, resume with: churn-report restart --month 2025-03 "
					+ "(the completed steps are not repeated)");
	}

	@Test
	void aFailedMonthNamesTheBuiltInConfigurationsFilesByTheirNamesNotByTheCopyGoneAtExit() {
		Path copy = BuiltInConfiguration.directory();
		Path query = copy.resolve("sources").resolve("billing").resolve("invoices.sql");
		assertThat(query).exists();
		CommandOutcome overLimit = MonthOutcomes.of(new MonthOutcome.Failed(MARCH, 12, BatchStatus.FAILED,
				Optional.of("checkSourceDataStep"), Optional.empty(), new Cause.DataQualityLimit("Source data failed the "
						+ "data-quality limit: invoices 2%. Fix them in the source: billing (" + query.toAbsolutePath()
						+ "), then extract the month again")));
		assertThat(overLimit.exitCode()).isEqualTo(ExitCodes.DATA_QUALITY_LIMIT);
		assertThat(overLimit.message()).isEqualTo("Month 2025-03 failed in step checkSourceDataStep (execution 12): "
				+ "Source data failed the data-quality limit: invoices 2%. Fix them in the source: billing (built-in "
				+ "sources" + File.separator + "billing" + File.separator + "invoices.sql), then extract the month again");
		CommandOutcome noRate = MonthOutcomes.of(new MonthOutcome.Failed(MARCH, 12, BatchStatus.FAILED,
				Optional.of("computeMonthEndMrrStep"), Optional.empty(), new Cause.BadConfiguration("No rate for USD: add "
						+ "it to " + copy.resolve("fx-rates.csv").toAbsolutePath())));
		assertThat(noRate.message()).contains("add it to built-in fx-rates.csv").doesNotContain(copy.toString());
	}

	@Test
	void aMonthFailingInTheDemoSaysToRunTheDemoAgainNotToRestart() {
		CommandOutcome failed = MonthOutcomes.ofDemo(new MonthOutcome.Failed(MARCH, 12, BatchStatus.FAILED,
				Optional.of("extractInvoicesStep"), Optional.of(Path.of("config/sql/invoices.sql")),
				new Cause.Error("column \"amount\" does not exist.")));
		assertThat(failed).isEqualTo(new CommandOutcome(ExitCodes.JOB_FAILED, "The demo stopped. Month 2025-03 failed in "
				+ "step extractInvoicesStep (execution 12): column \"amount\" does not exist. Check config/sql/invoices.sql. "
				+ "Fix the cause, then run the demo again: it starts over, replacing the embedded databases' content.", false));
		CommandOutcome overLimit = MonthOutcomes.ofDemo(new MonthOutcome.Failed(MARCH, 12, BatchStatus.FAILED,
				Optional.of("checkSourceRowsStep"), Optional.empty(), new Cause.DataQualityLimit("Source data failed the "
						+ "data-quality limit: billing 2%. Nothing was published for 2025-03. Fix them in the source, then "
						+ "extract the month again with: churn-report restart --month 2025-03 --re-extract")));
		assertThat(overLimit.exitCode()).isEqualTo(ExitCodes.DATA_QUALITY_LIMIT);
		assertThat(overLimit.message()).isEqualTo("The demo stopped. Month 2025-03 failed in step checkSourceRowsStep "
				+ "(execution 12): Source data failed the data-quality limit: billing 2%. Nothing was published for 2025-03. "
				+ "Fix the cause, then run the demo again: it starts over, replacing the embedded databases' content.");
		CommandOutcome notStarted = MonthOutcomes.ofDemo(new MonthOutcome.NotStarted(MARCH,
				new Cause.DatabaseUnreachable(Cause.DatabaseUnreachable.REPORTING, "refused", false)));
		assertThat(notStarted.exitCode()).isEqualTo(ExitCodes.DATABASE_UNREACHABLE);
		assertThat(notStarted.message()).startsWith("The demo stopped. Month 2025-03 could not start: ")
			.endsWith("run the demo again: it starts over, replacing the embedded databases' content.")
			.doesNotContain("restart");
		assertThat(MonthOutcomes.ofDemo(new MonthOutcome.Completed(MARCH, 7, 1, MONTH_DIRECTORY)))
			.isEqualTo(MonthOutcomes.of(new MonthOutcome.Completed(MARCH, 7, 1, MONTH_DIRECTORY)));
	}

	@Test
	void onlyALostReportingDatabaseCountsAsLostReportingDatabase() {
		assertThat(MonthOutcomes.lostReportingDatabase(new MonthOutcome.NotStarted(MARCH,
				new Cause.DatabaseUnreachable(Cause.DatabaseUnreachable.REPORTING, "refused", false)))).isTrue();
		assertThat(MonthOutcomes.lostReportingDatabase(new MonthOutcome.Failed(MARCH, 12, BatchStatus.FAILED,
				Optional.of("extractInvoicesStep"), Optional.empty(),
				new Cause.DatabaseUnreachable("billing", "refused", false)))).isFalse();
		assertThat(MonthOutcomes.lostReportingDatabase(new MonthOutcome.NeverRun(MARCH, Request.RUN))).isFalse();
	}

	@Test
	void refusalsGetTheirOwnExitCodes() {
		assertThat(MonthOutcomes.of(new MonthOutcome.AlreadyComplete(MARCH, Request.RUN, Optional.of(FAILED_EXECUTION),
				MONTH_DIRECTORY)))
			.isEqualTo(new CommandOutcome(ExitCodes.ALREADY_COMPLETE, "Month 2025-03 is already complete (execution 12, "
					+ "finished 2025-04-01 06:02:30): nothing was done. Its reports are in out/2025-03."));
		assertThat(MonthOutcomes.of(new MonthOutcome.NeverRun(MARCH, Request.RERUN)))
			.isEqualTo(new CommandOutcome(ExitCodes.NOTHING_TO_RESTART, "Month 2025-03 has never run, so there is nothing "
					+ "to rerun: run it with: churn-report run --month 2025-03"));
		assertThat(MonthOutcomes.of(new MonthOutcome.NotRunning(MARCH, Request.STOP, Optional.of(FAILED_EXECUTION))))
			.isEqualTo(new CommandOutcome(ExitCodes.NOTHING_TO_RESTART,
					"Month 2025-03 is not running (last execution 12 is FAILED): nothing to stop."));
		CommandOutcome gone = MonthOutcomes.of(new MonthOutcome.AlreadyRunning(MARCH, Optional.of(FAILED_EXECUTION),
				Optional.of(new RunningProcess.Owner("elsewhere", 4242))));
		assertThat(gone.exitCode()).isEqualTo(ExitCodes.ALREADY_RUNNING);
		assertThat(gone.message()).isEqualTo("Month 2025-03 is already running (execution 12, started 2025-04-01 "
				+ "06:00:00, in process 4242 on elsewhere). Wait for it to finish; if that process no longer runs, mark it "
				+ "failed with: churn-report recover --month 2025-03, then resume it with: churn-report restart --month 2025-03");
	}

	@Test
	void aStoppedMonthSaysWhereItStoppedAndHowItResumes() {
		assertThat(MonthOutcomes.of(new MonthOutcome.Stopped(MARCH, 12, List.of("checkSourceDataStep"), true, true)))
			.isEqualTo(new CommandOutcome(ExitCodes.JOB_FAILED, "Month 2025-03 stopped after step checkSourceDataStep "
					+ "(execution 12) because the process was asked to end (SIGTERM or SIGINT); the steps that completed are "
					+ "kept. Resume it by running the same command again, e.g.: churn-report run --month 2025-03"));
		assertThat(MonthOutcomes.of(new MonthOutcome.Stopped(MARCH, 12, List.of("classifyChurnStep"), false, false)))
			.isEqualTo(new CommandOutcome(ExitCodes.JOB_FAILED, "Month 2025-03 stopped on request in step "
					+ "classifyChurnStep (execution 12): nothing failed, and the steps that completed are kept. Resume it "
					+ "with: churn-report restart --month 2025-03"));
		// the extracts run side by side and stop together
		assertThat(MonthOutcomes.of(new MonthOutcome.Stopped(MARCH, 12,
				List.of("extractCustomersStep", "extractSubscriptionsStep", "extractInvoicesStep"), false, false)))
			.isEqualTo(new CommandOutcome(ExitCodes.JOB_FAILED, "Month 2025-03 stopped on request in steps "
					+ "extractCustomersStep, extractSubscriptionsStep and extractInvoicesStep (execution 12): nothing "
					+ "failed, and the steps that completed are kept. Resume it with: churn-report restart --month 2025-03"));
	}

	@Test
	void aRenderRefusedOrFailedSaysWhatToRunAndThatTheMonthsResultsAreUnchanged() {
		assertThat(MonthOutcomes.of(new MonthOutcome.NotComplete(MARCH, Request.RENDER, FAILED_EXECUTION)))
			.isEqualTo(new CommandOutcome(ExitCodes.NOTHING_TO_RESTART, "Month 2025-03 is not complete (execution 12 is "
					+ "FAILED), so it has no results to render: resume it with: churn-report restart --month 2025-03; its "
					+ "reports are written when it completes."));
		// a rerun of a month not complete stays a failure of the job to resume
		assertThat(MonthOutcomes.of(new MonthOutcome.NotComplete(MARCH, Request.RERUN, FAILED_EXECUTION)).exitCode())
			.isEqualTo(ExitCodes.JOB_FAILED);
		assertThat(MonthOutcomes.of(new MonthOutcome.NeverRun(MARCH, Request.RENDER)).message())
			.isEqualTo("Month 2025-03 has never run, so there is nothing to render: run it with: churn-report run --month "
					+ "2025-03");

		CommandOutcome diskFull = MonthOutcomes.of(new MonthOutcome.RenderFailed(MARCH,
				new Cause.OutputNotWritten("Could not write out/2025-03/tr/finance-report.pdf: No space left on device")));
		assertThat(diskFull).isEqualTo(new CommandOutcome(ExitCodes.JOB_FAILED, "Month 2025-03 could not be rendered: "
				+ "Could not write out/2025-03/tr/finance-report.pdf: No space left on device. That file is unchanged and "
				+ "no partial file was left. Free space on that disk or check the directory's permissions, then run the "
				+ "same command again (the month's results are unchanged)."));
		CommandOutcome lost = MonthOutcomes.of(new MonthOutcome.RenderFailed(MARCH,
				new Cause.DatabaseUnreachable(Cause.DatabaseUnreachable.REPORTING, "Connection refused.", false)));
		assertThat(lost.exitCode()).isEqualTo(ExitCodes.DATABASE_UNREACHABLE);
		assertThat(lost.worthRetrying()).isTrue();
		assertThat(lost.message()).isEqualTo("Month 2025-03 could not be rendered: the reporting database could not be "
				+ "reached (Connection refused). Check that it is up and CHURN_REPORTING_URL, CHURN_REPORTING_USER and "
				+ "CHURN_REPORTING_PASSWORD; when it can be reached, run the same command again (the month's results are "
				+ "unchanged).");
	}

	private static CommandOutcome failedWith(Cause cause) {
		return MonthOutcomes.of(new MonthOutcome.Failed(MARCH, 12, BatchStatus.FAILED, Optional.of("extractInvoicesStep"),
				Optional.of(Path.of("config", "sql", "invoices.sql")), cause));
	}

}
