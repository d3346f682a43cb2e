package io.churnreport.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import io.churnreport.system.Secrets;

/**
 * A command that works inside the application context: it starts the context, acts, prints one
 * line for the operator (stdout on success, stderr otherwise) and exits through
 * {@link SpringApplication#exit} with the outcome's code.
 */
abstract class ContextCommand {

	@Spec
	CommandSpec spec;

	protected int inContext(Path configDirectory, List<String> propertyOverrides,
			Function<ConfigurableApplicationContext, CommandOutcome> action) {
		ConfigurableApplicationContext context;
		try {
			context = ApplicationContexts.start(configDirectory, propertyOverrides);
		}
		catch (RuntimeException ex) {
			return report(StartupFailures.outcome(ex));
		}
		CommandOutcome outcome;
		try {
			outcome = action.apply(context);
		}
		catch (RuntimeException ex) {
			outcome = StartupFailures.outcome(ex);
		}
		report(outcome);
		return SpringApplication.exit(context, outcome::exitCode);
	}

	private int report(CommandOutcome outcome) {
		if (outcome.message() != null && !outcome.message().isBlank()) {
			var writer = outcome.isOk() ? spec.commandLine().getOut() : spec.commandLine().getErr();
			// a message may quote a driver's or a library's, which may quote a URL: never its password
			String message = Secrets.maskUrl(outcome.message());
			writer.println(outcome.isOk() ? message : "churn-report: " + message);
			writer.flush();
		}
		return outcome.exitCode();
	}

}
