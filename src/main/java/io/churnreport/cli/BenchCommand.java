package io.churnreport.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.concurrent.atomic.AtomicReference;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

import javax.sql.DataSource;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.BeanFactoryAnnotationUtils;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.churnreport.bench.BenchReport;
import io.churnreport.bench.BenchResult;
import io.churnreport.bench.BenchSettings;
import io.churnreport.bench.Benchmark;
import io.churnreport.bench.CopyBaseline;
import io.churnreport.extract.InvoiceHistory;
import io.churnreport.job.MonthJobOperations;
import io.churnreport.job.MonthJobParameters;
import io.churnreport.month.ReportingMonth;
import io.churnreport.system.ChurnProperties;
import io.churnreport.system.DataSourcesConfiguration;
import io.churnreport.system.DataSourcesConfiguration.DatabaseEndpoints;
import io.churnreport.system.EmbeddedPostgresServer;
import io.churnreport.system.Failures;

@Command(name = "bench", mixinStandardHelpOptions = true,
		description = "Generate demo billing and CRM databases at the given scale in the embedded PostgreSQL, time a "
				+ "backfill of every month and the monthly run of the last one, or the last month alone with --first-run "
				+ "(per step, with peak heap), time the "
				+ "baseline (COPY piped into COPY, one aggregation) on the same data, and write bench-report.md. "
				+ "Replaces the embedded databases' content, like demo.")
class BenchCommand extends ContextCommand implements Callable<Integer> {

	@Option(names = "--customers", paramLabel = "N", defaultValue = "10000", description = "Customers to generate (default: ${DEFAULT-VALUE}).")
	int customers;

	@Option(names = "--months", paramLabel = "M", defaultValue = "36", description = "Months of history, all backfilled unless --first-run (default: ${DEFAULT-VALUE}).")
	int months;

	@Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Random seed of the generated data (default: ${DEFAULT-VALUE}).")
	long seed;

	@Option(names = "--periods-per-customer", paramLabel = "P", defaultValue = "0",
			description = "Cut the generated price periods at renewals until customers have about P subscription periods "
					+ "each, as billing systems that write a row per renewal do (default: the demo's own, about 1.6); the "
					+ "figures stay the same.")
	int periodsPerCustomer;

	@Option(names = "--last-month", paramLabel = "YYYY-MM",
			description = "The last month of the history, the one timed as the monthly run (default: the previous full month).")
	YearMonth lastMonth;

	@Option(names = "--out", paramLabel = "DIR",
			description = "Directory for bench-report.md and the months' reports (default: bench under churn.output-directory, else ./out/bench).")
	Path reportDirectory;

	@Option(names = "--baseline-only",
			description = "Time only the baseline, on the data in the embedded databases, for the months of --months and "
					+ "--last-month that the job ran there (as the last bench did; nothing is generated or run again): after a "
					+ "baseline that failed, or to see how much it varies.")
	boolean baselineOnly;

	@Option(names = "--first-run",
			description = "Run only the last month, on the emptied reporting database, as an installation's first run does "
					+ "(every source read whole, month-end MRR computed for every month of the history), and time it against "
					+ "the full-reload baseline, instead of backfilling every month.")
	boolean firstRunOnly;

	@Mixin
	ConfigOption config;

	@Override
	public Integer call() {
		if (customers < 1 || months < 1 || periodsPerCustomer < 0) {
			spec.commandLine().getErr().println("churn-report: --customers and --months must be at least 1 and "
					+ "--periods-per-customer at least 0, e.g. churn-report bench --customers 10000 --months 36");
			return ExitCodes.USAGE;
		}
		return launch(config.directory(), fillingEmbeddedDatabases(config.propertyOverrides()),
				baselineOnly ? this::baselineAlone : this::bench);
	}

