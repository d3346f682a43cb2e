package io.churnreport.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.churnreport.delivery.DeliveryRecord;
import io.churnreport.month.ReportingMonth;
import io.churnreport.system.AtomicFiles;
import io.churnreport.system.ChurnProperties;

/**
 * Writes the metrics of a month run to {@code churn.monitoring.textfile} in the OpenMetrics text
 * format, for node_exporter's textfile collector: the file is replaced in one step, so the
 * collector never reads half of it. The file holds the last run only ({@link MonthRunMeters}): a
 * collector scrapes it between runs.
 */
@Component
public class MonthRunTextfile {

	private static final Logger log = LoggerFactory.getLogger(MonthRunTextfile.class);

	private static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

	private final ChurnProperties properties;

	private final MonthRunMeters meters;

	public MonthRunTextfile(ChurnProperties properties, MonthRunMeters meters) {
		this.properties = properties;
		this.meters = meters;
	}

	/** Writes the run's metrics where configured; returns the file written, empty when none is configured. */
	public Optional<Path> write(MonthRun run) {
		Optional<Path> target = properties.monitoring().textfilePath();
		if (target.isEmpty()) {
			return Optional.empty();
		}
		String text = meters.text(run, OPENMETRICS);
		AtomicFiles.write(target.get(), file -> Files.writeString(file, text));
		return target;
	}

	/**
	 * After the month's reports were delivered again ({@code deliver}): writes the file anew with the
	 * deliveries as they now stand, when it holds the month's completed run. A file that holds
	 * another run (a later month's, or one of this month that failed or could not start since) is
	 * left as it is: it tells of the last run, and the job repository cannot say which that was, as a
	 * run that could not start has no execution.
	 * @param executionId the month's last completed execution
	 * @return the file written; empty when none is configured or it holds another run
	 */
	public Optional<Path> writeRedelivered(YearMonth month, long executionId, List<DeliveryRecord> deliveries) {
		Optional<Path> target = properties.monitoring().textfilePath();
		if (target.isEmpty() || !holdsCompletedRun(target.get(), month)) {
			return Optional.empty();
		}
		return write(MonthRun.redelivered(month, executionId, deliveries));
	}

	private static boolean holdsCompletedRun(Path file, YearMonth month) {
		if (!Files.isRegularFile(file)) {
			return false;
		}
		Pattern completed = Pattern.compile("^churn_report_job_success\\{month=\"" + ReportingMonth.format(month)
				+ "\"\\} 1(?:\\.0)?$", Pattern.MULTILINE);
		return readable("the metrics file written before", () -> {
			try {
				return completed.matcher(Files.readString(file)).find();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}).orElse(false);
	}

	private static <T> Optional<T> readable(String what, Supplier<T> read) {
		try {
			return Optional.ofNullable(read.get());
		}
		catch (RuntimeException ex) {
			log.warn("The metrics file leaves out {}, which could not be read: {}", what, ex.getMessage());
			return Optional.empty();
		}
	}

}
