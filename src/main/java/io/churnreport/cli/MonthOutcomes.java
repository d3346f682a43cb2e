package io.churnreport.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.batch.core.BatchStatus;

import io.churnreport.job.MonthOutcome;
import io.churnreport.job.MonthOutcome.AlreadyComplete;
import io.churnreport.job.MonthOutcome.AlreadyRunning;
import io.churnreport.job.MonthOutcome.Cause;
import io.churnreport.job.MonthOutcome.Completed;
import io.churnreport.job.MonthOutcome.Execution;
import io.churnreport.job.MonthOutcome.ExtractNotKept;
import io.churnreport.job.MonthOutcome.Failed;
import io.churnreport.job.MonthOutcome.NeverRun;
import io.churnreport.job.MonthOutcome.NotComplete;
import io.churnreport.job.MonthOutcome.NotRunning;
import io.churnreport.job.MonthOutcome.NotStarted;
import io.churnreport.job.MonthOutcome.RecoverRefused;
import io.churnreport.job.MonthOutcome.Recovered;
import io.churnreport.job.MonthOutcome.RenderFailed;
import io.churnreport.job.MonthOutcome.Rendered;
import io.churnreport.job.MonthOutcome.Request;
import io.churnreport.job.MonthOutcome.StopRefused;
import io.churnreport.job.MonthOutcome.StopRequested;
import io.churnreport.job.MonthOutcome.Stopped;
import io.churnreport.job.RunningProcess;
import io.churnreport.month.ReportingMonth;

import static io.churnreport.cli.CommandOutcome.withoutFinalStop;

/**
 * Puts what an operation on a month did ({@link MonthOutcome}) into the line the operator reads
 * and the exit code a scheduler acts on; every line says what to do next.
 */
final class MonthOutcomes {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

	private MonthOutcomes() {
	}

	static CommandOutcome of(MonthOutcome outcome) {
		return withBuiltInFilesNamed(said(outcome));
	}

	/**
	 * The outcome with the paths of the built-in configuration's files named as such: the job's
	 * messages name the files they were read from (a source query, fx-rates.csv), and the built-in
	 * configuration's copy is gone when the command exits.
	 */
	private static CommandOutcome withBuiltInFilesNamed(CommandOutcome outcome) {
		return outcome.message() == null ? outcome
				: new CommandOutcome(outcome.exitCode(), BuiltInConfiguration.namedIn(outcome.message()),
						outcome.worthRetrying());
	}

