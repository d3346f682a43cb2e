package io.churnreport.job;

import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneId;

import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

import io.churnreport.metrics.ReportingMonth;

/**
 * The parameters of one monthly run. The month and the version of its results identify the run:
 * a version completes once, and a forced rerun computes the next version. The directories, the
 * reason of a rerun and who asked for it do not identify it, so a restart may be given them again.
 */
public record MonthJobParameters(YearMonth month, long version, Path outputDirectory, Path configDirectory,
		String restatementReason, String requestedBy) {

	public static final String MONTH = "month";

	public static final String VERSION = "version";

	public static final String OUTPUT_DIRECTORY = "outputDirectory";

	public static final String CONFIG_DIRECTORY = "configDirectory";

	public static final String RESTATEMENT_REASON = "restatementReason";

	public static final String REQUESTED_BY = "requestedBy";

	/** The first version of a month, asked for by the operating-system user running this process. */
	public MonthJobParameters(YearMonth month, Path outputDirectory, Path configDirectory) {
		this(month, 1, outputDirectory, configDirectory, null, System.getProperty("user.name"));
	}

	public static MonthJobParameters from(JobParameters parameters) {
		return new MonthJobParameters(ReportingMonth.parseMonth(parameters.getString(MONTH)),
				parameters.getLong(VERSION, 1L), Path.of(parameters.getString(OUTPUT_DIRECTORY)),
				Path.of(parameters.getString(CONFIG_DIRECTORY)), parameters.getString(RESTATEMENT_REASON),
				parameters.getString(REQUESTED_BY));
	}

	public JobParameters toJobParameters() {
		JobParametersBuilder builder = new JobParametersBuilder().addString(MONTH, ReportingMonth.format(month))
			.addLong(VERSION, version)
			.addString(OUTPUT_DIRECTORY, outputDirectory.toString(), false)
			.addString(CONFIG_DIRECTORY, configDirectory.toString(), false);
		if (restatementReason != null) {
			builder.addString(RESTATEMENT_REASON, restatementReason, false);
		}
		if (requestedBy != null) {
			builder.addString(REQUESTED_BY, requestedBy, false);
		}
		return builder.toJobParameters();
	}

	/** The same run with other directories, as given again to a restart. */
	public MonthJobParameters withDirectories(Path output, Path config) {
		return new MonthJobParameters(month, version, output, config, restatementReason, requestedBy);
	}

	public ReportingMonth reportingMonth(ZoneId zone) {
		return new ReportingMonth(month, zone);
	}

	/** Where this month's reports and CSVs go: {@code <out>/<YYYY-MM>/}. */
	public Path monthDirectory() {
		return outputDirectory.resolve(ReportingMonth.format(month));
	}

}
