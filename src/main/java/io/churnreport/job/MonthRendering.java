package io.churnreport.job;

import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.churnreport.job.MonthOutcome.Cause;
import io.churnreport.job.MonthOutcome.Execution;
import io.churnreport.job.MonthOutcome.ExtractNotKept;
import io.churnreport.job.MonthOutcome.NeverRun;
import io.churnreport.job.MonthOutcome.NotComplete;
import io.churnreport.job.MonthOutcome.RenderFailed;
import io.churnreport.job.MonthOutcome.Rendered;
import io.churnreport.job.MonthOutcome.Request;
import io.churnreport.month.ReportingMonth;
import io.churnreport.report.MonthlyReportWriter;
import io.churnreport.report.MonthlySpreadsheetWriter;
import io.churnreport.system.ChurnProperties;

/**
 * Writes a completed month's reports again (after a fix of a template, or in another language)
 * from what its run left in the mart, which keeps a month's results for good (its staging
 * partitions are dropped when another month starts). Nothing is computed and no job execution is started, so the month's results, their
 * version and its status stay as they were. The month's state is read from the job repository.
 * <p>
 * In the language its reports were run in, the month's own PDFs and spreadsheets are replaced;
 * in another, they are written to {@code <month>/<language>/} beside them, so that the month's own
 * files, which its deliveries send, stay as they were.
 */
@Component
public class MonthRendering {

	/**
	 * The key under which renderReportStep records the reports' language in the job execution's
	 * context, as a language tag.
	 */
	static final String REPORT_LANGUAGE = "reportLanguage";

	private final MonthExecutions monthExecutions;

	private final MonthlyReportWriter reportWriter;

	private final MonthlySpreadsheetWriter spreadsheetWriter;

	private final JdbcClient reporting;

	private final ChurnProperties properties;

	public MonthRendering(JobRepository jobRepository, MonthlyReportWriter reportWriter,
			MonthlySpreadsheetWriter spreadsheetWriter, JdbcClient reporting, ChurnProperties properties) {
		this.monthExecutions = new MonthExecutions(jobRepository);
		this.reportWriter = reportWriter;
		this.spreadsheetWriter = spreadsheetWriter;
		this.reporting = reporting;
		this.properties = properties;
	}

	/**
	 * Writes the month's reports again.
	 * @param outputDirectory the directory holding the month directories; empty: where the month's
	 * run wrote its files
	 * @param language the reports' language; empty: the language the month's reports were run in
	 * @param reports the reports by name ({@link MonthlyReportWriter#reports()}); empty for every report
	 */
	public MonthOutcome render(YearMonth month, Optional<Path> outputDirectory, Optional<Locale> language,
			List<String> reports) {
		Optional<JobExecution> last = monthExecutions.last(month);
		if (last.isEmpty()) {
			return new NeverRun(month, Request.RENDER);
		}
		if (last.get().getStatus().isRunning()) {
			return MonthJobOperations.alreadyRunning(month, last.get());
		}
		if (last.get().getStatus() != BatchStatus.COMPLETED) {
			return new NotComplete(month, Request.RENDER, Execution.of(last.get()));
		}
		MonthJobParameters parameters = MonthJobParameters.from(last.get().getJobParameters());
		Path monthDirectory = outputDirectory.map(directory -> directory.resolve(ReportingMonth.format(month)))
			.orElse(parameters.monthDirectory());
		try {
			// a month run before the mart kept what its reports show of its extract, whose staging is gone
			if (!extractKept(month)) {
				return new ExtractNotKept(month, monthDirectory);
			}
			Locale runLanguage = runLanguage(last.get());
			Locale rendered = language.orElse(runLanguage);
			boolean inRunLanguage = rendered.getLanguage().equals(runLanguage.getLanguage());
			Path directory = inRunLanguage ? monthDirectory : monthDirectory.resolve(rendered.getLanguage());
			List<Path> files = new ArrayList<>();
			ReportingMonth reportingMonth = parameters.reportingMonth(properties.timeZone());
			for (String report : reports.isEmpty() ? reportWriter.reports() : reports) {
				files.addAll(reportWriter.write(reportingMonth.firstDay(), rendered, directory, List.of(report)));
				files.addAll(spreadsheetWriter.write(reportingMonth, directory, List.of(report)));
			}
			return new Rendered(month, parameters.version(), rendered, inRunLanguage, files);
		}
		catch (RuntimeException ex) {
			return new RenderFailed(month, MonthJobOperations.cause(ex, Cause.DatabaseUnreachable.REPORTING, null));
		}
	}

	/**
	 * Whether the mart keeps what the month's reports show of its extract: every run does since the
	 * mart has its tables (migration V23), which kept it for the last month run before them too.
	 */
	private boolean extractKept(YearMonth month) {
		return reporting.sql("SELECT EXISTS (SELECT 1 FROM mart.month_source_extract WHERE month = :month)")
			.param("month", month.atDay(1))
			.query(Boolean.class)
			.single();
	}

	/**
	 * The language of the month's own reports: that of its last completed run; empty when it has
	 * none.
	 */
	public Optional<Locale> runLanguage(YearMonth month) {
		return monthExecutions.last(month)
			.filter(execution -> execution.getStatus() == BatchStatus.COMPLETED)
			.map(this::runLanguage);
	}

	/**
	 * The language the month's reports were run in, as its execution recorded it; churn.locale
	 * (the default of a run) for a month run before executions recorded it.
	 */
	private Locale runLanguage(JobExecution completed) {
		String recorded = completed.getExecutionContext().getString(REPORT_LANGUAGE, null);
		return recorded == null ? properties.locale() : Locale.forLanguageTag(recorded);
	}

}
