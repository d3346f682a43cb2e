package io.churnreport.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

import io.churnreport.job.MonthlyChurnJobConfiguration;

/**
 * The time each step of the monthly job took, as the job repository recorded it (the step
 * executions' start and end), summed over the months of a phase. A phase's months are the job
 * instances created after a mark taken when it began: each month the benchmark runs is a new
 * instance, and a retry of a month resumes its own instance.
 */
final class StepTimes {

	/** Job instances read at a time, newest first, until the phase's mark. */
	private static final int PAGE = 100;

	private StepTimes() {
	}

	/** The mark of a phase about to begin: the last job instance of the monthly job so far, 0 for none. */
	static long lastJobInstance(JobRepository jobRepository) {
		JobInstance last = jobRepository.getLastJobInstance(MonthlyChurnJobConfiguration.JOB_NAME);
		return last == null ? 0 : last.getInstanceId();
	}

	/** The step times of the job instances after the given one, the steps in the order the job runs them. */
	static List<StepTime> after(JobRepository jobRepository, long afterJobInstance) {
		List<StepExecution> stepExecutions = stepExecutionsAfter(jobRepository, afterJobInstance);
		long notCompleted = stepExecutions.stream()
			.filter(step -> step.getStatus() != BatchStatus.COMPLETED || step.getEndTime() == null)
			.count();
		if (notCompleted > 0) {
			throw new IllegalStateException(notCompleted + " step execution(s) of the benchmark did not complete, so their "
					+ "times are not the job's: see churn-report status, fix the cause and run the benchmark again.");
		}
		// first seen first; a partition (monthEndMrrRange:1of2) is timed within its step
		Map<String, List<StepExecution>> byStep = new LinkedHashMap<>();
		stepExecutions.stream()
			.filter(step -> !step.getStepName().contains(":"))
			.sorted(Comparator.comparing(StepExecution::getId))
			.forEach(step -> byStep.computeIfAbsent(step.getStepName(), name -> new ArrayList<>()).add(step));
		List<StepTime> times = new ArrayList<>();
		byStep.forEach((name, executions) -> {
			Duration took = executions.stream()
				.map(step -> Duration.between(step.getStartTime(), step.getEndTime()))
				.reduce(Duration.ZERO, Duration::plus);
			long rowsRead = executions.stream().mapToLong(StepExecution::getReadCount).sum();
			times.add(new StepTime(name, executions.size(), rowsRead, Duration.ofMillis(Math.round(took.toNanos() / 1e6))));
		});
		return times;
	}

	private static List<StepExecution> stepExecutionsAfter(JobRepository jobRepository, long afterJobInstance) {
		List<StepExecution> stepExecutions = new ArrayList<>();
		for (int start = 0;; start += PAGE) {
			List<JobInstance> newestFirst = jobRepository.getJobInstances(MonthlyChurnJobConfiguration.JOB_NAME, start,
					PAGE);
			for (JobInstance instance : newestFirst) {
				if (instance.getInstanceId() <= afterJobInstance) {
					return stepExecutions;
				}
				for (JobExecution execution : jobRepository.getJobExecutions(instance)) {
					stepExecutions.addAll(execution.getStepExecutions());
				}
			}
			if (newestFirst.size() < PAGE) {
				return stepExecutions;
			}
		}
	}

	/** One step's summed time over a phase, and the rows it read (the extracts' copied rows). */
	record StepTime(String step, int executions, long rowsRead, Duration duration) {

	}

}
