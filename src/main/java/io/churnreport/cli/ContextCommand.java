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

import javax.sql.DataSource;

import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.churnreport.delivery.DeliveryRecord;
import io.churnreport.job.MonthJobOperations;
import io.churnreport.job.MonthOutcome;
import io.churnreport.job.RunningProcess;
import io.churnreport.month.ReportingMonth;
import io.churnreport.system.ChurnProperties;
import io.churnreport.system.Failures;
import io.churnreport.system.NoEmbeddedDatabaseException;
import io.churnreport.system.Secrets;

/**
 * A command that works inside the application context: it starts the context, acts, prints one
 * line for the operator (stdout on success, stderr otherwise) and exits through
 * {@link SpringApplication#exit} with the outcome's code.
 */
abstract class ContextCommand {

	@Spec
	CommandSpec spec;

	/** For the commands that run months, what the process does when asked to end; null for the others. */
	private GracefulShutdown shutdown;

	protected int inContext(Path configDirectory, List<String> propertyOverrides,
			Function<ConfigurableApplicationContext, CommandOutcome> action) {
		return inContext(configDirectory, propertyOverrides, false, false, null, action);
	}

	/**
	 * For the commands that look at or act on months already run: as
	 * {@link #inContext(Path, List, Function)}, on an embedded database only if it exists; when it
	 * does not, nothing is created and the outcome is {@code noDatabase}'s, given the directory
	 * looked in.
	 */
	protected int inExistingContext(Path configDirectory, List<String> propertyOverrides,
			Function<Path, CommandOutcome> noDatabase, Function<ConfigurableApplicationContext, CommandOutcome> action) {
		return inContext(configDirectory, propertyOverrides, false, false, noDatabase, action);
	}

	/**
	 * For the checks: as {@link #inContext(Path, List, Function)}, in a context that writes nothing
	 * at start (see {@link ApplicationContexts#startReadOnly}); without an embedded database, the
	 * outcome is {@link NoDatabaseOutcomes#nothingToCheck}.
	 */
	protected int inReadOnlyContext(Path configDirectory, List<String> propertyOverrides,
			Function<ConfigurableApplicationContext, CommandOutcome> action) {
		return inContext(configDirectory, propertyOverrides, false, true, NoDatabaseOutcomes::nothingToCheck, action);
	}

	/**
	 * For the commands that run months: as {@link #inContext(Path, List, Function)}, and a reporting
	 * database that cannot be reached at start is tried again as {@code churn.retry} says.
	 */
	protected int launch(Path configDirectory, List<String> propertyOverrides,
			Function<ConfigurableApplicationContext, CommandOutcome> action) {
		return inContext(configDirectory, propertyOverrides, true, false, null, action);
	}

	/**
	 * For the commands that resume months already run: as {@link #launch}, on an embedded database
	 * only if it exists (see {@link #inExistingContext}).
	 */
	protected int launchOnExisting(Path configDirectory, List<String> propertyOverrides,
			Function<Path, CommandOutcome> noDatabase, Function<ConfigurableApplicationContext, CommandOutcome> action) {
		return inContext(configDirectory, propertyOverrides, true, false, noDatabase, action);
	}

