package io.churnreport.job;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Whether the operator asked a running job execution to stop, from this or another process, as the
 * job repository records it: {@code JobOperator.stop} marks the execution STOPPING and gives it an
 * end time, which the repository stores as STOPPED at once, while the step's thread may still be
 * busy. So either counts, as in Spring Batch's own check between chunks.
 * <p>
 * The step's own connection is busy in {@code COPY ... FROM STDIN} while an extract asks this, and
 * a query sent on it would wait for the copy forever: so every question is asked in a transaction
 * of its own, which suspends the step's and takes another connection from the reporting pool.
 */
final class StopRequests {

	private final JobRepository jobRepository;

	private final TransactionTemplate ownTransaction;

	/**
	 * @param transactionManager the transaction manager of the job repository's database
	 */
	StopRequests(JobRepository jobRepository, PlatformTransactionManager transactionManager) {
		this.jobRepository = jobRepository;
		this.ownTransaction = new TransactionTemplate(transactionManager);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.ownTransaction.setReadOnly(true);
	}

	boolean isStopping(long jobExecutionId) {
		Boolean stopping = ownTransaction.execute(status -> {
			JobExecution execution = jobRepository.getJobExecution(jobExecutionId);
			return execution != null && (execution.isStopping() || execution.isStopped());
		});
		return Boolean.TRUE.equals(stopping);
	}

}
