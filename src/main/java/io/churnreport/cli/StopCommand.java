package io.churnreport.cli;

import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import io.churnreport.job.MonthJobOperations;

@Command(name = "stop", mixinStandardHelpOptions = true,
		description = "Ask the running execution of the month (in another process) to stop at its next chunk "
				+ "boundary; resume it later with restart.")
class StopCommand extends ContextCommand implements Callable<Integer> {

	@Option(names = "--month", paramLabel = "YYYY-MM", required = true, description = "The month to stop.")
	YearMonth month;

	@Option(names = "--config", paramLabel = "DIR", defaultValue = "config",
			description = "Directory with application.yml (default: ${DEFAULT-VALUE}).")
	Path configDirectory;

	@Override
	public Integer call() {
		return inContext(configDirectory, List.of(), context -> context.getBean(MonthJobOperations.class).stop(month));
	}

}
