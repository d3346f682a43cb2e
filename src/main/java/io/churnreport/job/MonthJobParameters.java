package io.churnreport.job;

import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneId;

import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

import io.churnreport.month.ReportingMonth;

/**
 * The parameters of one monthly run. The month, the version of its results and the attempt
 * identify the run: a version completes once, and a forced rerun computes the next version; a
 * version whose run failed can be started again from the extract as a new attempt
 * ({@code restart --re-extract}), after the sources were fixed. The first attempt has no attempt
 * parameter, as runs had before attempts existed. The directories, the reason of a rerun, who
 * asked for it and the backfill it belongs to do not identify it, so a restart may be given them
 * again.
 *
 * @param backfill the backfill command the run is a month of, by an id of its own: each source read
 * by changes is compared with the whole source once per backfill (see
 * {@code io.churnreport.extract.SourceMirror}); null for a run of its own
 */
public record MonthJobParameters(YearMonth month, long version, long attempt, Path outputDirectory,
		Path configDirectory, String restatementReason, String requestedBy, boolean fullExtract, String backfill) {

	public static final String MONTH = "month";

	public static final String VERSION = "version";

	public static final String ATTEMPT = "attempt";

	public static final String OUTPUT_DIRECTORY = "outputDirectory";

	public static final String CONFIG_DIRECTORY = "configDirectory";

	public static final String RESTATEMENT_REASON = "restatementReason";

	public static final String REQUESTED_BY = "requestedBy";

	public static final String FULL_EXTRACT = "fullExtract";

	public static final String BACKFILL = "backfill";

	/** The first version of a month, asked for by the operating-system user running this process. */
	public MonthJobParameters(YearMonth month, Path outputDirectory, Path configDirectory) {
		this(month, 1, outputDirectory, configDirectory, null, System.getProperty("user.name"));
	}

	/** The first attempt of a version. */
	public MonthJobParameters(YearMonth month, long version, Path outputDirectory, Path configDirectory,
			String restatementReason, String requestedBy) {
		this(month, version, 1, outputDirectory, configDirectory, restatementReason, requestedBy, false, null);
	}

	public static MonthJobParameters from(JobParameters parameters) {
		return new MonthJobParameters(ReportingMonth.parseMonth(parameters.getString(MONTH)),
				parameters.getLong(VERSION, 1L), parameters.getLong(ATTEMPT, 1L), Path.of(parameters.getString(OUTPUT_DIRECTORY)),
				Path.of(parameters.getString(CONFIG_DIRECTORY)), parameters.getString(RESTATEMENT_REASON),
				parameters.getString(REQUESTED_BY), Boolean.parseBoolean(parameters.getString(FULL_EXTRACT)),
				parameters.getString(BACKFILL));
	}

	public JobParameters toJobParameters() {
		JobParametersBuilder builder = new JobParametersBuilder(identifying(month, version, attempt))
			.addString(OUTPUT_DIRECTORY, outputDirectory.toString(), false)
			.addString(CONFIG_DIRECTORY, configDirectory.toString(), false);
		if (restatementReason != null) {
			builder.addString(RESTATEMENT_REASON, restatementReason, false);
		}
		if (requestedBy != null) {
			builder.addString(REQUESTED_BY, requestedBy, false);
		}
		if (fullExtract) {
			builder.addString(FULL_EXTRACT, "true", false);
		}
		if (backfill != null) {
			builder.addString(BACKFILL, backfill, false);
		}
		return builder.toJobParameters();
	}

	/** The same run with other directories, as given again to a restart. */
	public MonthJobParameters withDirectories(Path output, Path config) {
		return new MonthJobParameters(month, version, attempt, output, config, restatementReason, requestedBy,
				fullExtract, backfill);
	}

	/** The same run as a month of the backfill given (null: of none), as a backfill resuming it asks. */
	public MonthJobParameters withBackfill(String backfillId) {
		return new MonthJobParameters(month, version, attempt, outputDirectory, configDirectory, restatementReason,
				requestedBy, fullExtract, backfillId);
	}

	/** The same run, reading every source whole ({@code run --full-extract}). */
	public MonthJobParameters withFullExtract() {
		return new MonthJobParameters(month, version, attempt, outputDirectory, configDirectory, restatementReason,
				requestedBy, true, backfill);
	}

	/**
	 * Whether the run reads and computes the whole history again rather than adding its month to
	 * what earlier months kept: a forced rerun (a later version) or a restart that extracts again
	 * (a later attempt), both after a fix in the sources, or a run asked to ({@code --full-extract}).
	 */
	public boolean asksForWholeHistory() {
		return version > 1 || attempt > 1 || fullExtract;
	}

	/** The same version started again from the extract. */
	public MonthJobParameters nextAttempt() {
		return new MonthJobParameters(month, version, attempt + 1, outputDirectory, configDirectory, restatementReason,
				requestedBy, fullExtract, backfill);
	}

	/** The identifying parameters of a run of the month: its version and attempt. */
	public static JobParameters identifying(YearMonth month, long version, long attempt) {
		JobParametersBuilder builder = new JobParametersBuilder().addString(MONTH, ReportingMonth.format(month))
			.addLong(VERSION, version);
		if (attempt > 1) {
			builder.addLong(ATTEMPT, attempt);
		}
		return builder.toJobParameters();
	}

	public ReportingMonth reportingMonth(ZoneId zone) {
		return new ReportingMonth(month, zone);
	}

	/** Where this month's reports and CSVs go: {@code <out>/<YYYY-MM>/}. */
	public Path monthDirectory() {
		return outputDirectory.resolve(ReportingMonth.format(month));
	}

}
