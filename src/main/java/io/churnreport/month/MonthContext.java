package io.churnreport.month;

import java.nio.file.Path;

/**
 * What a calculation knows about the run: the month (in the reporting time zone), the operator's
 * configuration directory (for files such as targets.yml) and the version of the month's results
 * being computed (1, then one more for each forced rerun).
 */
public record MonthContext(ReportingMonth month, Path configDirectory, long version) {

	/** The first version of the month's results. */
	public MonthContext(ReportingMonth month, Path configDirectory) {
		this(month, configDirectory, 1);
	}

}
