package io.churnreport.system;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How a message names a file of the configuration directory. The built-in configuration is a copy
 * that the command line makes for one process and deletes at exit, so a log line that outlives the
 * process names its files by their place in it ("built-in sources/billing/invoices.sql"); any other
 * configuration's files by their path.
 */
public final class ConfigurationFileNames {

	/** The file the command line puts into the built-in configuration's copy, and only there. */
	public static final String BUILT_IN_MARKER = ".churn-report-built-in";

	private ConfigurationFileNames() {
	}

	/** Whether the directory is the built-in configuration's copy. */
	public static boolean isBuiltIn(Path directory) {
		return Files.isRegularFile(directory.resolve(BUILT_IN_MARKER));
	}

	/** The file of the configuration directory as a message names it. */
	public static String name(Path directory, Path file) {
		Path base = directory.toAbsolutePath().normalize();
		Path absolute = file.toAbsolutePath().normalize();
		if (absolute.startsWith(base) && isBuiltIn(directory)) {
			return "built-in " + base.relativize(absolute);
		}
		return file.toString();
	}

}
