package io.churnreport.job;

import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneId;

import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

import io.churnreport.metrics.ReportingMonth;

/**
 * The parameters of one monthly run. The month identifies the run (a month completes once); the
 * directories do not, so a restart may be given them again.
 */
public record MonthJobParameters(YearMonth month, Path outputDirectory, Path configDirectory) {

	public static final String MONTH = "month";

	public static final String OUTPUT_DIRECTORY = "outputDirectory";

	public static final String CONFIG_DIRECTORY = "configDirectory";

	public static MonthJobParameters from(JobParameters parameters) {
		return new MonthJobParameters(ReportingMonth.parseMonth(parameters.getString(MONTH)),
				Path.of(parameters.getString(OUTPUT_DIRECTORY)), Path.of(parameters.getString(CONFIG_DIRECTORY)));
	}

	public JobParameters toJobParameters() {
		return new JobParametersBuilder().addString(MONTH, ReportingMonth.format(month))
			.addString(OUTPUT_DIRECTORY, outputDirectory.toString(), false)
			.addString(CONFIG_DIRECTORY, configDirectory.toString(), false)
			.toJobParameters();
	}

	public ReportingMonth reportingMonth(ZoneId zone) {
		return new ReportingMonth(month, zone);
	}

	/** Where this month's reports and CSVs go: {@code <out>/<YYYY-MM>/}. */
	public Path monthDirectory() {
		return outputDirectory.resolve(ReportingMonth.format(month));
	}

}
