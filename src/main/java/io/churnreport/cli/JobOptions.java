package io.churnreport.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The options every command that runs the job takes. */
class JobOptions {

	@Spec(Spec.Target.MIXEE)
	CommandSpec command;

	// no default value: a directory given is used even when missing (and refused), none given falls back
	@Option(names = "--config", paramLabel = "DIR",
			description = "Directory with application.yml, sources/ and churn-reasons.yml (default: ./config, else the "
					+ "built-in configuration, the demo's).")
	Path givenConfigDirectory;

	private Path configDirectory;

	@Option(names = "--out", paramLabel = "DIR",
			description = "Directory for the month directories with reports and CSVs (default: churn.output-directory, else ./out).")
	Path outputDirectory;

	@Option(names = "--locale", paramLabel = "en|tr|de",
			description = "Language and number format of the reports (default: churn.locale, else en).")
	ReportLocale locale;

	@Option(names = "--notify-command", paramLabel = "CMD",
			description = "A shell command run when a month fails or raises alerts, with CHURN_MONTH, CHURN_STATUS, "
					+ "CHURN_EXIT_CODE, CHURN_ALERTS and CHURN_SUMMARY in its environment (e.g. to send a mail).")
	String notifyCommand;

	@Option(names = "--secrets", paramLabel = "DIR",
			description = "Directory with one file per secret property, named as the property, e.g. churn.billing.password "
					+ "(a mounted Kubernetes Secret, systemd's $CREDENTIALS_DIRECTORY; default: $CHURN_SECRETS_DIRECTORY).")
	Path secretsDirectory;

	@Option(names = "--log-format", paramLabel = "text|json",
			description = "text (default), or json: one JSON object per log line (Elastic Common Schema) for log collectors.")
	LogFormat logFormat;

	enum LogFormat {

		text, json

	}

	/** The report languages with labels; the reports fall back to English for any other. */
	enum ReportLocale {

		en, tr, de

	}

	/** The configuration directory: the one given, else ./config, else the built-in configuration. */
	Path configDirectory() {
		if (configDirectory == null) {
			configDirectory = BuiltInConfiguration.resolve(givenConfigDirectory, command.commandLine().getErr());
		}
		return configDirectory;
	}

	List<String> propertyOverrides() {
		List<String> overrides = new ArrayList<>();
		if (outputDirectory != null) {
			overrides.add("churn.output-directory=" + outputDirectory);
		}
		if (logFormat == LogFormat.json) {
			overrides.add("logging.structured.format.console=ecs");
		}
		if (locale != null) {
			overrides.add("churn.locale=" + locale.name());
		}
		if (secretsDirectory != null) {
			overrides.add(SecretsDirectory.override(secretsDirectory));
		}
		return overrides;
	}

}
