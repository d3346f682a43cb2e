package io.churnreport.cli;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

import org.springframework.context.ApplicationContext;

import io.churnreport.classify.ChurnReason;
import io.churnreport.classify.ChurnReasonCatalog;
import io.churnreport.delivery.DeliveryProperties;
import io.churnreport.delivery.ReportPack;
import io.churnreport.extract.SourceQuery;
import io.churnreport.monitoring.MonthRunPushgateway;
import io.churnreport.extract.SourceQueryCheck;
import io.churnreport.metrics.FxRates;
import io.churnreport.month.ReportingMonth;
import io.churnreport.plan.ChurnTargets;
import io.churnreport.system.AtomicFiles;
import io.churnreport.system.ChurnProperties;
import io.churnreport.system.DataSourcesConfiguration.DatabaseEndpoints;
import io.churnreport.system.Failures;
import io.churnreport.system.InvalidConfigurationException;

import static io.churnreport.cli.CommandOutcome.withoutFinalStop;

/**
 * The checks of a configuration that read no data: churn-reasons.yml, targets.yml, fx-rates.csv,
 * the output directory, each source database's server version and every source query (run with
 * LIMIT 0, in the sources' read-only transactions). application.yml was checked when the
 * application context started; the reporting database is migrated as a run's context starts, and
 * only looked at by {@link #reportingSchema()}. {@code check-config} prints each check; {@code run},
 * {@code backfill}, {@code rerun} and {@code restart} run them before a month starts, so that a
 * bad configuration fails before any data is touched.
 */
final class ConfigurationChecks {

	/** One check: what was checked, what it found, or why it failed. */
	record Result(String subject, String detail, RuntimeException failure) {

		boolean ok() {
			return failure == null;
		}

		boolean unreachable() {
			return failure != null && Failures.isConnectionFailure(failure);
		}

		String problem() {
			return unreachable() ? Failures.connectionMessage(failure) : Failures.rootMessage(failure);
		}

		/** The problem with the file or directory it is about named once, at the start. */
		String problemWithSubject() {
			String problem = problem();
			return BuiltInConfiguration.namedIn(problem.startsWith(subject) ? problem : subject + ": " + problem);
		}

	}

	private final ApplicationContext context;

	private final Path configDirectory;

	private final Path outputDirectory;

	/** Whether the checks leave nothing behind (check-config, a dry run): no output directory they created. */
	private final boolean leavingNothing;

	ConfigurationChecks(ApplicationContext context, Path configDirectory) {
		this(context, configDirectory, false);
	}

	private ConfigurationChecks(ApplicationContext context, Path configDirectory, boolean leavingNothing) {
		this.context = context;
		this.configDirectory = configDirectory;
		this.outputDirectory = context.getBean(ChurnProperties.class).outputDirectory();
		this.leavingNothing = leavingNothing;
	}

	/**
	 * The checks for check-config and a dry run, which write nothing: an output directory that does
	 * not exist yet is created to try it, then removed again.
	 */
	static ConfigurationChecks leavingNothing(ApplicationContext context, Path configDirectory) {
		return new ConfigurationChecks(context, configDirectory, true);
	}

	/**
	 * Runs every check for the month (whose first and last instant the source queries get) and
	 * hands each result to the consumer as it comes.
	 */
	List<Result> run(ReportingMonth month, Consumer<Result> onEach) {
		return run(month, onEach, true);
	}

	/**
	 * The checks that need no source database, for the demo before it creates its databases: the
	 * source queries are read (present, not empty), not run.
	 */
	List<Result> runWithoutSources(ReportingMonth month) {
		return run(month, result -> {
		}, false);
	}

