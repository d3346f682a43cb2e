package io.churnreport.cli;

import java.nio.file.Path;
import java.util.List;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code --config} and {@code --secrets} options of the commands that take no other job options. */
class ConfigOption {

	@Spec(Spec.Target.MIXEE)
	CommandSpec command;

	// no default value: a directory given is used even when missing (and refused), none given falls back
	@Option(names = "--config", paramLabel = "DIR",
			description = "Directory with application.yml, sources/, churn-reasons.yml and the other operator files "
					+ "(default: ./config, else the built-in configuration, the demo's).")
	Path givenDirectory;

	private Path directory;

	@Option(names = "--secrets", paramLabel = "DIR",
			description = "Directory with one file per secret property, named as the property, e.g. churn.billing.password "
					+ "(a mounted Kubernetes Secret, systemd's $CREDENTIALS_DIRECTORY; default: $CHURN_SECRETS_DIRECTORY).")
	Path secretsDirectory;

	/** The configuration directory: the one given, else ./config, else the built-in configuration. */
	Path directory() {
		if (directory == null) {
			directory = BuiltInConfiguration.resolve(givenDirectory, command.commandLine().getErr());
		}
		return directory;
	}

	List<String> propertyOverrides() {
		return secretsDirectory == null ? List.of() : List.of(SecretsDirectory.override(secretsDirectory));
	}

}