	private static CommandOutcome said(MonthOutcome outcome) {
		String month = ReportingMonth.format(outcome.month());
		String restart = "churn-report restart --month " + month;
		if (outcome instanceof Completed completed) {
			Path directory = completed.monthDirectory();
			Path previousVersion = directory.resolve("versions").resolve("v" + (completed.version() - 1));
			return CommandOutcome.ok(completed.isRestatement()
					? "Month " + month + " restated as version " + completed.version() + " (execution "
							+ completed.executionId() + "): reports in " + directory + ", what changed in "
							+ directory.resolve("restatement.csv")
							// the previous version's files are kept only where they were: not under another --out
							+ (Files.isDirectory(previousVersion)
									? ", version " + (completed.version() - 1) + " kept in " + previousVersion : "")
					: "Month " + month + " completed (execution " + completed.executionId() + "): reports in " + directory);
		}
		if (outcome instanceof Failed failed) {
			return failed(failed, month, restart);
		}
		if (outcome instanceof Stopped stopped) {
			return stopped(stopped, month);
		}
		if (outcome instanceof RecoverRefused refused) {
			return new CommandOutcome(ExitCodes.ALREADY_RUNNING, "Month " + month + " is running in "
					+ process(refused.owner()) + " (execution " + refused.running().id() + ", started "
					+ format(refused.running().startTime()) + "), which is alive: recover marks only a run whose process "
					+ "is gone. Wait for it to finish, or ask it to stop with: churn-report stop --month " + month);
		}
		if (outcome instanceof NotStarted notStarted) {
			if (notStarted.cause() instanceof Cause.DatabaseUnreachable unreachable) {
				return new CommandOutcome(ExitCodes.DATABASE_UNREACHABLE, "Month " + month
						+ " failed: the reporting database could not be reached (" + withoutFinalStop(unreachable.detail())
						+ "). Check that it is up and CHURN_REPORTING_URL, CHURN_REPORTING_USER and "
						+ "CHURN_REPORTING_PASSWORD; when it can be reached, resume with: " + restart,
						!unreachable.loginRefused());
			}
			return new CommandOutcome(ExitCodes.JOB_FAILED,
					"Month " + month + " could not start: " + notStarted.cause().detail());
		}
		if (outcome instanceof AlreadyComplete complete) {
			if (complete.request() == Request.RUN) {
				return new CommandOutcome(ExitCodes.ALREADY_COMPLETE, "Month " + month + " is already complete"
						+ complete.last().map(last -> " (execution " + last.id() + ", finished " + format(last.endTime()) + ")")
							.orElse("")
						+ ": nothing was done. Its reports are in " + complete.monthDirectory() + ".");
			}
			return new CommandOutcome(ExitCodes.ALREADY_COMPLETE, "Month " + month + " is already complete"
					+ complete.last().map(last -> " (execution " + last.id() + ")").orElse("") + ": nothing to restart."
					+ (complete.request() == Request.RE_EXTRACT ? " To compute it again from fixed sources: churn-report "
							+ "rerun --month " + month + " --force --reason \"...\"" : ""));
		}
		if (outcome instanceof AlreadyRunning running) {
			return alreadyRunning(running, month);
		}
		if (outcome instanceof NeverRun neverRun) {
			return new CommandOutcome(ExitCodes.NOTHING_TO_RESTART, "Month " + month
					+ " has never run, so there is nothing to " + verb(neverRun.request())
					+ ": run it with: churn-report run --month " + month);
		}
		if (outcome instanceof NotComplete notComplete && notComplete.request() == Request.RENDER) {
			return new CommandOutcome(ExitCodes.NOTHING_TO_RESTART, "Month " + month + " is not complete (execution "
					+ notComplete.last().id() + " is " + notComplete.last().status() + "), so it has no results to "
					+ "render: resume it with: " + restart + "; its reports are written when it completes.");
		}
		if (outcome instanceof NotComplete notComplete) {
			return new CommandOutcome(ExitCodes.JOB_FAILED, "Month " + month + " did not complete (execution "
					+ notComplete.last().id() + " is " + notComplete.last().status() + "): resume it with: " + restart
					+ "; a forced rerun replaces only a completed month.");
		}
		if (outcome instanceof Rendered rendered) {
			return CommandOutcome.ok(rendered(rendered, month));
		}
		if (outcome instanceof ExtractNotKept notKept) {
			return new CommandOutcome(ExitCodes.NOTHING_TO_RESTART, "Month " + month + " cannot be rendered again as it "
					+ "was published: it was run before churn-report kept what its reports show of the rows it extracted "
					+ "(the rows per source, the invoices and exchange rates of the finance report) with its results, and "
					+ "its extracted rows were dropped when a later month ran. Its reports in " + notKept.monthDirectory()
					+ " are unchanged. To write them again, restate the month from the sources as they are now (a new "
					+ "version): churn-report rerun --month " + month + " --force --reason \"...\"");
		}
		if (outcome instanceof RenderFailed failed) {
			return renderFailed(failed, month);
		}
		if (outcome instanceof NotRunning notRunning) {
			return new CommandOutcome(ExitCodes.NOTHING_TO_RESTART, notRunning.request() == Request.RECOVER
					? "Month " + month + " has no execution marked as running" + lastExecution(notRunning.last())
							+ ": nothing to recover."
					: "Month " + month + " is not running" + lastExecution(notRunning.last()) + ": nothing to stop.");
		}
		if (outcome instanceof Recovered recovered) {
			return CommandOutcome.ok("Execution " + recovered.recovered().id() + " of " + month + " is now marked "
					+ recovered.recovered().status() + ". Resume it with: " + restart);
		}
		if (outcome instanceof StopRequested stop) {
			return CommandOutcome.ok("Execution " + stop.executionId() + " of " + month
					+ " was asked to stop; it stops at the end of its current step, or sooner where the step allows (a source"
					+ " extract within about a second, the metrics step between its calculations). Resume it with: " + restart);
		}
		StopRefused refused = (StopRefused) outcome;
		return new CommandOutcome(ExitCodes.JOB_FAILED,
				"Could not stop execution " + refused.executionId() + " of " + month + ": " + refused.detail());
	}

	private static String verb(Request request) {
		return request == Request.RERUN ? "rerun" : request == Request.RENDER ? "render" : "restart";
	}

	private static String rendered(Rendered rendered, String month) {
		String language = rendered.language().getDisplayLanguage(Locale.ENGLISH);
		String files = String.join(", ", rendered.files().stream().map(Path::toString).toList());
		return "Month " + month + " (version " + rendered.version() + ") rendered again in " + language
				+ (rendered.inRunLanguage() ? ", the language it was run in," : "")
				+ " from its published results, nothing computed again: "
				+ (rendered.inRunLanguage() ? "replaced " + files + "."
						: "wrote " + files + "; the month's own reports are unchanged. To send these to the reports' readers: "
								+ "churn-report deliver --month " + month + " --locale " + rendered.language().getLanguage() + ".");
	}

