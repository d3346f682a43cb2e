package io.churnreport.month;

import java.nio.file.Path;

/**
 * What a calculation knows about the run: the month (in the reporting time zone), the operator's
 * configuration directory (for files such as targets.yml), the version of the month's results
 * being computed (1, then one more for each forced rerun) and the run's inputs, loaded once.
 */
public record MonthContext(ReportingMonth month, Path configDirectory, long version, MonthInputs inputs) {

	public MonthContext(ReportingMonth month, Path configDirectory, long version) {
		this(month, configDirectory, version, new MonthInputs(configDirectory));
	}

	/** The first version of the month's results. */
	public MonthContext(ReportingMonth month, Path configDirectory) {
		this(month, configDirectory, 1);
	}

}
