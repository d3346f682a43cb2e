package io.churnreport.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.StandardEnvironment;

import io.churnreport.job.MonthJobOperations;
import io.churnreport.job.MonthOutcome;
import io.churnreport.month.ReportingMonth;
import io.churnreport.system.ChurnProperties;
import io.churnreport.system.Failures;
import io.churnreport.system.Secrets;

/**
 * A command that works inside the application context: it starts the context, acts, prints one
 * line for the operator (stdout on success, stderr otherwise) and exits through
 * {@link SpringApplication#exit} with the outcome's code.
 */
abstract class ContextCommand {

	@Spec
	CommandSpec spec;

	protected int inContext(Path configDirectory, List<String> propertyOverrides,
			Function<ConfigurableApplicationContext, CommandOutcome> action) {
		return inContext(configDirectory, propertyOverrides, false, false, action);
	}

	/**
	 * For the checks: as {@link #inContext(Path, List, Function)}, in a context that writes nothing
	 * at start (see {@link ApplicationContexts#startReadOnly}).
	 */
	protected int inReadOnlyContext(Path configDirectory, List<String> propertyOverrides,
			Function<ConfigurableApplicationContext, CommandOutcome> action) {
		return inContext(configDirectory, propertyOverrides, false, true, action);
	}

	/**
	 * For the commands that run months: as {@link #inContext(Path, List, Function)}, and a reporting
	 * database that cannot be reached at start is tried again as {@code churn.retry} says.
	 */
	protected int launch(Path configDirectory, List<String> propertyOverrides,
			Function<ConfigurableApplicationContext, CommandOutcome> action) {
		return inContext(configDirectory, propertyOverrides, true, false, action);
	}

	/**
	 * The overrides of the commands that fill the embedded databases with generated data and run
	 * every month (demo, bench): only ever the embedded databases, whatever is configured, as their
	 * content is replaced; one line per month from the command instead of one per step; and the
	 * check of the source rows speaking only when it quarantined rows.
	 */
	protected static List<String> fillingEmbeddedDatabases(List<String> propertyOverrides) {
		List<String> overrides = new ArrayList<>(propertyOverrides);
		overrides.add("churn.database-mode=embedded");
		overrides.add("logging.level.io.churnreport.job=WARN");
		overrides.add("logging.level.io.churnreport.quality=WARN");
		return overrides;
	}

	/**
	 * Runs one month for a launching command: refuses a month that has not ended yet, runs the
	 * checks of check-config (a bad configuration fails here, before any data is touched), then the
	 * launch; while a database cannot be reached, checks and launch are tried again as
	 * {@code churn.retry} says.
	 * @param launch starts or resumes the month; called again on a retry
	 */
	protected CommandOutcome launchMonth(ConfigurableApplicationContext context, Path configDirectory, YearMonth month,
			Supplier<MonthOutcome> launch) {
		ChurnProperties properties = context.getBean(ChurnProperties.class);
		ReportingMonth reportingMonth = new ReportingMonth(month, properties.timeZone());
		if (!reportingMonth.end().toInstant().isBefore(Instant.now())) {
			return new CommandOutcome(ExitCodes.USAGE, "Month " + reportingMonth + " has not ended yet in "
					+ properties.timeZone().getId() + " (it ends " + reportingMonth.end().atZoneSameInstant(properties.timeZone())
						.format(DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm"))
					+ "): a month runs once it is over, as its results are then locked. Give an earlier month, e.g. --month "
					+ ReportingMonth.format(ReportingMonth.lastEnded(properties.timeZone())) + ".");
		}
		Optional<MonthOutcome> running = context.getBean(MonthJobOperations.class).refusalWhileRunning(month);
		if (running.isPresent()) {
			return MonthOutcomes.of(running.get());
		}
		ConfigurationChecks checks = new ConfigurationChecks(context, configDirectory);
		AtomicBoolean launched = new AtomicBoolean();
		AtomicBoolean reportingDatabaseLost = new AtomicBoolean();
		CommandOutcome outcome = DatabaseRetries.run(properties::retry, () -> {
			try {
				// the configuration is checked once; a retry after the launch goes straight to resuming the month
				CommandOutcome refusal = launched.get() ? null : checks.refusal(reportingMonth);
				if (refusal != null) {
					return refusal;
				}
				launched.set(true);
				MonthOutcome monthOutcome = launch.get();
				reportingDatabaseLost.set(MonthOutcomes.lostReportingDatabase(monthOutcome));
				return MonthOutcomes.of(monthOutcome);
			}
			catch (RuntimeException ex) {
				// past the checks, a connection that fails is the reporting database's: the job's own
				reportingDatabaseLost.set(launched.get() && Failures.isConnectionFailure(ex));
				return StartupFailures.outcome(ex);
			}
		});
		if (reportingDatabaseLost.get() && outcome.exitCode() == ExitCodes.DATABASE_UNREACHABLE) {
			// the reporting database may have gone before the month's execution could be marked failed
			return new CommandOutcome(outcome.exitCode(), outcome.message() + " If churn-report then answers that month "
					+ reportingMonth + " was left running, mark it failed first with: churn-report recover --month "
					+ reportingMonth + ".");
		}
		return outcome;
	}

	private int inContext(Path configDirectory, List<String> propertyOverrides, boolean retryStart, boolean readOnly,
			Function<ConfigurableApplicationContext, CommandOutcome> action) {
		AtomicReference<ConfigurableEnvironment> environment = new AtomicReference<>();
		AtomicReference<ConfigurableApplicationContext> started = new AtomicReference<>();
		Supplier<CommandOutcome> start = () -> {
			try {
				started.set(readOnly ? ApplicationContexts.startReadOnly(configDirectory, propertyOverrides, environment::set)
						: ApplicationContexts.start(configDirectory, propertyOverrides, environment::set));
				return CommandOutcome.ok(null);
			}
			catch (RuntimeException ex) {
				return StartupFailures.outcome(ex);
			}
		};
		CommandOutcome startOutcome = retryStart ? DatabaseRetries.run(() -> retrySettings(environment.get()), start)
				: start.get();
		ConfigurableApplicationContext context = started.get();
		if (context == null) {
			return report(startOutcome);
		}
		CommandOutcome outcome;
		try {
			outcome = action.apply(context);
		}
		catch (RuntimeException ex) {
			outcome = StartupFailures.outcome(ex);
		}
		report(outcome);
		return SpringApplication.exit(context, outcome::exitCode);
	}

	/** churn.retry as the environment of a context that failed to start gives it (with its defaults). */
	private static ChurnProperties.Retry retrySettings(ConfigurableEnvironment environment) {
		return Binder.get(environment != null ? environment : new StandardEnvironment())
			.bindOrCreate("churn.retry", Bindable.of(ChurnProperties.Retry.class));
	}

	private int report(CommandOutcome outcome) {
		if (outcome.message() != null && !outcome.message().isBlank()) {
			var writer = outcome.isOk() ? spec.commandLine().getOut() : spec.commandLine().getErr();
			// a message may quote a driver's or a library's, which may quote a URL: never its password
			String message = Secrets.maskUrl(outcome.message());
			writer.println(outcome.isOk() ? message : "churn-report: " + message);
			writer.flush();
		}
		return outcome.exitCode();
	}

}
