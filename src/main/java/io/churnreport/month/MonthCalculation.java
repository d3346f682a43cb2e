package io.churnreport.month;

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
