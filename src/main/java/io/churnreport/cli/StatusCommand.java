package io.churnreport.cli;

import java.time.YearMonth;
import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import io.churnreport.job.MonthJobOperations;

@Command(name = "status", mixinStandardHelpOptions = true,
		description = "Show the executions of every month, or of one month with its steps, statuses, counts and durations.")
class StatusCommand extends ContextCommand implements Callable<Integer> {

	@Option(names = "--month", paramLabel = "YYYY-MM", description = "Only this month, with its steps.")
	YearMonth month;

	@Mixin
	ConfigOption config;

	@Override
	public Integer call() {
		return inContext(config.directory, config.propertyOverrides(), context -> CommandOutcome
			.ok(StatusReport.of(context.getBean(MonthJobOperations.class).status(Optional.ofNullable(month)))));
	}

}
