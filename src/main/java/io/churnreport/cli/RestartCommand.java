package io.churnreport.cli;

import java.time.YearMonth;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import io.churnreport.job.MonthJobOperations;
import io.churnreport.job.MonthJobParameters;
import io.churnreport.metrics.MetricStore;
import io.churnreport.system.ChurnProperties;

@Command(name = "restart", mixinStandardHelpOptions = true,
		description = "Resume the month's failed execution from the step that failed; completed steps are not repeated.")
class RestartCommand extends ContextCommand implements Callable<Integer> {

	@Option(names = "--month", paramLabel = "YYYY-MM", required = true, description = "The month to resume.")
	YearMonth month;

	@Mixin
	JobOptions options;

	@Override
	public Integer call() {
		return launch(options.configDirectory, options.propertyOverrides(), context -> {
			ChurnProperties properties = context.getBean(ChurnProperties.class);
			CommandOutcome outcome = launchMonth(context, options.configDirectory, month,
					() -> context.getBean(MonthJobOperations.class)
						.restart(new MonthJobParameters(month, properties.outputDirectory(), options.configDirectory)));
			FailureNotifier.notifyIfNeeded(options.notifyCommand, month, outcome, context.getBean(MetricStore.class));
			return outcome;
		});
	}

}
