package io.churnreport.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import org.springframework.context.ApplicationContext;

import io.churnreport.month.ReportingMonth;
import io.churnreport.system.ChurnProperties;
import io.churnreport.system.DataSourcesConfiguration.DatabaseEndpoints;

@Command(name = "check-config", mixinStandardHelpOptions = true,
		description = "Check the configuration without running anything and without writing to any database: "
				+ "application.yml, the databases, the reporting database's migrations (the pending ones are listed, "
				+ "not applied), churn-reasons.yml, targets.yml, fx-rates.csv, and every source query (run with "
				+ "LIMIT 0 in a read-only transaction, so that a missing column or a wrong type shows), and that the "
				+ "output directory can be written. Exit 3 when something is wrong, 6 when a database cannot be reached.")
class CheckConfigCommand extends ContextCommand implements Callable<Integer> {

	@Mixin
	ConfigOption config;

	@Override
	public Integer call() {
		// a check must not change what it checks: the reporting schema is reported on, not migrated
		return inReadOnlyContext(config.directory(), config.propertyOverrides(), this::check);
	}

	private CommandOutcome check(ApplicationContext context) {
		Path configDirectory = config.directory();
		PrintWriter out = spec.commandLine().getOut();
		ChurnProperties properties = context.getBean(ChurnProperties.class);
		out.println("ok    application.yml and environment");
		context.getBean(DatabaseEndpoints.class).descriptions().forEach(database -> out.println("      " + database));
		ReportingMonth month = new ReportingMonth(ReportingMonth.lastEnded(properties.timeZone()),
				properties.timeZone());
		Consumer<ConfigurationChecks.Result> print = result -> {
			out.println(result.ok() ? "ok    " + BuiltInConfiguration.name(Path.of(result.subject())) + ": " + result.detail()
					: "FAIL  " + result.problemWithSubject());
			out.flush();
		};
		ConfigurationChecks checks = ConfigurationChecks.leavingNothing(context, configDirectory);
		List<ConfigurationChecks.Result> results = new ArrayList<>();
		results.add(checks.reportingSchema());
		print.accept(results.get(0));
		results.addAll(checks.run(month, print));
		List<ConfigurationChecks.Result> failures = results.stream().filter(result -> !result.ok()).toList();
		if (failures.isEmpty()) {
			return CommandOutcome.ok(BuiltInConfiguration.isBuiltIn(configDirectory) ? "The built-in configuration is ready to run."
					: "The configuration in " + configDirectory + " is ready to run.");
		}
		boolean unreachable = failures.stream().anyMatch(ConfigurationChecks.Result::unreachable);
		return new CommandOutcome(unreachable ? ExitCodes.DATABASE_UNREACHABLE : ExitCodes.BAD_CONFIGURATION,
				(failures.size() == 1 ? "1 problem" : failures.size() + " problems") + " in " + BuiltInConfiguration.describe(configDirectory) + ": "
						+ String.join(" | ", failures.stream().map(ConfigurationChecks.Result::problemWithSubject).toList()));
	}

}