	private List<Result> run(ReportingMonth month, Consumer<Result> onEach, boolean runSourceQueries) {
		ChurnProperties properties = context.getBean(ChurnProperties.class);
		List<Result> results = new ArrayList<>();
		Consumer<Result> collect = result -> {
			results.add(result);
			onEach.accept(result);
		};
		Result reasons = check(configDirectory.resolve(ChurnReasonCatalog.FILE_NAME),
				() -> ChurnReasonCatalog.load(configDirectory).reasons().size() + " reasons");
		collect.accept(reasons);
		collect.accept(check(configDirectory.resolve(ChurnTargets.FILE_NAME), () -> {
			ChurnTargets targets = ChurnTargets.load(configDirectory);
			if (reasons.ok()) {
				targets.checkCategories(ChurnReasonCatalog.load(configDirectory).reasons().stream().map(ChurnReason::category)
					.toList(), configDirectory);
			}
			return "valid";
		}));
		Path fxRates = configDirectory.resolve(FxRates.FILE_NAME);
		collect.accept(check(fxRates, () -> Files.exists(fxRates) ? FxRates.load(configDirectory).size() + " rates"
				: "none: every amount must be in " + properties.currency()));
		collect.accept(check(outputDirectory, () -> "the output directory, " + checkWritable(outputDirectory, leavingNothing)));
		properties.monitoring().textfilePath().ifPresent(textfile -> collect
			.accept(check(textfile, () -> "the metrics file, " + checkTextfileDirectory(textfile))));
		if (leavingNothing && properties.monitoring().pushgateway().isConfigured()) {
			// only asked by check-config: a Pushgateway that is down never keeps a month from running
			collect.accept(check("monitoring", () -> context.getBean(MonthRunPushgateway.class).checkHealthy()));
		}
		DeliveryProperties delivery = context.getBean(DeliveryProperties.class);
		if (delivery.isEnabled()) {
			// what a completed month will be delivered to; a target that fails then never fails the month
			collect.accept(check("delivery", () -> describe(delivery)));
		}
		// the source databases whose queries are not tried: unreachable, or a server too old
		Set<String> notTried = new HashSet<>();
		Set<String> serverChecked = new HashSet<>();
		for (SourceQuery<?> query : SourceQuery.ALL) {
			if (!runSourceQueries) {
				collect.accept(check(query.path(configDirectory), () -> {
					query.readOperatorSql(configDirectory);
					return "present";
				}));
				continue;
			}
			if (notTried.contains(query.database())) {
				continue;
			}
			DataSource source = context.getBean(query.database() + "DataSource", DataSource.class);
			if (serverChecked.add(query.database())) {
				Result server = check(query.database() + " database",
						() -> SourceQueryCheck.checkServer(query.database(), source));
				if (!server.ok()) {
					notTried.add(query.database());
					// a database that cannot be reached is named by its first query, as its refusal expects,
					// and not tried again (each try may wait for the connection's timeout)
					collect.accept(server.unreachable()
							? new Result(query.path(configDirectory).toString(), null, server.failure()) : server);
					continue;
				}
				collect.accept(server);
			}
			Result result = emptyEmbeddedSource(query, check(query.path(configDirectory),
					() -> SourceQueryCheck.check(query, source, configDirectory, month)));
			if (result.unreachable()) {
				notTried.add(query.database());
			}
			collect.accept(result);
		}
		return results;
	}

	/**
	 * A query that failed on a table missing from the embedded source database: before a demo, that
	 * database is empty, and the fix is not in the query.
	 */
	private Result emptyEmbeddedSource(SourceQuery<?> query, Result result) {
		if (result.ok() || !context.getBean(DatabaseEndpoints.class).isEmbedded()) {
			return result;
		}
		String missing = undefinedTable(result.failure());
		if (missing == null) {
			return result;
		}
		String variable = "CHURN_" + query.database().toUpperCase(Locale.ROOT);
		return new Result(result.subject(), null, new InvalidConfigurationException(result.subject() + " reads a table"
				+ " the embedded " + query.database() + " database does not have (" + missing + "): the embedded databases"
				+ " are empty until churn-report demo fills them; for your own, set " + variable + "_URL, _USER and"
				+ " _PASSWORD.", result.failure()));
	}

	/** PostgreSQL's code for a relation that does not exist. */
	private static final String UNDEFINED_TABLE = "42P01";

