package io.churnreport.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

import io.churnreport.system.ChurnProperties;

/**
 * Tries a command's work again while a database cannot be reached (an outcome with exit code 6 that
 * is worth retrying: not a refused login),
 * as {@code churn.retry} says: waits that grow exponentially, one log line before each wait, and in
 * the end the last outcome with how often and for how long it was tried. Any other outcome ends the
 * retries at once.
 */
final class DatabaseRetries {

	private static final Logger log = LoggerFactory.getLogger(DatabaseRetries.class);

	private DatabaseRetries() {
	}

	/**
	 * @param settings read once the first try has failed, so that a context that failed to start can
	 * still supply them
	 * @param attempt one try; an outcome with exit code 6 is tried again
	 */
	static CommandOutcome run(Supplier<ChurnProperties.Retry> settings, Supplier<CommandOutcome> attempt) {
		Instant started = Instant.now();
		UnreachablePolicy policy = new UnreachablePolicy(settings);
		try {
			return new RetryTemplate(policy).execute(() -> {
				policy.tries++;
				CommandOutcome outcome = attempt.get();
				if (outcome.exitCode() == ExitCodes.DATABASE_UNREACHABLE && outcome.worthRetrying()) {
					policy.last = outcome;
					throw new Unreachable();
				}
				return outcome;
			});
		}
		catch (RetryException ex) {
			if (!(ex.getCause() instanceof Unreachable)) {
				throw ex.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(ex.getCause());
			}
			if (policy.tries < 2) {
				return policy.last;
			}
			return new CommandOutcome(policy.last.exitCode(), policy.last.message() + " Tried " + policy.tries
					+ " times over " + seconds(Duration.between(started, Instant.now()))
					+ " (churn.retry.attempts and churn.retry.initial-delay set how often and how long).");
		}
	}

	/** What went wrong, without the advice that follows it: the message up to the end of its cause in brackets. */
	static String summary(String message) {
		int end = message.indexOf("). ");
		return end < 0 ? message : message.substring(0, end + 1);
	}

	static String seconds(Duration duration) {
		long millis = duration.toMillis();
		return millis >= 10_000 ? Math.round(millis / 1000.0) + " s"
				: String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
	}

	/** Retries only unreachable databases, with the exponential back-off of churn.retry, saying so before each wait. */
	private static final class UnreachablePolicy implements RetryPolicy {

		private final Supplier<ChurnProperties.Retry> settings;

		private int tries;

		private CommandOutcome last;

		UnreachablePolicy(Supplier<ChurnProperties.Retry> settings) {
			this.settings = settings;
		}

		@Override
		public boolean shouldRetry(Throwable failure) {
			return failure instanceof Unreachable;
		}

		@Override
		public BackOff getBackOff() {
			ChurnProperties.Retry retry = settings.get();
			ExponentialBackOff backOff = new ExponentialBackOff(retry.initialDelay().toMillis(), retry.multiplier());
			backOff.setMaxInterval(Math.max(retry.maxDelay().toMillis(), retry.initialDelay().toMillis()));
			backOff.setMaxAttempts(retry.attempts() - 1L);
			return () -> {
				BackOffExecution execution = backOff.start();
				return () -> {
					long delay = execution.nextBackOff();
					if (delay != BackOffExecution.STOP) {
						log.warn("{}; attempt {} of {} in {}", summary(last.message()), tries + 1, retry.attempts(),
								seconds(Duration.ofMillis(delay)));
					}
					return delay;
				};
			};
		}

	}

	/** Marks a try whose outcome another try may change. */
	private static final class Unreachable extends RuntimeException {

		Unreachable() {
			super("a database could not be reached", null, false, false);
		}

	}

}
