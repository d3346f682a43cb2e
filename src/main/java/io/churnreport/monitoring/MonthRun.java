package io.churnreport.monitoring;

import java.time.YearMonth;
import java.util.Optional;

/**
 * How a month run ended, as the command that ran it knows it.
 *
 * @param executionId the job execution of the run; empty when the job could not start
 * @param success whether the month completed
 * @param exitCode the exit code of the command for this month
 * @param failedStep the step the month failed in, when it failed in one
 */
public record MonthRun(YearMonth month, Optional<Long> executionId, boolean success, int exitCode,
		Optional<String> failedStep) {
}