	private static CommandOutcome renderFailed(RenderFailed failed, String month) {
		String notRendered = "Month " + month + " could not be rendered: ";
		String again = "run the same command again (the month's results are unchanged).";
		Cause cause = failed.cause();
		if (cause instanceof Cause.DatabaseUnreachable unreachable) {
			return new CommandOutcome(ExitCodes.DATABASE_UNREACHABLE, notRendered
					+ "the reporting database could not be reached (" + withoutFinalStop(unreachable.detail())
					+ "). Check that it is up and CHURN_REPORTING_URL, CHURN_REPORTING_USER and CHURN_REPORTING_PASSWORD; "
					+ "when it can be reached, " + again, !unreachable.loginRefused());
		}
		if (cause instanceof Cause.OutputNotWritten) {
			return new CommandOutcome(ExitCodes.JOB_FAILED, notRendered + withoutFinalStop(cause.detail())
					+ ". That file is unchanged and no partial file was left. Free space on that disk or check the "
					+ "directory's permissions, then " + again);
		}
		return new CommandOutcome(cause instanceof Cause.BadConfiguration ? ExitCodes.BAD_CONFIGURATION
				: ExitCodes.JOB_FAILED, notRendered + withoutFinalStop(cause.detail()) + ". Fix the cause, then " + again);
	}

	/**
	 * As {@link #of(MonthOutcome)} for a month the demo ran: a failed month is not resumed but the
	 * demo run again, as it starts over with new databases; so the advice to restart is left out.
	 */
	static CommandOutcome ofDemo(MonthOutcome outcome) {
		CommandOutcome asRun = of(outcome);
		Cause cause;
		String where;
		Optional<Path> sourceQuery = Optional.empty();
		String month = ReportingMonth.format(outcome.month());
		if (outcome instanceof Failed failed) {
			cause = failed.cause();
			where = "Month " + month + " " + failed.status().name().toLowerCase(Locale.ROOT) + " in "
					+ failed.step().map(name -> "step " + name).orElse("the job") + " (execution " + failed.executionId() + ")";
			sourceQuery = failed.sourceQuery();
		}
		else if (outcome instanceof NotStarted notStarted) {
			cause = notStarted.cause();
			where = "Month " + month + " could not start";
		}
		else {
			return asRun;
		}
		String detail = cause instanceof Cause.DatabaseUnreachable unreachable ? "the " + unreachable.database()
				+ " database (the embedded PostgreSQL) could not be reached (" + withoutFinalStop(unreachable.detail()) + ")"
				: withoutFinalStop(withoutRestartAdvice(cause.detail()));
		return withBuiltInFilesNamed(new CommandOutcome(asRun.exitCode(), "The demo stopped. " + where + ": " + detail + "."
				+ sourceQuery.filter(query -> !BuiltInConfiguration.holds(query)).map(query -> " Check " + query + ".").orElse("")
				+ " Fix the cause, then run the demo again: it starts over, replacing the embedded databases' content.",
				false));
	}

	/** The detail without its sentences from the first that advises a restart, which a demo cannot use. */
	static String withoutRestartAdvice(String detail) {
		int advice = detail == null ? -1 : detail.indexOf("churn-report restart");
		if (advice < 0) {
			return detail;
		}
		int sentenceEnd = detail.lastIndexOf(". ", advice);
		return sentenceEnd < 0 ? detail.substring(0, advice).strip() : detail.substring(0, sentenceEnd + 1);
	}

	/**
	 * Whether the outcome is the reporting database lost while a month ran, which may leave the
	 * month's execution marked as running.
	 */
	static boolean lostReportingDatabase(MonthOutcome outcome) {
		Cause cause = outcome instanceof Failed failed ? failed.cause()
				: outcome instanceof NotStarted notStarted ? notStarted.cause() : null;
		return cause instanceof Cause.DatabaseUnreachable unreachable && unreachable.isReportingDatabase();
	}

