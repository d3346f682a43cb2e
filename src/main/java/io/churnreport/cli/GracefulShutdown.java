package io.churnreport.cli;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ConfigurableApplicationContext;

import io.churnreport.job.MonthJobOperations;
import io.churnreport.job.MonthOutcome;
import io.churnreport.month.ReportingMonth;

/**
 * For a command that runs months: when the process is asked to end (SIGTERM from systemd,
 * Kubernetes or a scheduler's time limit, SIGINT from Ctrl-C), the month's run is stopped through
 * Spring Batch at its next safe point, as {@code stop} would, instead of being cut off in the middle
 * of a step and left marked as running; the process ends once the command has said so and closed
 * its databases (with the exit code of a process ended by the signal: 143, or 130). The scheduler's
 * next run of the same command resumes the month.
 * <p>
 * It replaces Spring's own shutdown hook for these commands, which would close the databases under
 * the running step.
 */
final class GracefulShutdown implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(GracefulShutdown.class);

	/** How long the process waits for the run to reach its safe point, at most. */
	static final Duration LONGEST_WAIT = Duration.ofMinutes(10);

	private final CountDownLatch finished = new CountDownLatch(1);

	private final Thread hook;

	private ConfigurableApplicationContext context;

	private boolean requested;

	private GracefulShutdown() {
		this.hook = new Thread(this::onShutdown, "churn-report-graceful-shutdown");
	}

	static GracefulShutdown install() {
		GracefulShutdown shutdown = new GracefulShutdown();
		Runtime.getRuntime().addShutdownHook(shutdown.hook);
		return shutdown;
	}

	/** The command's context, started: from now on an end of the process stops the month's run. */
	synchronized void started(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/** Whether the process was asked to end, after which no month is started. */
	synchronized boolean isRequested() {
		return requested;
	}

	/** The refusal to start a month once the process was asked to end, or null. */
	CommandOutcome refusal(ReportingMonth month) {
		return isRequested() ? new CommandOutcome(ExitCodes.JOB_FAILED, "Month " + month + " was not started: the process "
				+ "was asked to end (SIGTERM or SIGINT). Run the same command again to run it.", false) : null;
	}

	private void onShutdown() {
		ConfigurableApplicationContext started;
		synchronized (this) {
			requested = true;
			started = context;
		}
		if (started != null) {
			try {
				Optional<MonthOutcome> stop = started.getBean(MonthJobOperations.class).stopOnShutdown();
				if (stop.isPresent()) {
					String month = ReportingMonth.format(stop.get().month());
					log.warn("The process was asked to end (SIGTERM or SIGINT): month {} (execution {}) stops at the end of "
							+ "its current step, or sooner where the step allows, and is then STOPPED. To resume it, run the "
							+ "same command again, e.g.: churn-report run --month {}", month,
							((MonthOutcome.StopRequested) stop.get()).executionId(), month);
				}
				else {
					log.warn("The process was asked to end (SIGTERM or SIGINT): no month is running; none is started");
				}
			}
			catch (RuntimeException ex) {
				log.warn("The process was asked to end (SIGTERM or SIGINT) and could not ask the month's run to stop ({}); "
						+ "if the next run says the month was left running, it marks it failed and resumes it", ex.getMessage());
			}
		}
		try {
			if (!finished.await(LONGEST_WAIT.toMinutes(), TimeUnit.MINUTES)) {
				log.warn("The month's run did not reach a safe point within {} minutes of the request to end: ending "
						+ "anyway; the next run marks it failed and resumes it", LONGEST_WAIT.toMinutes());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** The command has finished: the process may end. */
	@Override
	public void close() {
		finished.countDown();
		try {
			Runtime.getRuntime().removeShutdownHook(hook);
		}
		catch (IllegalStateException ex) {
			// the process is ending already, and the hook waits for this
		}
	}

}
