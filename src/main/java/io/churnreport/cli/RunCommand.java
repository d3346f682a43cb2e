package io.churnreport.cli;

import java.time.YearMonth;
import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import io.churnreport.job.MonthJobOperations;
import io.churnreport.job.MonthJobParameters;
import io.churnreport.job.MonthOutcome;
import io.churnreport.month.MetricStore;
import io.churnreport.month.ReportingMonth;
import io.churnreport.system.ChurnProperties;

@Command(name = "run", mixinStandardHelpOptions = true,
		description = "Run the monthly job for one month: extract, compute, write CSVs and the PDF. "
				+ "A month whose last run failed is resumed from the failed step.")
class RunCommand extends ContextCommand implements Callable<Integer> {

	@Option(names = "--month", paramLabel = "YYYY-MM",
			description = "The month to run (default: the previous full month in the reporting time zone).")
	YearMonth month;

	@Option(names = "--dry-run",
			description = "Check that the month can run, writing nothing: the checks of check-config, the reporting "
					+ "database's pending migrations and the month's executions. Exit 0 when it can run, else the code "
					+ "the run would exit with.")
	boolean dryRun;

	@Option(names = "--full-extract",
			description = "Read every source whole, instead of only what changed since the last extract, and compute "
					+ "the month's history again: after a fix in the sources that their change times do not show.")
	boolean fullExtract;

	@Mixin
	JobOptions options;

	@Override
	public Integer call() {
		if (dryRun) {
			return inReadOnlyContext(options.configDirectory(), options.propertyOverrides(), context -> checkMonth(context,
					options.configDirectory(), month != null ? month
							: ReportingMonth.lastEnded(context.getBean(ChurnProperties.class).timeZone())));
		}
		return launch(options.configDirectory(), options.propertyOverrides(), context -> {
			ChurnProperties properties = context.getBean(ChurnProperties.class);
			YearMonth runMonth = month != null ? month
					: ReportingMonth.lastEnded(properties.timeZone());
			MonthJobParameters asked = new MonthJobParameters(runMonth, properties.outputDirectory(),
					options.configDirectory());
			MonthJobParameters parameters = fullExtract ? asked.withFullExtract() : asked;
			// a complete month is refused before the checks, which would create the output directory asked for
			Optional<MonthOutcome> complete = context.getBean(MonthJobOperations.class)
				.refusalOfRun(runMonth, parameters.monthDirectory())
				.filter(MonthOutcome.AlreadyComplete.class::isInstance);
			CommandOutcome outcome = complete.isPresent() ? MonthOutcomes.of(complete.get())
					: launchMonth(context, options.configDirectory(), runMonth,
							() -> context.getBean(MonthJobOperations.class).run(parameters));
			FailureNotifier.notifyIfNeeded(options.notifyCommand, runMonth, outcome, context.getBean(MetricStore.class));
			return outcome;
		});
	}

}
