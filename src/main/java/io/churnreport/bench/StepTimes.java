package io.churnreport.bench;

import java.time.Duration;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The time each step of the monthly job took, as the job repository recorded it
 * ({@code batch_step_execution}'s start and end), summed over the executions of a phase.
 */
final class StepTimes {

	/** The steps in the order the job runs them (first seen first), with their summed durations. */
	private static final String STEP_TIMES = """
			SELECT s.step_name AS step,
			       count(*) AS executions,
			       sum(s.read_count) AS rows_read,
			       round(sum(extract(epoch FROM s.end_time - s.start_time)) * 1000) AS millis
			FROM batch_step_execution s
			WHERE s.job_execution_id > :afterJobExecution
			  AND s.step_name NOT LIKE '%:%' -- a partition (monthEndMrrRange:1of2) is timed within its step
			GROUP BY s.step_name
			ORDER BY min(s.step_execution_id)
			""";

	/** The last job execution recorded so far: a phase's executions come after it. */
	private static final String LAST_JOB_EXECUTION = """
			SELECT coalesce(max(job_execution_id), 0) FROM batch_job_execution
			""";

	/** Executions of the phase that did not complete: the figures would not be the job's. */
	private static final String NOT_COMPLETED = """
			SELECT count(*) FROM batch_step_execution
			WHERE job_execution_id > :afterJobExecution AND (status <> 'COMPLETED' OR end_time IS NULL)
			""";

	private StepTimes() {
	}

	static long lastJobExecution(JdbcClient reporting) {
		return reporting.sql(LAST_JOB_EXECUTION).query(Long.class).single();
	}

	/** The step times of the executions after the given one. */
	static List<StepTime> after(JdbcClient reporting, long afterJobExecution) {
		long notCompleted = reporting.sql(NOT_COMPLETED)
			.param("afterJobExecution", afterJobExecution)
			.query(Long.class)
			.single();
		if (notCompleted > 0) {
			throw new IllegalStateException(notCompleted + " step execution(s) of the benchmark did not complete, so their "
					+ "times are not the job's: see churn-report status, fix the cause and run the benchmark again.");
		}
		return reporting.sql(STEP_TIMES)
			.param("afterJobExecution", afterJobExecution)
			.query((rs, n) -> new StepTime(rs.getString("step"), rs.getInt("executions"), rs.getLong("rows_read"),
					Duration.ofMillis(rs.getLong("millis"))))
			.list();
	}

	/** One step's summed time over a phase, and the rows it read (the extracts' copied rows). */
	record StepTime(String step, int executions, long rowsRead, Duration duration) {

	}

}
