package io.churnreport.cli;

import java.time.YearMonth;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import io.churnreport.job.MonthJobOperations;

@Command(name = "stop", mixinStandardHelpOptions = true,
		description = "Ask the running execution of the month (in another process) to stop at the end of its "
				+ "current step, or sooner where the step allows; resume it later with restart.")
class StopCommand extends ContextCommand implements Callable<Integer> {

	@Option(names = "--month", paramLabel = "YYYY-MM", required = true, description = "The month to stop.")
	YearMonth month;

	@Mixin
	ConfigOption config;

	@Override
	public Integer call() {
		return inExistingContext(config.directory(), config.propertyOverrides(),
				dataDirectory -> NoDatabaseOutcomes.nothingOfMonth(month, dataDirectory), context -> MonthOutcomes.of(context.getBean(MonthJobOperations.class).stop(month)));
	}

}
