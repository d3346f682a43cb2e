package io.churnreport.cli;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import io.churnreport.job.MonthJobOperations;
import io.churnreport.job.MonthStatus;

@Command(name = "status", mixinStandardHelpOptions = true,
		description = "Show the executions of every month, or of one month with its steps, statuses, counts and durations.")
class StatusCommand extends ContextCommand implements Callable<Integer> {

	@Option(names = "--month", paramLabel = "YYYY-MM", description = "Only this month, with its steps.")
	YearMonth month;

	@Option(names = "--json", description = "Print the history as one JSON document (every execution with its steps), for scripts and monitoring.")
	boolean json;

	@Mixin
	ConfigOption config;

	@Override
	public Integer call() {
		List<String> overrides = new ArrayList<>(config.propertyOverrides());
		if (json) {
			// standard output holds the document alone; failures still reach standard error as messages
			overrides.add("logging.threshold.console=OFF");
		}
		return inExistingContext(config.directory(), overrides,
				dataDirectory -> NoDatabaseOutcomes.status(Optional.ofNullable(month), json, dataDirectory), context -> {
			MonthStatus status = context.getBean(MonthJobOperations.class).status(Optional.ofNullable(month));
			return CommandOutcome.ok(json ? StatusJson.of(status) : StatusReport.of(status));
		});
	}

}
