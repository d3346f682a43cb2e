package io.churnreport.job;

import java.time.Duration;
import java.time.LocalDateTime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/** One line when a step starts and one when it ends, with its counts and duration. */
class StepLoggingListener implements StepExecutionListener {

	private static final Logger log = LoggerFactory.getLogger(StepLoggingListener.class);

	@Override
	public void beforeStep(StepExecution stepExecution) {
		log.info("{} [{}] started", stepExecution.getStepName(), stepExecution.getJobParameters().getString(MonthJobParameters.MONTH));
	}

	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		LocalDateTime start = stepExecution.getStartTime();
		long millis = start == null ? 0 : Duration.between(start, LocalDateTime.now()).toMillis();
		log.info("{} [{}] {} in {} ms: read {}, written {}", stepExecution.getStepName(),
				stepExecution.getJobParameters().getString(MonthJobParameters.MONTH), stepExecution.getStatus(), millis,
				stepExecution.getReadCount(), stepExecution.getWriteCount());
		return null;
	}

}