	/** What the database said about a relation that does not exist, or null for another failure. */
	private static String undefinedTable(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && UNDEFINED_TABLE.equals(sql.getSQLState())) {
				return Failures.rootMessage(sql).replaceFirst("^ERROR: ", "");
			}
		}
		return null;
	}

	/**
	 * For the commands that run a month: the outcome that refuses to start it when a check failed
	 * (exit 6 when a database could not be reached, else 3), or null when the month may start.
	 */
	CommandOutcome refusal(ReportingMonth month) {
		List<Result> failures = run(month, result -> {
		}).stream().filter(result -> !result.ok()).toList();
		if (failures.isEmpty()) {
			return null;
		}
		String notStarted = "Month " + month + " was not started";
		Result unreachable = failures.stream().filter(Result::unreachable).findFirst().orElse(null);
		if (unreachable != null) {
			String database = SourceQuery.ALL.stream()
				.filter(query -> query.path(configDirectory).toString().equals(unreachable.subject()))
				.map(SourceQuery::database)
				.findFirst()
				.orElse("reporting");
			String variable = "CHURN_" + database.toUpperCase(java.util.Locale.ROOT);
			return CommandOutcome.databaseUnreachable(notStarted + ": the " + database
					+ " database could not be reached (" + withoutFinalStop(unreachable.problem()) + "). Check that it is up and "
					+ variable + "_URL, " + variable + "_USER and " + variable
					+ "_PASSWORD; when it can be reached, run the same command again.", unreachable.failure());
		}
		return new CommandOutcome(ExitCodes.BAD_CONFIGURATION, notStarted + ", " + problemsToFix(failures)
				+ ", then run the same command again (churn-report check-config"
				+ BuiltInConfiguration.configArgument(configDirectory) + " checks the configuration without running anything).");
	}

	/**
	 * For the demo, before it replaces the embedded databases' content: the outcome that refuses to
	 * start when a check that needs no source database failed, or null.
	 */
	CommandOutcome demoRefusal(ReportingMonth lastMonth) {
		List<Result> failures = runWithoutSources(lastMonth).stream().filter(result -> !result.ok()).toList();
		if (failures.isEmpty()) {
			return null;
		}
		return new CommandOutcome(ExitCodes.BAD_CONFIGURATION, "The demo did not start, " + problemsToFix(failures)
				+ " in " + BuiltInConfiguration.describe(configDirectory) + ", then run the demo again.");
	}

	/** "the configuration has a problem: ... . Fix it", or has N problems and "Fix them". */
	private static String problemsToFix(List<Result> failures) {
		List<String> problems = failures.stream().map(Result::problemWithSubject).map(CommandOutcome::withoutFinalStop).toList();
		return (problems.size() == 1 ? "the configuration has a problem: "
				: "the configuration has " + problems.size() + " problems: ") + String.join(" | ", problems) + ". Fix "
				+ (problems.size() == 1 ? "it" : "them");
	}

	/**
	 * The reporting database's schema, for the checks that write nothing: its version and the
	 * migrations the next run applies (see {@link ReportingSchemaCheck}).
	 */
	Result reportingSchema() {
		return check("reporting database", () -> ReportingSchemaCheck.check(context.getBean(Flyway.class)));
	}

	/** Where the reports go: recipients per report, the mail server, the shared directory. */
	private static String describe(DeliveryProperties delivery) {
		List<String> parts = new ArrayList<>();
		for (ReportPack pack : ReportPack.values()) {
			int recipients = delivery.recipients(pack.report()).size();
			if (recipients > 0) {
				parts.add(pack.report() + " mailed to " + recipients + (recipients == 1 ? " recipient" : " recipients"));
			}
		}
		String mail = parts.isEmpty() ? "" : String.join(", ", parts) + " from " + delivery.sender() + " through "
				+ delivery.smtp().host() + ":" + delivery.smtp().port() + " (" + delivery.smtp().tls().code()
				+ (delivery.smtp().username() != null ? ", login " + delivery.smtp().username()
						+ (delivery.smtp().password() != null ? " with a password" : " without a password") : "")
				+ ")";
		String copied = delivery.directory() == null ? "" : "packs copied into " + delivery.directory();
		return mail.isEmpty() ? copied : copied.isEmpty() ? mail : mail + "; " + copied;
	}

	private static Result check(Path subject, Supplier<String> check) {
		return check(subject.toString(), check);
	}

	private static Result check(String subject, Supplier<String> check) {
		try {
			return new Result(subject, check.get(), null);
		}
		catch (RuntimeException ex) {
			return new Result(subject, null, ex);
		}
	}

	/**
	 * The directory exists or can be created, and a file can be written in it (a real write: the
	 * permissions alone do not tell, e.g. for root or on a read-only mount).
	 */
	static String checkWritable(Path directory, boolean removeWhatWasCreated) {
		if (Files.exists(directory) && !Files.isDirectory(directory)) {
			throw new InvalidConfigurationException("The output directory " + directory
					+ " is a file, not a directory: give --out (or churn.output-directory) a directory for the month directories.");
		}
		try {
			return tryWriting(directory, removeWhatWasCreated) ? "writable (created by the first run)" : "writable";
		}
		catch (IOException ex) {
			throw new InvalidConfigurationException("Cannot write in the output directory " + directory + " (" + reason(ex)
					+ "): check its permissions and free space, or give --out (or churn.output-directory) another directory.",
					ex);
		}
	}

	/**
	 * The metrics file's directory exists or can be created, and takes a file, as the run will write it
	 * there (a month's metrics would otherwise be lost with only a warning). What is created to try
	 * it is removed again: the run creates it when it writes.
	 */
	static String checkTextfileDirectory(Path textfile) {
		Path directory = textfile.toAbsolutePath().normalize().getParent();
		try {
			tryWriting(directory, true);
		}
		catch (IOException ex) {
			throw new InvalidConfigurationException("The metrics file " + textfile + " cannot be written in " + directory
					+ " (" + reason(ex) + "): let churn-report's user write there "
					+ "(node_exporter's textfile collector reads it), or change churn.monitoring.textfile.", ex);
		}
		return "its directory writable";
	}

	/**
	 * Writes and deletes a file in the directory, creating the directories missing on the way;
	 * whether any was missing and, when asked, removed again.
	 */
	private static boolean tryWriting(Path directory, boolean removeWhatWasCreated) throws IOException {
		// the directories that do not exist yet, deepest first
		List<Path> missing = new ArrayList<>();
		for (Path each = directory.toAbsolutePath(); each != null && !Files.exists(each); each = each.getParent()) {
			missing.add(each);
		}
		AtomicFiles.createDirectories(directory);
		Files.delete(Files.createTempFile(directory, ".churn-report-check-", ".tmp"));
		if (!removeWhatWasCreated) {
			return false;
		}
		for (Path created : missing) {
			Files.delete(created);
		}
		return !missing.isEmpty();
	}

	private static String reason(IOException ex) {
		return ex instanceof FileSystemException fileSystem && fileSystem.getReason() != null ? fileSystem.getReason()
				: ex.getClass().getSimpleName() + " " + ex.getMessage();
	}


}
