package io.churnreport.job;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

import io.churnreport.system.AtomicFiles;

/**
 * Removes what a run of the month killed while writing left: the temporary files of its reports
 * ({@code .management-report.pdf.<n>.partial}) in the directory its files are written into before
 * they are published ({@link MonthFilesSwitch}), and in the month's directory, where a re-render
 * writes. Nothing else there is touched.
 * <p>
 * When a month's execution starts, it owns the month (a second launch is refused), so a writer of
 * these files still alive could only be a process older than this one that no longer owns the
 * month: only files last modified before this process started are removed. {@code recover} removes
 * them all once it has found the month's process gone.
 */
final class LeftoverFiles implements JobExecutionListener {

	private static final Logger log = LoggerFactory.getLogger(LeftoverFiles.class);

	@Override
	public void beforeJob(JobExecution execution) {
		remove(MonthJobParameters.from(execution.getJobParameters()), processStart());
	}

	/** Removes the leftovers of the month's run last modified before the instant and says which. */
	static List<Path> remove(MonthJobParameters parameters, Instant modifiedBefore) {
		Path monthDirectory = parameters.monthDirectory();
		List<Path> removed = new ArrayList<>(AtomicFiles.removeTemporaryFiles(monthDirectory, modifiedBefore));
		removed.addAll(AtomicFiles.removeTemporaryFiles(MonthFilesSwitch.next(monthDirectory, parameters.version()),
				modifiedBefore));
		removed.forEach(file -> log.info("Removed {}, left by a run of the month that was killed while writing it", file));
		return removed;
	}

	static Instant processStart() {
		return Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
	}

}
