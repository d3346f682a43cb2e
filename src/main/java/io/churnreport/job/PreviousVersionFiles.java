package io.churnreport.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

import io.churnreport.system.AtomicFiles;

/**
 * Before a restated month's files are replaced, a copy of the version they hold is kept in
 * {@code <month>/versions/v<N>/}. The copy is made under a temporary name and renamed, so that a
 * crash never leaves a half copy under the final name, and a restart that finds it skips it.
 */
final class PreviousVersionFiles {

	private PreviousVersionFiles() {
	}

	static void keep(Path monthDirectory, long previousVersion) {
		Path versions = monthDirectory.resolve("versions");
		Path target = versions.resolve("v" + previousVersion);
		if (Files.exists(target) || !Files.isDirectory(monthDirectory)) {
			return;
		}
		Path partial = versions.resolve(".v" + previousVersion + ".partial");
		try {
			AtomicFiles.createDirectories(partial);
			List<Path> files;
			try (Stream<Path> listing = Files.list(monthDirectory)) {
				files = listing.filter(Files::isRegularFile)
					.filter(file -> !file.getFileName().toString().startsWith("."))
					.toList();
			}
			for (Path file : files) {
				Files.copy(file, partial.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING,
						StandardCopyOption.COPY_ATTRIBUTES);
			}
			Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not keep version " + previousVersion + " of " + monthDirectory
					+ " in " + target + ": " + ex.getMessage(), ex);
		}
	}

}
