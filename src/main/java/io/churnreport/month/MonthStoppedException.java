package io.churnreport.month;

/**
 * A calculation ended because the operator asked the run to stop ({@link MonthContext#stopIfRequested}):
 * the step then ends STOPPED, and what the step wrote is taken back with its transaction.
 */
public class MonthStoppedException extends RuntimeException {

	public MonthStoppedException(String message) {
		super(message);
	}

}
