package io.churnreport.job;

import java.time.Duration;
import java.time.LocalDateTime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;

import io.churnreport.system.Failures;

/**
 * One line when a step starts and one when it ends, with its counts and duration, and for long
 * chunk-oriented steps a progress line at most every few seconds (rows written and the rate;
 * source queries stream, so their total, and an ETA, is not known in advance). Steps may run side
 * by side, each on a thread of its own that calls the step's callbacks, so the step a progress
 * line is about is the one its thread runs.
 * <p>
 * A failed step is logged here, once per failure, in one event: with its stack trace inside when
 * the log is structured (JSON, for collectors), and as one line of text otherwise, the trace then
 * only at DEBUG, since the command line says what failed and what to do (Spring Batch's own error
 * line with the trace is turned off in application.yml).
 */
class StepLoggingListener implements StepExecutionListener, ChunkListener<Object, Object> {

	private static final Logger log = LoggerFactory.getLogger(StepLoggingListener.class);

	private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(5);

	private final boolean structuredLog;

	private final Duration progressInterval;

	/** The step the calling thread runs, and when it last said how far it got. */
	private final ThreadLocal<Progress> running = new ThreadLocal<>();

	StepLoggingListener(boolean structuredLog) {
		this(structuredLog, PROGRESS_INTERVAL);
	}

	StepLoggingListener(boolean structuredLog, Duration progressInterval) {
		this.structuredLog = structuredLog;
		this.progressInterval = progressInterval;
	}

	@Override
	public void beforeStep(StepExecution stepExecution) {
		running.set(new Progress(stepExecution, System.nanoTime()));
		log.info("{} [{}] started", stepExecution.getStepName(), month(stepExecution));
	}

	@Override
	public void afterChunk(Chunk<Object> chunk) {
		Progress progress = running.get();
		long now = System.nanoTime();
		if (progress == null || now - progress.saidNanos < progressInterval.toNanos()) {
			return;
		}
		progress.saidNanos = now;
		StepExecution step = progress.step;
		long written = step.getWriteCount();
		long millis = Math.max(1, Duration.between(step.getStartTime(), LocalDateTime.now()).toMillis());
		log.info("{} [{}] in progress: {} rows written, {} rows/s", step.getStepName(), month(step), written,
				written * 1000 / millis);
	}

	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		running.remove();
		LocalDateTime start = stepExecution.getStartTime();
		long millis = start == null ? 0 : Duration.between(start, LocalDateTime.now()).toMillis();
		log.info("{} [{}] {} in {} ms: read {}, written {}", stepExecution.getStepName(), month(stepExecution),
				stepExecution.getStatus(), millis, stepExecution.getReadCount(), stepExecution.getWriteCount());
		if (stepExecution.getStatus() == BatchStatus.STOPPED) {
			// a stop that was asked for (stop, SIGTERM) is no failure; the job's outcome says how to resume
			return null;
		}
		for (Throwable failure : stepExecution.getFailureExceptions()) {
			String message = Failures.firstLine(String.valueOf(failure.getMessage()));
			if (structuredLog) {
				log.error("{} [{}] failed: {}", stepExecution.getStepName(), month(stepExecution), message, failure);
			}
			else {
				log.error("{} [{}] failed: {}", stepExecution.getStepName(), month(stepExecution), message);
				log.debug("{} [{}] failed", stepExecution.getStepName(), month(stepExecution), failure);
			}
		}
		return null;
	}

	/** A running step and when its last progress line (or its start) was logged. */
	private static final class Progress {

		private final StepExecution step;

		private long saidNanos;

		private Progress(StepExecution step, long saidNanos) {
			this.step = step;
			this.saidNanos = saidNanos;
		}

	}

	private static String month(StepExecution stepExecution) {
		return stepExecution.getJobParameters().getString(MonthJobParameters.MONTH);
	}

}
