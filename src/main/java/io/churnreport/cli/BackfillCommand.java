package io.churnreport.cli;

import java.io.PrintWriter;
import java.time.YearMonth;
import java.util.UUID;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import io.churnreport.job.MonthJobOperations;
import io.churnreport.job.MonthJobParameters;
import io.churnreport.month.MetricStore;
import io.churnreport.month.ReportingMonth;
import io.churnreport.system.ChurnProperties;

@Command(name = "backfill", mixinStandardHelpOptions = true,
		description = "Run every month from --from to --to in order, skipping months already complete and "
				+ "stopping at the first failure.")
class BackfillCommand extends ContextCommand implements Callable<Integer> {

	@Option(names = "--from", paramLabel = "YYYY-MM", required = true, description = "The first month.")
	YearMonth from;

	@Option(names = "--to", paramLabel = "YYYY-MM", required = true, description = "The last month.")
	YearMonth to;

	@Mixin
	JobOptions options;

	@Override
	public Integer call() {
		if (from.isAfter(to)) {
			spec.commandLine().getErr().println("churn-report: --from " + ReportingMonth.format(from)
					+ " is after --to " + ReportingMonth.format(to) + ": give the earlier month first.");
			return ExitCodes.USAGE;
		}
		return launch(options.configDirectory(), options.propertyOverrides(), context -> {
			ChurnProperties properties = context.getBean(ChurnProperties.class);
			MonthJobOperations operations = context.getBean(MonthJobOperations.class);
			PrintWriter out = spec.commandLine().getOut();
			int ran = 0;
			int skipped = 0;
			// its months compare each source read by changes with the whole source once, at the first
			String backfill = UUID.randomUUID().toString();
			for (YearMonth month = from; !month.isAfter(to); month = month.plusMonths(1)) {
				if (operations.isComplete(month)) {
					out.println(ReportingMonth.format(month) + " already complete, skipped");
					skipped++;
					continue;
				}
				MonthJobParameters parameters = new MonthJobParameters(month, properties.outputDirectory(),
						options.configDirectory()).withBackfill(backfill);
				CommandOutcome outcome = launchMonth(context, options.configDirectory(), month, () -> operations.run(parameters));
				FailureNotifier.notifyIfNeeded(options.notifyCommand, month, outcome, context.getBean(MetricStore.class));
				if (!outcome.isOk()) {
					return new CommandOutcome(outcome.exitCode(), outcome.message() + " Backfill stopped at "
							+ ReportingMonth.format(month) + ": fix the cause and run the same backfill again; it resumes that month and goes on.");
				}
				out.println(outcome.message());
				out.flush();
				ran++;
			}
			return CommandOutcome.ok("Backfill " + ReportingMonth.format(from) + " to " + ReportingMonth.format(to)
					+ " done: " + ran + " months run, " + skipped + " already complete.");
		});
	}

}