	/**
	 * The overrides of the commands that fill the embedded databases with generated data and run
	 * every month (demo, bench): only ever the embedded databases, whatever is configured, as their
	 * content is replaced; one line per month from the command instead of one per step or source
	 * read; and the check of the source rows speaking only when it quarantined rows.
	 */
	protected static List<String> fillingEmbeddedDatabases(List<String> propertyOverrides) {
		List<String> overrides = new ArrayList<>(propertyOverrides);
		overrides.add("churn.database-mode=embedded");
		overrides.add("logging.level.io.churnreport.job=WARN");
		overrides.add("logging.level.io.churnreport.extract=WARN");
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
		CommandOutcome notEnded = refusalOfMonthNotEnded(reportingMonth, properties);
		if (notEnded != null) {
			return notEnded;
		}
		Optional<MonthOutcome> running = context.getBean(MonthJobOperations.class).refusalWhileRunning(month);
		if (running.isPresent()) {
			return MonthOutcomes.of(running.get());
		}
		ConfigurationChecks checks = new ConfigurationChecks(context, configDirectory);
		CommandOutcome ending = shutdown == null ? null : shutdown.refusal(reportingMonth);
		if (ending != null) {
			return ending;
		}
		AtomicBoolean launched = new AtomicBoolean();
		AtomicBoolean reportingDatabaseLost = new AtomicBoolean();
		AtomicReference<MonthOutcome> lastLaunch = new AtomicReference<>();
		CommandOutcome outcome = DatabaseRetries.run(properties::retry, () -> {
			try {
				// no retry once the process was asked to end
				CommandOutcome refusal = shutdown == null ? null : shutdown.refusal(reportingMonth);
				if (refusal != null) {
					return refusal;
				}
				// the configuration is checked once; a retry after the launch goes straight to resuming the month
				refusal = launched.get() ? null : checks.refusal(reportingMonth);
				if (refusal != null) {
					return refusal;
				}
				launched.set(true);
				MonthOutcome monthOutcome = launch.get();
				lastLaunch.set(monthOutcome);
				reportingDatabaseLost.set(MonthOutcomes.lostReportingDatabase(monthOutcome));
				return MonthOutcomes.of(monthOutcome);
			}
			catch (RuntimeException ex) {
				// past the checks, a connection that fails is the reporting database's: the job's own
				reportingDatabaseLost.set(launched.get() && Failures.isConnectionFailure(ex));
				return StartupFailures.outcome(ex);
			}
		});
		// delivered before the metrics are written, so that they tell what the delivery came to
		List<DeliveryRecord> deliveries = List.of();
		if (lastLaunch.get() instanceof MonthOutcome.Completed completed && deliversReports()) {
			MonthDeliveries.Delivered delivered = MonthDeliveries.afterMonth(context, completed, outcome);
			outcome = delivered.outcome();
			deliveries = delivered.records();
		}
		if (lastLaunch.get() instanceof MonthOutcome.Completed completed && deliversReports()) {
			outcome = PeriodCloses.afterMonth(context, completed, outcome);
		}
		MonthRunMetrics.write(context, month, lastLaunch.get(), outcome, deliveries);
		if (reportingDatabaseLost.get() && outcome.exitCode() == ExitCodes.DATABASE_UNREACHABLE) {
			// the reporting database may have gone before the month's execution could be marked failed
			return new CommandOutcome(outcome.exitCode(), outcome.message() + " Its execution may be left marked as "
					+ "running: the next run or restart of " + reportingMonth + " marks it failed and resumes it (on another "
					+ "machine, " + RunningProcess.LEASE.toMinutes() + " minutes after this process ended, or at once after: "
					+ "churn-report recover --month " + reportingMonth + ").");
		}
		return outcome;
	}

	/**
	 * Whether a month this command completes has its reports delivered (churn.delivery) and the
	 * quarter and fiscal year it ends reported; not the months of a benchmark, whose reports are of
	 * generated data.
	 */
	protected boolean deliversReports() {
		return true;
	}

	/**
	 * For {@code run --dry-run}, in a context started by {@link #inReadOnlyContext}: what
	 * {@link #launchMonth} would refuse, found without writing anything (the month not ended, the
	 * reporting schema's history, the month running or complete, the checks of check-config), and
	 * else what the run would do to the reporting schema.
	 */
	protected CommandOutcome checkMonth(ConfigurableApplicationContext context, Path configDirectory, YearMonth month) {
		ChurnProperties properties = context.getBean(ChurnProperties.class);
		ReportingMonth reportingMonth = new ReportingMonth(month, properties.timeZone());
		CommandOutcome notEnded = refusalOfMonthNotEnded(reportingMonth, properties);
		if (notEnded != null) {
			return notEnded;
		}
		ConfigurationChecks checks = ConfigurationChecks.leavingNothing(context, configDirectory);
		ConfigurationChecks.Result schema = checks.reportingSchema();
		if (schema.unreachable()) {
			return StartupFailures.outcome(schema.failure());
		}
		if (!schema.ok()) {
			return new CommandOutcome(ExitCodes.BAD_CONFIGURATION, "Month " + reportingMonth + " would not run: "
					+ schema.problemWithSubject());
		}
		// before the first run the job repository's tables do not exist yet: then the month never ran
		if (jobRepositoryExists(context)) {
			Optional<MonthOutcome> refusal = context.getBean(MonthJobOperations.class)
				.refusalOfRun(month, properties.outputDirectory().resolve(ReportingMonth.format(month)));
			if (refusal.isPresent()) {
				return MonthOutcomes.of(refusal.get());
			}
		}
		CommandOutcome refusal = checks.refusal(reportingMonth);
		if (refusal != null) {
			return refusal;
		}
		return CommandOutcome.ok("Month " + reportingMonth + " can run: the configuration is ready and the "
				+ schema.subject() + " is " + schema.detail() + ". Nothing was run or written.");
	}

