package io.churnreport.job;

import java.time.YearMonth;
import java.util.Optional;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;

/**
 * A month's state as the job repository records it. The month's job instances are found by their
 * identifying parameters (see {@link MonthJobParameters#identifying}), so a question about one
 * month reads that month's few instances and never the whole history.
 */
final class MonthExecutions {

	private final JobRepository jobRepository;

	MonthExecutions(JobRepository jobRepository) {
		this.jobRepository = jobRepository;
	}

	/** The last execution of the month's latest version of results, in its latest attempt. */
	Optional<JobExecution> last(YearMonth month) {
		JobInstance latest = null;
		for (long version = 1;; version++) {
			JobInstance instance = instance(month, version, 1);
			if (instance == null) {
				break;
			}
			latest = instance;
			for (long attempt = 2;; attempt++) {
				JobInstance retried = instance(month, version, attempt);
				if (retried == null) {
					break;
				}
				latest = retried;
			}
		}
		return Optional.ofNullable(latest).map(jobRepository::getLastJobExecution);
	}

	/** Whether the month's last execution completed. */
	boolean isComplete(YearMonth month) {
		return last(month).map(execution -> execution.getStatus() == BatchStatus.COMPLETED).orElse(false);
	}

	private JobInstance instance(YearMonth month, long version, long attempt) {
		return jobRepository.getJobInstance(MonthlyChurnJobConfiguration.JOB_NAME,
				MonthJobParameters.identifying(month, version, attempt));
	}

}
