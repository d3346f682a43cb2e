package io.churnreport.cli;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.churnreport.demo.DemoDataGenerator;
import io.churnreport.demo.DemoDataset;
import io.churnreport.demo.DemoSettings;
import io.churnreport.job.MonthJobOperations;
import io.churnreport.job.MonthOutcome;
import io.churnreport.job.MonthJobParameters;
import io.churnreport.month.Metric;
import io.churnreport.month.ReportingMonth;
import io.churnreport.period.PeriodClose;
import io.churnreport.period.PeriodOutcome;
import io.churnreport.period.ReportingPeriod;
import io.churnreport.system.ChurnProperties;
import io.churnreport.system.DataSourcesConfiguration;
import io.churnreport.system.DataSourcesConfiguration.DatabaseEndpoints;
import io.churnreport.system.EmbeddedPostgresServer;

@Command(name = "demo", mixinStandardHelpOptions = true,
		description = "Start the embedded PostgreSQL, create reference billing and CRM databases with generated, "
				+ "repeatable data, and run the monthly job for every month. Replaces the embedded databases' content.")
class DemoCommand extends ContextCommand implements Callable<Integer> {

	@Option(names = "--customers", paramLabel = "N", defaultValue = "3000", description = "Customers to generate (default: ${DEFAULT-VALUE}).")
	int customers;

	@Option(names = "--months", paramLabel = "N", defaultValue = "24", description = "Months of history (default: ${DEFAULT-VALUE}).")
	int months;

	@Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Random seed: the same seed gives the same data (default: ${DEFAULT-VALUE}).")
	long seed;

	@Option(names = "--last-month", paramLabel = "YYYY-MM",
			description = "The last month of the history (default: the previous full month).")
	YearMonth lastMonth;

	@Mixin
	JobOptions options;

	@Override
	public Integer call() {
		if (customers < 1 || months < 2) {
			return usage("--customers must be at least 1 and --months at least 2");
		}
		return inContext(options.configDirectory(), fillingEmbeddedDatabases(options.propertyOverrides()), this::demo);
	}

	private CommandOutcome demo(ConfigurableApplicationContext context) {
		ChurnProperties properties = context.getBean(ChurnProperties.class);
		EmbeddedPostgresServer server = context.getBean(DatabaseEndpoints.class).server();
		PrintWriter out = spec.commandLine().getOut();
		YearMonth last = lastMonth != null ? lastMonth : ReportingMonth.lastEnded(properties.timeZone());
		YearMonth first = last.minusMonths(months - 1);

		// pre-flight: a configuration that cannot run fails here, before the databases are replaced
		CommandOutcome refusal = new ConfigurationChecks(context, options.configDirectory())
			.demoRefusal(new ReportingMonth(last, properties.timeZone()));
		if (refusal != null) {
			return refusal;
		}
		DemoReset.clearReportingDatabase(context);
		DemoDataset dataset = new DemoDataGenerator().generate(server.adminDataSource(DataSourcesConfiguration.BILLING),
				server.adminDataSource(DataSourcesConfiguration.CRM),
				new DemoSettings(customers, months, seed, first, properties.timeZone()));
		out.printf("Generated %d customers, %d subscriptions, %d invoices and %d CRM cancellation requests (%s to %s, seed %d) in the embedded PostgreSQL (%s).%n",
				dataset.customers(), dataset.subscriptions(), dataset.invoices(), dataset.cancellationRequests(),
				ReportingMonth.format(first), ReportingMonth.format(last), seed, server.dataDirectory());
		out.flush();

		MonthJobOperations operations = context.getBean(MonthJobOperations.class);
		JdbcClient reporting = context.getBean(JdbcClient.class);
		PeriodClose periods = context.getBean(PeriodClose.class);
		List<ReportingPeriod> reportedPeriods = new ArrayList<>();
		// the demo's months are one backfill of its history
		String backfill = UUID.randomUUID().toString();
		for (YearMonth month = first; !month.isAfter(last); month = month.plusMonths(1)) {
			MonthOutcome outcome = operations.run(new MonthJobParameters(month, properties.outputDirectory(),
					options.configDirectory()).withBackfill(backfill));
			CommandOutcome monthOutcome = outcome.isSuccess() ? CommandOutcome.ok(null) : MonthOutcomes.ofDemo(outcome);
			MonthRunMetrics.write(context, month, outcome, monthOutcome, List.of());
			if (!monthOutcome.isOk()) {
				return monthOutcome;
			}
			out.println(monthLine(reporting, month));
			for (ReportingPeriod period : PeriodCloses.toReport(context, month)) {
				PeriodOutcome closed;
				try {
					closed = periods.report(period, operations::isComplete, properties.outputDirectory());
				}
				catch (RuntimeException ex) {
					return PeriodOutcomes.failed(period, ex);
				}
				if (closed instanceof PeriodOutcome.Reported reported) {
					out.println("  " + period.label() + " reported: "
							+ (reported.packFiles().isEmpty() ? reported.summaryFile().getParent() : reported.packFiles().get(0)));
					reportedPeriods.add(period);
				}
				else if (!(closed instanceof PeriodOutcome.MonthsNotComplete)) {
					return PeriodOutcomes.of(closed);
				}
			}
			out.flush();
		}
		long quarters = reportedPeriods.stream().filter(ReportingPeriod::isQuarter).count();
		long years = reportedPeriods.size() - quarters;
		return CommandOutcome.ok("Demo done: reports and CSVs for " + months + " months"
				+ (reportedPeriods.isEmpty() ? "" : ", " + quarters + (quarters == 1 ? " quarter" : " quarters") + " and "
						+ years + (years == 1 ? " fiscal year" : " fiscal years"))
				+ " are in "
				+ properties.outputDirectory().toAbsolutePath().normalize() + ". Open "
				+ properties.outputDirectory().resolve(ReportingMonth.format(last)).resolve("management-report.pdf")
				+ ", or try: churn-report status" + BuiltInConfiguration.configArgument(options.configDirectory()));
	}

	private static String monthLine(JdbcClient reporting, YearMonth month) {
		var metrics = reporting.sql("SELECT metric, value FROM mart.monthly_metric WHERE month = :month")
			.param("month", month.atDay(1))
			.query((rs, n) -> Map.entry(rs.getString("metric"), Optional.ofNullable(rs.getBigDecimal("value"))))
			.list()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
		BigDecimal rate = metrics.get(Metric.CHURN_RATE.metricName()).orElse(null);
		return String.format("  %s  customers %6s  new %5s  churned %5s  churn rate %7s  MRR %12s",
				ReportingMonth.format(month), metrics.get(Metric.CUSTOMERS_END.metricName()).orElse(BigDecimal.ZERO),
				metrics.get(Metric.CUSTOMERS_NEW.metricName()).orElse(BigDecimal.ZERO), metrics.get(Metric.CUSTOMERS_CHURNED.metricName()).orElse(BigDecimal.ZERO),
				rate == null ? "-" : rate.movePointRight(2).setScale(2, RoundingMode.HALF_UP) + "%",
				metrics.get(Metric.MRR_END.metricName()).orElse(BigDecimal.ZERO));
	}

	private int usage(String message) {
		spec.commandLine().getErr().println("churn-report: " + message);
		return ExitCodes.USAGE;
	}

}
