package io.churnreport.cli;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.batch.core.BatchStatus;

import io.churnreport.job.MonthStatus;
import io.churnreport.month.ReportingMonth;
import io.churnreport.system.Failures;

/** The text of {@code status}: where the months stand, then each month's executions (and steps, for one month). */
final class StatusReport {

	private StatusReport() {
	}

	static String of(MonthStatus status) {
		if (status.runs().isEmpty()) {
			return status.month().map(m -> "Month " + ReportingMonth.format(m) + " has never run.")
				.orElse("No month has run yet.");
		}
		StringBuilder out = new StringBuilder();
		status.overview().ifPresent(overview -> out.append(overview(overview)));
		for (MonthStatus.Run run : status.runs()) {
			out.append("Month ").append(run.month().map(ReportingMonth::format).orElse("?"))
				.append(run.version() > 1 ? ", version " + run.version() : "")
				.append(run.attempt() > 1 ? ", attempt " + run.attempt() + " (re-extracted)" : "")
				.append('\n');
			for (MonthStatus.ExecutionStatus execution : run.executions()) {
				out.append(String.format("  execution %-5d %-9s started %s  ended %s%n", execution.execution().id(),
						execution.execution().status(), MonthOutcomes.format(execution.execution().startTime()),
						MonthOutcomes.format(execution.execution().endTime())));
				ended(run, execution).ifPresent(line -> out.append("    ").append(line).append('\n'));
				if (status.month().isPresent()) {
					execution.steps()
						.forEach(step -> out.append(String.format("    %-26s %-9s read %8d  written %8d  %6.1f s%n",
								step.name(), step.status(), step.readCount(), step.writeCount(),
								seconds(step.startTime(), step.endTime()))));
				}
			}
		}
		return out.toString().stripTrailing();
	}

	private static String overview(MonthStatus.Overview overview) {
		List<String> notComplete = overview.notComplete().stream().map(ReportingMonth::format).toList();
		List<String> stale = overview.stale()
			.stream()
			.map(each -> ReportingMonth.format(each.month()) + " (execution " + each.executionId() + ", "
					+ MonthOutcomes.process(each.owner()) + ", gone: recover then restart it)")
			.toList();
		return "Last complete month: " + overview.lastComplete().map(ReportingMonth::format).orElse("none")
				+ "\nMonths not complete between the first and the last run: "
				+ (notComplete.isEmpty() ? "none" : String.join(", ", notComplete))
				+ "\nLeft running by a process that no longer exists: "
				+ (stale.isEmpty() ? "none" : String.join("; ", stale)) + "\n\n";
	}

	/**
	 * What an execution said when it ended. A stop ends the step it reached with the job's
	 * interruption, whose description is only its class name: that is said in the operator's words,
	 * with how to resume when the stopped execution is the month's last.
	 */
	private static Optional<String> ended(MonthStatus.Run run, MonthStatus.ExecutionStatus execution) {
		if (execution.execution().status() != BatchStatus.STOPPED) {
			return execution.exitDescription().map(Failures::firstLine);
		}
		List<String> stopped = execution.stoppedIn();
		String step = stopped.isEmpty() ? "" : " in " + MonthOutcomes.steps(stopped);
		boolean last = run.executions().get(run.executions().size() - 1) == execution;
		return Optional.of("stopped on request" + step + (last && run.month().isPresent()
				? "; resume it with: churn-report restart --month " + ReportingMonth.format(run.month().get()) : ""));
	}

	private static double seconds(Optional<LocalDateTime> start, Optional<LocalDateTime> end) {
		return start.isEmpty() || end.isEmpty() ? 0 : Duration.between(start.get(), end.get()).toMillis() / 1000.0;
	}

}
