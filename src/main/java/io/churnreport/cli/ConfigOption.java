package io.churnreport.cli;

import java.nio.file.Path;
import java.util.List;

import picocli.CommandLine.Option;

/** The {@code --config} and {@code --secrets} options of the commands that take no other job options. */
class ConfigOption {

	@Option(names = "--config", paramLabel = "DIR", defaultValue = "config",
			description = "Directory with application.yml, sources/, churn-reasons.yml and the other operator files "
					+ "(default: ${DEFAULT-VALUE}).")
	Path directory;

	@Option(names = "--secrets", paramLabel = "DIR",
			description = "Directory with one file per secret property, named as the property, e.g. churn.billing.password "
					+ "(a mounted Kubernetes Secret, systemd's $CREDENTIALS_DIRECTORY; default: $CHURN_SECRETS_DIRECTORY).")
	Path secretsDirectory;

	List<String> propertyOverrides() {
		return secretsDirectory == null ? List.of() : List.of(SecretsDirectory.override(secretsDirectory));
	}

}
