package io.churnreport.cli;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.churnreport.month.Metric;
import io.churnreport.month.MetricStore;
import io.churnreport.month.ReportingMonth;
import io.churnreport.system.Secrets;

/**
 * Runs the operator's {@code --notify-command} when a month fails or raises alerts, with what
 * happened in its environment: CHURN_MONTH, CHURN_STATUS ({@code failed} or {@code alerts}),
 * CHURN_EXIT_CODE, CHURN_ALERTS (the number of alerts) and CHURN_SUMMARY (the one-line outcome).
 * The command is run by {@code sh -c}, so it can be a mail or webhook call; its own failure is
 * logged and does not change the run's exit code. It does not get the passwords of the
 * environment ({@code CHURN_..._PASSWORD}) nor {@code CHURN_SECRETS_DIRECTORY}.
 */
final class FailureNotifier {

	private static final Logger log = LoggerFactory.getLogger(FailureNotifier.class);

	private static final long TIMEOUT_SECONDS = 60;

	private FailureNotifier() {
	}

	static void notifyIfNeeded(String command, YearMonth month, CommandOutcome outcome, MetricStore metrics) {
		if (command == null || command.isBlank()) {
			return;
		}
		long alerts = metrics.find(month.atDay(1), Metric.ALERTS_RAISED).map(BigDecimal::longValue).orElse(0L);
		boolean failed = outcome.exitCode() != ExitCodes.OK && outcome.exitCode() != ExitCodes.ALREADY_COMPLETE;
		if (!failed && alerts == 0) {
			return;
		}
		ProcessBuilder builder = new ProcessBuilder("sh", "-c", command).inheritIO();
		Map<String, String> environment = builder.environment();
		// the command gets what happened, not the databases' secrets
		environment.keySet()
			.removeIf(name -> name.startsWith("CHURN_") && name.endsWith("PASSWORD")
					|| name.equals(SecretsDirectory.ENVIRONMENT_VARIABLE));
		environment.put("CHURN_MONTH", ReportingMonth.format(month));
		environment.put("CHURN_STATUS", failed ? "failed" : "alerts");
		environment.put("CHURN_EXIT_CODE", Integer.toString(outcome.exitCode()));
		environment.put("CHURN_ALERTS", Long.toString(alerts));
		environment.put("CHURN_SUMMARY", outcome.message() == null ? "" : Secrets.maskUrl(outcome.message()));
		try {
			Process process = builder.start();
			if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				log.warn("The notify command did not finish within {} s and was stopped", TIMEOUT_SECONDS);
			}
			else if (process.exitValue() != 0) {
				log.warn("The notify command exited with {}", process.exitValue());
			}
		}
		catch (IOException ex) {
			log.warn("Could not run the notify command: {}", ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
