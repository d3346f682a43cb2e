package io.churnreport.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** The {@code --config} option of the commands that take no other job options. */
class ConfigOption {

	@Option(names = "--config", paramLabel = "DIR", defaultValue = "config",
			description = "Directory with application.yml, sources/, churn-reasons.yml and the other operator files "
					+ "(default: ${DEFAULT-VALUE}).")
	Path directory;

}
