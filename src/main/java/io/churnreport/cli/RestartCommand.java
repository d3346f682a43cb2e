package io.churnreport.cli;

import java.time.YearMonth;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import io.churnreport.job.MonthJobOperations;
import io.churnreport.job.MonthJobParameters;
import io.churnreport.month.MetricStore;
import io.churnreport.system.ChurnProperties;

@Command(name = "restart", mixinStandardHelpOptions = true,
		description = "Resume the month's failed execution from the step that failed; completed steps are not repeated. "
				+ "With --re-extract, start it again from the extract instead (after the sources were fixed).")
class RestartCommand extends ContextCommand implements Callable<Integer> {

	@Option(names = "--month", paramLabel = "YYYY-MM", required = true, description = "The month to resume.")
	YearMonth month;

	@Option(names = "--re-extract",
			description = "Extract and check the sources again instead of resuming: after rows were fixed in the billing or "
					+ "CRM database (e.g. when the run failed the data-quality limit, exit 8).")
	boolean reExtract;

	@Mixin
	JobOptions options;

	@Override
	public Integer call() {
		return launchOnExisting(options.configDirectory(), options.propertyOverrides(),
				dataDirectory -> NoDatabaseOutcomes.nothingOfMonth(month, dataDirectory), context -> {
			ChurnProperties properties = context.getBean(ChurnProperties.class);
			AtomicBoolean started = new AtomicBoolean();
			// a retry after a lost database resumes the attempt the first try started (--re-extract only once)
			CommandOutcome outcome = launchMonth(context, options.configDirectory(), month,
					() -> context.getBean(MonthJobOperations.class)
						.restart(new MonthJobParameters(month, properties.outputDirectory(), options.configDirectory()),
								reExtract && !started.getAndSet(true)));
			FailureNotifier.notifyIfNeeded(options.notifyCommand, month, outcome, context.getBean(MetricStore.class));
			return outcome;
		});
	}

}