	private static boolean jobRepositoryExists(ConfigurableApplicationContext context) {
		String prefix = context.getEnvironment().getProperty("spring.batch.jdbc.table-prefix", "BATCH_");
		return JdbcClient.create(context.getBean(DataSource.class))
			.sql("SELECT to_regclass(:table) IS NOT NULL")
			.param("table", prefix + "JOB_EXECUTION")
			.query(Boolean.class)
			.single();
	}

	/** The refusal of a month that has not ended yet in the reporting time zone, or null. */
	private static CommandOutcome refusalOfMonthNotEnded(ReportingMonth reportingMonth, ChurnProperties properties) {
		if (reportingMonth.end().toInstant().isBefore(Instant.now())) {
			return null;
		}
		return new CommandOutcome(ExitCodes.USAGE, "Month " + reportingMonth + " has not ended yet in "
				+ properties.timeZone().getId() + " (it ends " + reportingMonth.end().atZoneSameInstant(properties.timeZone())
					.format(DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm"))
				+ "): a month runs once it is over, as its results are then locked. Give an earlier month, e.g. --month "
				+ ReportingMonth.format(ReportingMonth.lastEnded(properties.timeZone())) + ".");
	}

	/** @param noDatabase null to create a missing embedded database, else the outcome when there is none */
	private int inContext(Path configDirectory, List<String> propertyOverrides, boolean retryStart, boolean readOnly,
			Function<Path, CommandOutcome> noDatabase, Function<ConfigurableApplicationContext, CommandOutcome> action) {
		// the commands that run months stop them gracefully when the process is asked to end
		if (retryStart) {
			shutdown = GracefulShutdown.install();
		}
		try {
			return inContext(configDirectory, propertyOverrides, retryStart, readOnly, noDatabase, action, shutdown);
		}
		finally {
			if (shutdown != null) {
				shutdown.close();
			}
		}
	}

	private int inContext(Path configDirectory, List<String> propertyOverrides, boolean retryStart, boolean readOnly,
			Function<Path, CommandOutcome> noDatabase, Function<ConfigurableApplicationContext, CommandOutcome> action,
			GracefulShutdown gracefulShutdown) {
		AtomicReference<ConfigurableEnvironment> environment = new AtomicReference<>();
		AtomicReference<ConfigurableApplicationContext> started = new AtomicReference<>();
		Supplier<CommandOutcome> start = () -> {
			try {
				if (readOnly) {
					started.set(ApplicationContexts.startReadOnly(configDirectory, propertyOverrides, environment::set));
				}
				else if (noDatabase != null) {
					started.set(ApplicationContexts.startOnExistingDatabase(configDirectory, propertyOverrides,
							environment::set, gracefulShutdown == null));
				}
				else {
					started.set(ApplicationContexts.start(configDirectory, propertyOverrides, environment::set,
							gracefulShutdown == null));
				}
				return CommandOutcome.ok(null);
			}
			catch (RuntimeException ex) {
				NoEmbeddedDatabaseException none = noDatabase == null ? null
						: Failures.cause(ex, NoEmbeddedDatabaseException.class);
				return none != null ? noDatabase.apply(none.dataDirectory()) : StartupFailures.outcome(ex);
			}
		};
		CommandOutcome startOutcome = retryStart ? DatabaseRetries.run(() -> retrySettings(environment.get()), start)
				: start.get();
		ConfigurableApplicationContext context = started.get();
		if (context == null) {
			return report(startOutcome);
		}
		if (gracefulShutdown != null) {
			gracefulShutdown.started(context);
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
