package io.churnreport.month;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * What a calculation knows about the run: the month (in the reporting time zone), the operator's
 * configuration directory (for files such as targets.yml), the version of the month's results
 * being computed (1, then one more for each forced rerun), the run's inputs, loaded once, and
 * whether the operator asked the run to stop.
 */
public record MonthContext(ReportingMonth month, Path configDirectory, long version, MonthInputs inputs,
		BooleanSupplier stopRequested) {

	/** A run that is never asked to stop. */
	public MonthContext(ReportingMonth month, Path configDirectory, long version, MonthInputs inputs) {
		this(month, configDirectory, version, inputs, () -> false);
	}

	public MonthContext(ReportingMonth month, Path configDirectory, long version) {
		this(month, configDirectory, version, new MonthInputs(configDirectory));
	}

	/** The first version of the month's results. */
	public MonthContext(ReportingMonth month, Path configDirectory) {
		this(month, configDirectory, 1);
	}

	/**
	 * Ends the calculation here when the operator asked the run to stop: for a long calculation to
	 * call between its parts, as the pipeline does between calculations.
	 * @param where where the run stops, e.g. "before scoring the customers at risk"
	 * @throws MonthStoppedException when a stop was asked for
	 */
	public void stopIfRequested(String where) {
		if (stopRequested.getAsBoolean()) {
			throw new MonthStoppedException("Stopped on request " + where + " of " + month);
		}
	}

}
