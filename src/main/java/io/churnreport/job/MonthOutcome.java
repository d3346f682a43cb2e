package io.churnreport.job;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.batch.core.BatchStatus;

/**
 * What an operation on a month's job did, as data: the job layer decides what happened and
 * {@code cli} alone decides how to say it and which exit code it gets.
 */
public sealed interface MonthOutcome {

	YearMonth month();

	/** Whether the operation did what was asked. */
	default boolean isSuccess() {
		return this instanceof Completed || this instanceof Recovered || this instanceof StopRequested
				|| this instanceof Rendered;
	}

	/** The operation the operator asked for, where the answer depends on it. */
	enum Request {

		RUN, RERUN, RESTART, RE_EXTRACT, RECOVER, STOP, RENDER

	}

	/** One execution of the month's job, as an outcome names it. */
	record Execution(long id, BatchStatus status, Optional<LocalDateTime> startTime, Optional<LocalDateTime> endTime) {

		static Execution of(org.springframework.batch.core.job.JobExecution execution) {
			return new Execution(execution.getId(), execution.getStatus(), Optional.ofNullable(execution.getStartTime()),
					Optional.ofNullable(execution.getEndTime()));
		}

	}

	/** Why an execution failed or could not start, as far as the operator's next move depends on it. */
	sealed interface Cause {

		/** What the failing part said. */
		String detail();

		/**
		 * A database could not be reached; {@code loginRefused} when it answered but refused the
		 * login, which trying again will not change.
		 */
		record DatabaseUnreachable(String database, String detail, boolean loginRefused) implements Cause {

			public static final String REPORTING = "reporting";

			public boolean isReportingDatabase() {
				return REPORTING.equals(database);
			}

		}

		/** An output file could not be written; the month's earlier files are unchanged. */
		record OutputNotWritten(String detail) implements Cause {
		}

		/** More source rows broke the source contract than the configuration allows. */
		record DataQualityLimit(String detail) implements Cause {
		}

		/** The configuration cannot work. */
		record BadConfiguration(String detail) implements Cause {
		}

		/** Anything else. */
		record Error(String detail) implements Cause {
		}

	}

	/** The month's job completed: version 1 is the month's first results, a later one a restatement. */
	record Completed(YearMonth month, long executionId, long version, Path monthDirectory) implements MonthOutcome {

		public boolean isRestatement() {
			return version > 1;
		}

	}

	/**
	 * The month's job ran and ended without completing, in {@code step} (none when it failed
	 * outside a step); {@code sourceQuery} is the query file of the source an extract step read.
	 */
	record Failed(YearMonth month, long executionId, BatchStatus status, Optional<String> step,
			Optional<Path> sourceQuery, Cause cause) implements MonthOutcome {
	}

	/**
	 * The month's job was stopped at a safe point, in {@code steps} (more than one when steps that run
	 * side by side were stopped together) or, when {@code stepCompleted}, after the one step named, by
	 * the {@code stop} command or, with {@code onShutdown}, because its process was asked to end
	 * (SIGTERM, SIGINT); it resumes where it stopped. No step is named when it stopped before its first.
	 */
	record Stopped(YearMonth month, long executionId, List<String> steps, boolean stepCompleted, boolean onShutdown)
			implements MonthOutcome {

		public Stopped {
			steps = List.copyOf(steps);
		}

	}

	/** The job could not be started at all. */
	record NotStarted(YearMonth month, Cause cause) implements MonthOutcome {
	}

	/** The month already completed; nothing was done. */
	record AlreadyComplete(YearMonth month, Request request, Optional<Execution> last, Path monthDirectory)
			implements MonthOutcome {
	}

	/**
	 * The month's last execution is marked running, by {@code owner} when it is known; an owner
	 * that is gone left it so when it was killed.
	 */
	record AlreadyRunning(YearMonth month, Optional<Execution> execution, Optional<RunningProcess.Owner> owner)
			implements MonthOutcome {
	}

	/** The month never ran, so there is nothing to rerun, restart or render. */
	record NeverRun(YearMonth month, Request request) implements MonthOutcome {
	}

	/** A rerun or a render was asked for a month whose last execution did not complete. */
	record NotComplete(YearMonth month, Request request, Execution last) implements MonthOutcome {
	}

	/** Recover or stop was asked for a month that is not running. */
	record NotRunning(YearMonth month, Request request, Optional<Execution> last) implements MonthOutcome {
	}

	/**
	 * Recover was asked for an execution whose process is alive on this host: it is really running,
	 * so it was left as it is.
	 */
	record RecoverRefused(YearMonth month, Execution running, RunningProcess.Owner owner) implements MonthOutcome {
	}

	/** An execution left running was marked failed (or stopped) and can be restarted. */
	record Recovered(YearMonth month, Execution recovered) implements MonthOutcome {
	}

	/** The running execution was asked to stop at its next safe point. */
	record StopRequested(YearMonth month, long executionId) implements MonthOutcome {
	}

	/** The running execution could not be asked to stop. */
	record StopRefused(YearMonth month, long executionId, String detail) implements MonthOutcome {
	}

	/**
	 * A completed month's reports were written again from what its run left in the reporting
	 * database, in {@code language}: in the language of its run ({@code inRunLanguage}) over its own
	 * files, else beside them; its results, their version and its executions are as they were.
	 * @param files the files written, each whole under its final name
	 */
	record Rendered(YearMonth month, long version, Locale language, boolean inRunLanguage, List<Path> files)
			implements MonthOutcome {
	}

	/**
	 * A completed month whose reports cannot be written again as its run wrote them: it was run before
	 * the mart kept what the reports show of a month's extract, and its staging was dropped since.
	 */
	record ExtractNotKept(YearMonth month, Path monthDirectory) implements MonthOutcome {
	}

	/** A completed month's reports could not be written again; the files not yet written are as they were. */
	record RenderFailed(YearMonth month, Cause cause) implements MonthOutcome {
	}

}
