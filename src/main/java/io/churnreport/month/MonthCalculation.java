package io.churnreport.month;

/**
 * One set-based computation of a month's results into the mart. The compute step runs every
 * calculation bean in {@link org.springframework.core.annotation.Order order}, in one transaction,
 * after the month-end MRR and the churn classification are staged. A calculation replaces its own
 * rows for the month, so it can run again after a failure.
 */
public interface MonthCalculation {

	/** The month's summary metrics come first; later calculations may read them. */
	int SUMMARY = 0;

	/** Breakdowns that need only staging and the churned customers. */
	int BREAKDOWNS = 100;

	/** Calculations that compare the month with targets or earlier months in the mart. */
	int COMPARISONS = 200;

	/** Computes the month's results and returns how many rows it wrote. */
	int calculate(MonthContext context);

}
