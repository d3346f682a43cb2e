package io.churnreport.job;

import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

import org.springframework.batch.core.BatchStatus;

/**
 * The history of the monthly job as the job repository holds it: for one month ({@code month}) or
 * for all, each run of results with its executions and their steps.
 * @param overview for all months only: where the months stand as a whole
 * @param runs one per version and attempt of a month's results, by month
 */
public record MonthStatus(Optional<YearMonth> month, Optional<Overview> overview, List<Run> runs) {

	/**
	 * The last complete month, the months between the first and the last run that are not
	 * complete, and the executions left running by a process that no longer exists.
	 */
	public record Overview(Optional<YearMonth> lastComplete, List<YearMonth> notComplete, List<Stale> stale) {
	}

	/** An execution left marked as running by a process that is gone. */
	public record Stale(YearMonth month, long executionId, RunningProcess.Owner owner) {
	}

	/** One version (1, then one more per forced rerun) and attempt (one more per re-extract) of a month. */
	public record Run(Optional<YearMonth> month, long version, long attempt, List<ExecutionStatus> executions) {
	}

	/** An execution, what it said when it ended, and its steps. */
	public record ExecutionStatus(MonthOutcome.Execution execution, Optional<String> exitDescription,
			List<StepStatus> steps) {

		/**
		 * The steps a stopped execution did not complete, in the order they started: one, or several
		 * that ran side by side (the extracts; the invoices' merge beside month-end MRR).
		 */
		public List<String> stoppedIn() {
			return MonthlyChurnJobConfiguration.byTheirSteps(
					steps.stream().filter(step -> step.status() != BatchStatus.COMPLETED).map(StepStatus::name).toList());
		}

	}

	public record StepStatus(String name, BatchStatus status, long readCount, long writeCount,
			Optional<LocalDateTime> startTime, Optional<LocalDateTime> endTime) {
	}

}
