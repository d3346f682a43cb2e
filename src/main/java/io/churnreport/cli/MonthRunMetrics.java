package io.churnreport.cli;

import java.net.URI;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;

import io.churnreport.delivery.DeliveryLog;
import io.churnreport.delivery.DeliveryRecord;
import io.churnreport.delivery.ReportPack;
import io.churnreport.job.MonthOutcome;
import io.churnreport.job.MonthOutcome.Completed;
import io.churnreport.job.MonthOutcome.Failed;
import io.churnreport.job.MonthOutcome.NotStarted;
import io.churnreport.job.MonthOutcome.Stopped;
import io.churnreport.monitoring.MonthRun;
import io.churnreport.monitoring.MonthRunPushgateway;
import io.churnreport.monitoring.MonthRunTextfile;
import io.churnreport.month.ReportingMonth;

/**
 * Hands a month run's outcome, and what its delivery came to, to the metrics file
 * ({@code churn.monitoring.textfile}) and the Pushgateway ({@code churn.monitoring.pushgateway})
 * once the command knows it: a month that completed, failed or
 * could not start (its configuration refused included). A month that did not run because it is
 * complete or running elsewhere leaves the file as the run that did write it left it.
 */
final class MonthRunMetrics {

	private static final Logger log = LoggerFactory.getLogger(MonthRunMetrics.class);

	private MonthRunMetrics() {
	}

	/**
	 * @param launched what the month's launch answered; null when it was refused before (by the
	 * checks) or failed without an answer
	 * @param deliveries what the delivery of a completed month's reports came to; none when nothing was delivered
	 */
	static void write(ConfigurableApplicationContext context, YearMonth month, MonthOutcome launched,
			CommandOutcome outcome, List<DeliveryRecord> deliveries) {
		MonthRun run;
		if (launched instanceof Completed completed) {
			run = new MonthRun(month, Optional.of(completed.executionId()), true, outcome.exitCode(), Optional.empty(),
					deliveries);
		}
		else if (launched instanceof Failed failed) {
			run = new MonthRun(month, Optional.of(failed.executionId()), false, outcome.exitCode(), failed.step(), List.of());
		}
		else if (launched instanceof Stopped stopped) {
			run = new MonthRun(month, Optional.of(stopped.executionId()), false, outcome.exitCode(),
					stopped.steps().stream().findFirst(), List.of());
		}
		else if (launched instanceof NotStarted || launched == null && !outcome.isOk()) {
			run = new MonthRun(month, Optional.empty(), false, outcome.exitCode(), Optional.empty(), List.of());
		}
		else {
			return;
		}
		try {
			context.getBean(MonthRunTextfile.class).write(run);
		}
		catch (RuntimeException ex) {
			// monitoring must not turn a month's outcome into another: the run's exit code stands
			log.warn("Could not write the metrics file: {}", ex.getMessage());
		}
		push(month, () -> context.getBean(MonthRunPushgateway.class).push(run));
	}

	private static void push(YearMonth month, Supplier<Optional<URI>> push) {
		try {
			push.get().ifPresent(group -> log.debug("The metrics of {} were pushed to {}", ReportingMonth.format(month), group));
		}
		catch (RuntimeException ex) {
			// as the file: the run's exit code stands, and the file (when set) holds the metrics
			log.warn("Could not push the metrics of {}: {}. The month's outcome stands; check that the Pushgateway runs "
					+ "and churn.monitoring.pushgateway.url, its next run pushes them again.", ReportingMonth.format(month),
					ex.getMessage());
		}
	}

	/**
	 * After {@code deliver} sent a completed month's reports again: the metrics file tells what its
	 * deliveries now stand at, when it holds the month's completed run (see
	 * {@link MonthRunTextfile#writeRedelivered}).
	 * @param executionId the month's last completed execution
	 * @param resent the report sent again; empty when every report was
	 * @param sentNow what this delivery came to
	 */
	static void afterRedelivery(ConfigurableApplicationContext context, YearMonth month, long executionId, long version,
			Optional<ReportPack> resent, List<DeliveryRecord> sentNow) {
		try {
			List<DeliveryRecord> standing = new ArrayList<>();
			if (resent.isPresent()) {
				// the reports not sent now stand at their last delivery of the version
				context.getBean(DeliveryLog.class)
					.latest(month, version)
					.stream()
					.filter(delivery -> !delivery.report().equals(resent.get().report()))
					.forEach(standing::add);
			}
			standing.addAll(sentNow);
			context.getBean(MonthRunTextfile.class).writeRedelivered(month, executionId, standing);
			push(month, () -> context.getBean(MonthRunPushgateway.class).pushRedelivered(month, executionId, standing));
		}
		catch (RuntimeException ex) {
			// as after a run: the delivery's exit code stands
			log.warn("Could not write the metrics file: {}", ex.getMessage());
		}
	}

}