	private static CommandOutcome failed(Failed failed, String month, String restart) {
		String step = failed.step().map(name -> "step " + name).orElse("the job");
		String failedIn = "Month " + month + " failed in " + step + " (execution " + failed.executionId() + "): ";
		Cause cause = failed.cause();
		if (cause instanceof Cause.DatabaseUnreachable unreachable) {
			String variable = "CHURN_" + unreachable.database().toUpperCase(Locale.ROOT);
			return new CommandOutcome(ExitCodes.DATABASE_UNREACHABLE, failedIn + "the " + unreachable.database()
					+ " database could not be reached (" + withoutFinalStop(unreachable.detail())
					+ "). Check that it is up and " + variable + "_URL, " + variable + "_USER and " + variable
					+ "_PASSWORD; when it can be reached, resume with: " + restart + " (the completed steps are not repeated)",
					!unreachable.loginRefused());
		}
		if (cause instanceof Cause.OutputNotWritten) {
			return new CommandOutcome(ExitCodes.JOB_FAILED, failedIn + withoutFinalStop(cause.detail())
					+ ". The month's earlier files there are unchanged and no partial file was left. Free space on that "
					+ "disk or check the directory's permissions, then resume with: " + restart);
		}
		if (cause instanceof Cause.DataQualityLimit) {
			return new CommandOutcome(ExitCodes.DATA_QUALITY_LIMIT, failedIn + cause.detail());
		}
		return new CommandOutcome(cause instanceof Cause.BadConfiguration ? ExitCodes.BAD_CONFIGURATION
				: ExitCodes.JOB_FAILED, "Month " + month + " " + failed.status().name().toLowerCase(Locale.ROOT) + " in "
						+ step + " (execution " + failed.executionId() + "): " + withoutFinalStop(cause.detail()) + "."
						+ failed.sourceQuery().map(query -> " Check " + BuiltInConfiguration.name(query) + ".").orElse("")
						+ " Fix the cause, then resume with: " + restart);
	}

	/**
	 * A stopped month resumes where it stopped; after a stop because the process was asked to end, by
	 * the scheduler's next run of the same command.
	 */
	private static CommandOutcome stopped(Stopped stopped, String month) {
		String where = (stopped.steps().isEmpty() ? "before its first step"
				: (stopped.stepCompleted() ? "after " : "in ") + steps(stopped.steps()))
				+ " (execution " + stopped.executionId() + ")";
		if (stopped.onShutdown()) {
			return new CommandOutcome(ExitCodes.JOB_FAILED, "Month " + month + " stopped " + where
					+ " because the process was asked to end (SIGTERM or SIGINT); the steps that completed are kept. "
					+ "Resume it by running the same command again, e.g.: churn-report run --month " + month);
		}
		// asked for by churn-report stop: Spring Batch's "Job interrupted" is no fault to fix
		return new CommandOutcome(ExitCodes.JOB_FAILED, "Month " + month + " stopped on request " + where
				+ ": nothing failed, and the steps that completed are kept. Resume it with: churn-report restart --month "
				+ month);
	}

	/** "step A", or "steps A and B" for steps that ran side by side. */
	static String steps(List<String> names) {
		if (names.size() == 1) {
			return "step " + names.get(0);
		}
		return "steps " + String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
	}

	private static CommandOutcome alreadyRunning(AlreadyRunning running, String month) {
		String recover = "mark it failed with: churn-report recover --month " + month
				+ ", then resume it with: churn-report restart --month " + month;
		if (running.execution().isEmpty()) {
			// a launch in another process that has created the month's job instance but not yet its execution
			return new CommandOutcome(ExitCodes.ALREADY_RUNNING, "Month " + month + " is already running: another "
					+ "process launched it at the same moment, and this launch did nothing. Wait for it to finish; see its "
					+ "progress with: churn-report status --month " + month);
		}
		Execution execution = running.execution().get();
		String started = "execution " + execution.id() + ", started " + format(execution.startTime());
		Optional<RunningProcess.Owner> owner = running.owner();
		if (owner.isPresent() && owner.get().isGone()) {
			return new CommandOutcome(ExitCodes.ALREADY_RUNNING, "Month " + month + " was left marked as running ("
					+ started + ") by " + process(owner.get()) + ", which no longer exists (it was killed or the machine "
					+ "stopped): " + recover);
		}
		if (owner.isPresent() && owner.get().isKnownAlive()) {
			return new CommandOutcome(ExitCodes.ALREADY_RUNNING, "Month " + month + " is already running (" + started
					+ ", in " + process(owner.get()) + "). Wait for it to finish, or ask it to stop with: churn-report "
					+ "stop --month " + month);
		}
		// on another host (or unrecorded) whether the process still runs cannot be told from here
		return new CommandOutcome(ExitCodes.ALREADY_RUNNING, "Month " + month + " is already running (" + started
				+ owner.map(o -> ", in " + process(o)).orElse("") + "). Wait for it to finish; if that process no longer "
				+ "runs, " + recover);
	}

	static String process(RunningProcess.Owner owner) {
		return "process " + owner.pid() + " on " + owner.host();
	}

	private static String lastExecution(Optional<Execution> last) {
		return last.map(execution -> " (last execution " + execution.id() + " is " + execution.status() + ")").orElse("");
	}

	static String format(Optional<LocalDateTime> time) {
		return time.map(TIME::format).orElse("-");
	}


}
