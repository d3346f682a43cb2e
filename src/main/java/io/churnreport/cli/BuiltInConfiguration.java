package io.churnreport.cli;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.util.FileSystemUtils;

import io.churnreport.system.ConfigurationFileNames;

/**
 * The configuration shipped inside the jar (the repository's config/ without deploy/: the demo's),
 * used when no {@code --config} is given and the current directory holds no config/. It is copied
 * once per process into a temporary directory, deleted at exit, as the job reads its files as
 * paths (source queries, churn-reasons.yml, targets.yml) and Spring Boot reads application.yml
 * from a directory.
 */
final class BuiltInConfiguration {

	/** The folder of the classpath holding it (see the pom's resources). */
	static final String RESOURCE_FOLDER = "default-config";

	/** Where a command looks for the operator's configuration when no --config is given. */
	static final Path DEFAULT_DIRECTORY = Path.of("config");

	private static Path copied;

	private BuiltInConfiguration() {
	}

	/**
	 * The configuration directory of a command: the one given with --config, else ./config, else
	 * the built-in configuration, which is said once on the error stream (standard output stays the
	 * command's own).
	 */
	static Path resolve(Path given, PrintWriter err) {
		if (given != null) {
			// an operator's directory, even a missing one: refused with its name rather than replaced
			return given;
		}
		if (Files.isDirectory(DEFAULT_DIRECTORY)) {
			return DEFAULT_DIRECTORY;
		}
		Path directory = directory();
		err.println("Using the built-in configuration (the demo's: embedded PostgreSQL, example churn reasons and "
				+ "targets), as there is no config/ in " + Path.of("").toAbsolutePath() + "; pass --config DIR for your own.");
		err.flush();
		return directory;
	}

	/** Whether the directory is the built-in configuration's copy, which messages do not name. */
	static boolean isBuiltIn(Path directory) {
		synchronized (BuiltInConfiguration.class) {
			return copied != null && copied.equals(directory);
		}
	}

	/** Whether the file is one of the built-in configuration's copy. */
	static boolean holds(Path file) {
		synchronized (BuiltInConfiguration.class) {
			return copied != null && file.toAbsolutePath().normalize().startsWith(copied.toAbsolutePath().normalize());
		}
	}

	/**
	 * A file as a message names it: one of the built-in configuration's by its path inside it, as the
	 * job's own messages name it ({@link ConfigurationFileNames}, by the copy's marker).
	 */
	static String name(Path file) {
		synchronized (BuiltInConfiguration.class) {
			return copied == null ? file.toString() : ConfigurationFileNames.name(copied, file);
		}
	}

	/** A message with the paths of the built-in configuration's files as {@link #name} gives them. */
	static String namedIn(String message) {
		synchronized (BuiltInConfiguration.class) {
			return copied == null ? message
					: message.replace(copied.toAbsolutePath().normalize() + File.separator, "built-in ");
		}
	}

	/** The directory as a message names it: the built-in configuration's copy is gone at exit. */
	static String describe(Path directory) {
		return isBuiltIn(directory) ? "the built-in configuration" : directory.toString();
	}

	/** The --config argument that names the directory again, empty for the built-in configuration. */
	static String configArgument(Path directory) {
		return isBuiltIn(directory) ? "" : " --config " + directory;
	}

	/** The built-in configuration's files in a directory of their own, copied on the first call. */
	static synchronized Path directory() {
		if (copied == null) {
			copied = copy();
		}
		return copied;
	}

	private static Path copy() {
		Path directory;
		try {
			directory = Files.createTempDirectory("churn-report-config-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create a temporary directory for the built-in configuration ("
					+ ex.getMessage() + "): pass --config with a configuration directory, or set java.io.tmpdir "
					+ "to a writable directory.", ex);
		}
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			try {
				FileSystemUtils.deleteRecursively(directory);
			}
			catch (IOException ex) {
				// a temporary directory left behind is harmless
			}
		}, "churn-report-built-in-configuration-cleanup"));
		try {
			copyInto(directory);
			// so that the job's own messages, logged beyond this process, name its files as built-in
			Files.createFile(directory.resolve(ConfigurationFileNames.BUILT_IN_MARKER));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot copy the built-in configuration into " + directory + " ("
					+ ex.getMessage() + "): pass --config with a configuration directory, or set java.io.tmpdir "
					+ "to a writable directory.", ex);
		}
		return directory;
	}

	/**
	 * Writes the built-in configuration's files into the directory, which must hold none of them
	 * (an existing file is never overwritten).
	 * @return the files written, relative to the directory
	 */
	static List<Path> copyInto(Path directory) throws IOException {
		String marker = "/" + RESOURCE_FOLDER + "/";
		List<Path> written = new ArrayList<>();
		for (Resource resource : new PathMatchingResourcePatternResolver()
			.getResources("classpath*:" + RESOURCE_FOLDER + "/**")) {
			String url = resource.getURL().toString();
			int start = url.lastIndexOf(marker);
			// folders are listed too: in a jar they end with a slash, in a classes directory they are directories
			if (start < 0 || url.endsWith("/") || resource.isFile() && resource.getFile().isDirectory()) {
				continue;
			}
			Path relative = Path.of(url.substring(start + marker.length()));
			Path target = directory.resolve(relative).normalize();
			if (!target.startsWith(directory.normalize()) || written.contains(relative)) {
				// a second classpath entry with the same folder: the first one wins, as on the classpath
				continue;
			}
			Files.createDirectories(target.getParent());
			try (InputStream in = resource.getInputStream()) {
				Files.copy(in, target);
			}
			written.add(relative);
		}
		if (!written.contains(Path.of(ApplicationYaml.FILE_NAME))) {
			throw new IllegalStateException("This churn-report build holds no built-in configuration ("
					+ RESOURCE_FOLDER + "/ on its classpath): pass --config with your configuration directory.");
		}
		return written;
	}

}
