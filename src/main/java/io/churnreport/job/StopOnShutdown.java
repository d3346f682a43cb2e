package io.churnreport.job;

import java.util.Optional;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Knows the execution this process runs, so that when the process is asked to end (SIGTERM,
 * SIGINT) the execution is stopped as {@code stop} stops it, through {@link JobOperator#stop}: it
 * then ends STOPPED at its next safe point and can be resumed, instead of being left marked as
 * running. A request that comes before the execution has started stops it as soon as it starts.
 */
@Component
public class StopOnShutdown implements JobExecutionListener {

	private final JobRepository jobRepository;

	/** Looked up when needed: the job operator is made after the job this listener belongs to. */
	private final ObjectProvider<JobOperator> jobOperator;

	private JobExecution running;

	private boolean requested;

	public StopOnShutdown(JobRepository jobRepository, ObjectProvider<JobOperator> jobOperator) {
		this.jobRepository = jobRepository;
		this.jobOperator = jobOperator;
	}

	@Override
	public synchronized void beforeJob(JobExecution execution) {
		running = execution;
		if (requested) {
			stop(execution);
		}
	}

	@Override
	public synchronized void afterJob(JobExecution execution) {
		running = null;
	}

	/**
	 * Asks the execution this process runs to stop, and any it starts from now on.
	 * @return the execution asked to stop, if one was running
	 */
	synchronized Optional<JobExecution> request() {
		requested = true;
		if (running == null) {
			return Optional.empty();
		}
		stop(running);
		return Optional.of(running);
	}

	/** Whether the process was asked to end. */
	synchronized boolean wasRequested() {
		return requested;
	}

	private void stop(JobExecution execution) {
		// as read from the job repository, as the stop command in another process reads it: the running
		// job's own copy takes the STOPPING status from there at its next update
		JobExecution stored = jobRepository.getJobExecution(execution.getId());
		if (stored != null && stored.getStatus().isRunning() && !stored.isStopping()) {
			try {
				jobOperator.getObject().stop(stored);
			}
			catch (Exception ex) {
				throw new IllegalStateException("Could not stop execution " + execution.getId() + ": " + ex.getMessage(), ex);
			}
		}
	}

}
