package io.churnreport.cli;

import java.time.YearMonth;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import io.churnreport.job.MonthJobOperations;

@Command(name = "recover", mixinStandardHelpOptions = true,
		description = "Mark the month's execution left running (or UNKNOWN) by a process that died (killed, machine stopped) "
				+ "as failed, so that it can be restarted; refused while that process is known to be alive. run and restart "
				+ "do this by themselves once the process is known to be gone.")
class RecoverCommand extends ContextCommand implements Callable<Integer> {

	@Option(names = "--month", paramLabel = "YYYY-MM", required = true, description = "The month to recover.")
	YearMonth month;

	@Mixin
	ConfigOption config;

	@Override
	public Integer call() {
		return inExistingContext(config.directory(), config.propertyOverrides(),
				dataDirectory -> NoDatabaseOutcomes.nothingOfMonth(month, dataDirectory), context -> MonthOutcomes.of(context.getBean(MonthJobOperations.class).recover(month)));
	}

}
