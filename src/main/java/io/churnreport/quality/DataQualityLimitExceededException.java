package io.churnreport.quality;

/**
 * More of a source's rows were quarantined than {@code churn.data-quality.max-quarantined-percent}
 * allows: the month fails before anything is published (exit code 8). The message says which
 * source, the counts per rule, where the rows are and what to do, on one line.
 */
public class DataQualityLimitExceededException extends RuntimeException {

	public DataQualityLimitExceededException(String message) {
		super(message);
	}

}
