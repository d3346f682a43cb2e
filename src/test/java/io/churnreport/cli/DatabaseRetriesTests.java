package io.churnreport.cli;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.churnreport.system.ChurnProperties;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseRetriesTests {

	private static final ChurnProperties.Retry THREE_QUICK = new ChurnProperties.Retry(3, Duration.ofMillis(10), 2,
			Duration.ofSeconds(1), Duration.ofSeconds(1));

	private static final CommandOutcome UNREACHABLE = new CommandOutcome(ExitCodes.DATABASE_UNREACHABLE,
			"Month 2025-03 failed in step extractCustomersStep (execution 1): the billing database could not be reached "
					+ "(Connection refused). Check that it is up; when it can be reached, resume with: churn-report restart --month 2025-03");

	@Test
	void aDatabaseBackBeforeTheLastTryLetsTheCommandSucceed() {
		Deque<CommandOutcome> outcomes = new ArrayDeque<>(List.of(UNREACHABLE, UNREACHABLE, CommandOutcome.ok("done")));

		CommandOutcome outcome = DatabaseRetries.run(() -> THREE_QUICK, outcomes::pop);

		assertThat(outcome).isEqualTo(CommandOutcome.ok("done"));
		assertThat(outcomes).isEmpty();
	}

	@Test
	void aDatabaseThatStaysAwayEndsWithTheLastMessageAndTheTries() {
		Deque<CommandOutcome> outcomes = new ArrayDeque<>(List.of(UNREACHABLE, UNREACHABLE, UNREACHABLE, UNREACHABLE));

		CommandOutcome outcome = DatabaseRetries.run(() -> THREE_QUICK, outcomes::pop);

		assertThat(outcome.exitCode()).isEqualTo(ExitCodes.DATABASE_UNREACHABLE);
		assertThat(outcome.message()).startsWith(UNREACHABLE.message()).contains(" Tried 3 times over 0.");
		assertThat(outcomes).hasSize(1);
	}

	@Test
	void anyOtherFailureIsNotTriedAgain() {
		Deque<CommandOutcome> outcomes = new ArrayDeque<>(
				List.of(new CommandOutcome(ExitCodes.BAD_CONFIGURATION, "bad"), CommandOutcome.ok("done")));

		CommandOutcome outcome = DatabaseRetries.run(() -> THREE_QUICK, outcomes::pop);

		assertThat(outcome.exitCode()).isEqualTo(ExitCodes.BAD_CONFIGURATION);
		assertThat(outcomes).hasSize(1);
	}

	@Test
	void aRefusedLoginIsNotTriedAgain() {
		CommandOutcome refused = new CommandOutcome(ExitCodes.DATABASE_UNREACHABLE, "Month 2025-03 was not started: the "
				+ "billing database could not be reached (FATAL: password authentication failed for user \"churn\").", false);
		Deque<CommandOutcome> outcomes = new ArrayDeque<>(List.of(refused, CommandOutcome.ok("done")));

		CommandOutcome outcome = DatabaseRetries.run(() -> THREE_QUICK, outcomes::pop);

		assertThat(outcome).isEqualTo(refused);
		assertThat(outcomes).hasSize(1);
	}

	@Test
	void oneAttemptMeansNoRetryAndTheMessageAsItWas() {
		Deque<CommandOutcome> outcomes = new ArrayDeque<>(List.of(UNREACHABLE, CommandOutcome.ok("done")));

		CommandOutcome outcome = DatabaseRetries.run(
				() -> new ChurnProperties.Retry(1, Duration.ofMillis(10), 2, Duration.ofSeconds(1), Duration.ofSeconds(1)),
				outcomes::pop);

		assertThat(outcome).isEqualTo(UNREACHABLE);
	}

	@Test
	void theSummaryIsWhatWentWrongWithoutTheAdvice() {
		assertThat(DatabaseRetries.summary(UNREACHABLE.message())).isEqualTo(
				"Month 2025-03 failed in step extractCustomersStep (execution 1): the billing database could not be reached (Connection refused)");
	}

}
