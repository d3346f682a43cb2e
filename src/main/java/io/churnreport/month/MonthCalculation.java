package io.churnreport.month;

import java.util.Optional;
import java.util.concurrent.Future;

/**
 * One set-based computation of a month's results into the mart. The month pipeline (see
 * {@code io.churnreport.job.MonthPipelineConfiguration}) runs the calculations in the order it
 * lists them, in one transaction, after the month-end MRR and the churn classification are
 * staged. A calculation replaces its own rows for the month, so it can run again after a failure.
 * <p>
 * Each calculation declares what it reads of the month's results and what it writes, so that the
 * pipeline can refuse an order in which something is read before the calculation that writes it.
 * The staging tables the job's steps fill before the calculations are not declared.
 */
public interface MonthCalculation {

	/** Computes the month's results and returns how many rows it wrote. */
	int calculate(MonthContext context);

	/**
	 * Starts reading what the calculation needs of earlier months, beside the calculations before
	 * it: the pipeline calls it for every calculation when the month's calculations start, and
	 * {@link #calculate} takes what was read. It reads on connections of its own, so only what earlier
	 * steps and months committed, never what the calculations before it write. Nothing by default.
	 * @return the reading, which the pipeline cancels when the month ends before the calculation runs
	 */
	default Optional<Future<?>> startReading(MonthContext context) {
		return Optional.empty();
	}

	/** What the calculation reads of what other calculations write. */
	default MonthData reads() {
		return MonthData.NOTHING;
	}

	/** What the calculation writes: its mart tables and the summary metrics it stores. */
	MonthData writes();

	/** The calculation's name in logs and in the pipeline's messages. */
	default String name() {
		return getClass().getSimpleName();
	}

}
