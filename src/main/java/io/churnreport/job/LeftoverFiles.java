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
 * Removes what a run of the month killed while writing left in the month's directory: the
 * temporary files of its reports ({@code .management-report.pdf.<n>.partial}) and a half copy of
 * the previous version ({@code versions/.v<N>.partial}). Nothing else there is touched.
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
		remove(MonthJobParameters.from(execution.getJobParameters()).monthDirectory(), processStart());
	}

	/** Removes the leftovers last modified before the instant and says which. */
	static List<Path> remove(Path monthDirectory, Instant modifiedBefore) {
		List<Path> removed = new ArrayList<>(AtomicFiles.removeTemporaryFiles(monthDirectory, modifiedBefore));
		removed.addAll(PreviousVersionFiles.removeTemporaryCopies(monthDirectory, modifiedBefore));
		removed.forEach(file -> log.info("Removed {}, left by a run of the month that was killed while writing it", file));
		return removed;
	}

	static Instant processStart() {
		return Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
	}

}
