package io.churnreport.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "init-config", mixinStandardHelpOptions = true,
		description = "Write a copy of the built-in configuration (the demo's: application.yml, churn-reasons.yml, "
				+ "targets.yml and the source queries) into a new or empty directory, to edit and give with --config.")
class InitConfigCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Parameters(paramLabel = "DIR", description = "The directory to write, e.g. config; it must not exist or be empty.")
	Path directory;

	@Override
	public Integer call() throws IOException {
		PrintWriter err = spec.commandLine().getErr();
		if (Files.exists(directory) && !isEmptyDirectory(directory)) {
			// an operator's configuration is never overwritten, not even file by file
			err.println("churn-report: " + directory.toAbsolutePath().normalize() + (Files.isDirectory(directory)
					? " is not empty" : " is a file") + ": give init-config a new or empty directory.");
			return ExitCodes.BAD_CONFIGURATION;
		}
		List<Path> written = BuiltInConfiguration.copyInto(directory);
		PrintWriter out = spec.commandLine().getOut();
		out.println("Wrote the built-in configuration (" + written.size() + " files) into "
				+ directory.toAbsolutePath().normalize() + ". Edit it (README, Running it on your databases), check it "
				+ "with: churn-report check-config --config " + directory + ", and give it to every command with --config "
				+ directory + (directory.normalize().equals(BuiltInConfiguration.DEFAULT_DIRECTORY)
						? " (or leave --config out when starting them from this directory)" : "") + ".");
		return ExitCodes.OK;
	}

	private static boolean isEmptyDirectory(Path directory) throws IOException {
		if (!Files.isDirectory(directory)) {
			return false;
		}
		try (Stream<Path> entries = Files.list(directory)) {
			return entries.findAny().isEmpty();
		}
	}

}