	private CommandOutcome bench(ConfigurableApplicationContext context) {
		ChurnProperties properties = context.getBean(ChurnProperties.class);
		EmbeddedPostgresServer server = context.getBean(DatabaseEndpoints.class).server();
		PrintWriter out = spec.commandLine().getOut();
		YearMonth previousMonth = ReportingMonth.lastEnded(properties.timeZone());
		YearMonth last = lastMonth != null ? lastMonth : previousMonth;
		if (last.isAfter(previousMonth)) {
			return new CommandOutcome(ExitCodes.USAGE, "--last-month " + ReportingMonth.format(last) + " has not ended yet in "
					+ properties.timeZone().getId() + ": give " + ReportingMonth.format(previousMonth) + " or an earlier month.");
		}
		Path directory = reportDirectory != null ? reportDirectory : properties.outputDirectory().resolve("bench");
		BenchSettings settings = new BenchSettings(customers, months, seed, last, properties.timeZone(), directory,
				periodsPerCustomer, firstRunOnly);
		Path monthsDirectory = directory.resolve("months");

		DemoReset.clearReportingDatabase(context);
		MonthJobOperations operations = context.getBean(MonthJobOperations.class);
		// each month goes the way the backfill command sends it: checks of the configuration, then the
		// job, as a month of one backfill; the last month as the monthly run of its own that it times
		AtomicReference<CommandOutcome> monthOutcome = new AtomicReference<>();
		String backfill = UUID.randomUUID().toString();
		Benchmark.MonthRunner monthRunner = month -> {
			MonthJobParameters parameters = new MonthJobParameters(month, monthsDirectory, config.directory())
				.withBackfill(month.equals(last) ? null : backfill);
			monthOutcome.set(launchMonth(context, config.directory(), month, () -> operations.run(parameters)));
			return monthOutcome.get().isOk();
		};
		CopyBaseline baseline = baseline(context, properties);
		Benchmark benchmark = new Benchmark(server.adminDataSource(DataSourcesConfiguration.BILLING),
				server.adminDataSource(DataSourcesConfiguration.CRM), context.getBean(JdbcClient.class),
				context.getBean(JobRepository.class), monthRunner, baseline, line -> {
					out.println(line);
					out.flush();
				});
		BenchResult result;
		try {
			result = benchmark.run(settings);
		}
		catch (Benchmark.MonthFailedException ex) {
			return new CommandOutcome(monthOutcome.get().exitCode(), monthOutcome.get().message() + " The benchmark stopped at "
					+ ReportingMonth.format(ex.month()) + " (its figures would not be the job's): fix the cause and run it again.");
		}
		catch (Benchmark.BaselineFailedException ex) {
			return new CommandOutcome(ExitCodes.JOB_FAILED, "Every month of the job completed (their times are above, their "
					+ "reports in " + monthsDirectory + "), but the baseline failed: " + Failures.rootMessage(ex)
					+ ". Fix the cause, then time the baseline alone on the same data with: churn-report " + commandLine(settings)
					+ " --baseline-only");
		}
		Path report = BenchReport.write(result);
		return CommandOutcome.ok(BenchReport.summary(result, report));
	}

	private CommandOutcome baselineAlone(ConfigurableApplicationContext context) {
		ChurnProperties properties = context.getBean(ChurnProperties.class);
		BenchSettings settings = new BenchSettings(customers, months, seed, lastMonthOrDefault(properties), properties.timeZone(),
				Path.of("."), periodsPerCustomer, firstRunOnly);
		JdbcClient reporting = context.getBean(JdbcClient.class);
		InvoiceHistory extracts = new InvoiceHistory(reporting);
		for (YearMonth month : List.of(settings.monthsRun().get(0), settings.lastMonth())) {
			if (extracts.recorded(new ReportingMonth(month, properties.timeZone())).isEmpty()) {
				return new CommandOutcome(ExitCodes.USAGE, "No bench has run " + ReportingMonth.format(month)
						+ " in these databases: run churn-report " + commandLine(settings) + " first.");
			}
		}
		spec.commandLine().getOut().println(CopyBaseline.STARTING);
		spec.commandLine().getOut().flush();
		return CommandOutcome.ok(BenchReport.baselineSummary(settings, baseline(context, properties).time(settings)));
	}

	private CopyBaseline baseline(ConfigurableApplicationContext context, ChurnProperties properties) {
		return new CopyBaseline(source(context, DataSourcesConfiguration.BILLING), source(context, DataSourcesConfiguration.CRM),
				context.getBean(DataSource.class), config.directory(), properties.timeZone());
	}

	private YearMonth lastMonthOrDefault(ChurnProperties properties) {
		return lastMonth != null ? lastMonth : ReportingMonth.lastEnded(properties.timeZone());
	}

	private static String commandLine(BenchSettings settings) {
		return "bench --customers " + settings.customers() + " --months " + settings.months() + " --seed " + settings.seed()
				+ " --last-month " + ReportingMonth.format(settings.lastMonth())
				+ (settings.periodsPerCustomer() > 0 ? " --periods-per-customer " + settings.periodsPerCustomer() : "")
				+ (settings.firstRunOnly() ? " --first-run" : "");
	}

	private static DataSource source(ConfigurableApplicationContext context, String qualifier) {
		return BeanFactoryAnnotationUtils.qualifiedBeanOfType(context.getBeanFactory(), DataSource.class, qualifier);
	}

	@Override
	protected boolean deliversReports() {
		return false;
	}

}
