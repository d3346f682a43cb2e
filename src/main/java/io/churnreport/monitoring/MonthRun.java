package io.churnreport.monitoring;

import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

import io.churnreport.delivery.DeliveryRecord;

/**
 * How a month run ended, as the command that ran it knows it.
 *
 * @param executionId the job execution of the run; empty when the job could not start
 * @param success whether the month completed
 * @param exitCode the exit code of the command for this month
 * @param failedStep the step the month failed in, when it failed in one
 * @param deliveries what the delivery of the month's reports came to; empty when nothing was
 * delivered (the month did not complete, or delivery is not configured)
 */
public record MonthRun(YearMonth month, Optional<Long> executionId, boolean success, int exitCode,
		Optional<String> failedStep, List<DeliveryRecord> deliveries) {

	/**
	 * A completed month whose reports {@code deliver} sent again: its run as it stands with the
	 * deliveries now. A completed month's run exits 0 (README, exit codes), whatever its delivery came to.
	 * @param executionId the month's last completed execution
	 */
	public static MonthRun redelivered(YearMonth month, long executionId, List<DeliveryRecord> deliveries) {
		return new MonthRun(month, Optional.of(executionId), true, 0, Optional.empty(), deliveries);
	}

}
