package io.churnreport.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.springframework.util.FileSystemUtils;

import io.churnreport.system.AtomicFiles;

/**
 * Before a restated month's files are replaced, a copy of the version they hold is kept in
 * {@code <month>/versions/v<N>/}. The copy is made under a temporary name and renamed, so that a
 * crash never leaves a half copy under the final name, and a restart that finds it skips it.
 */
final class PreviousVersionFiles {

	private static final Pattern TEMPORARY_COPY = Pattern.compile("\\.v[0-9]+\\.partial");

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

	/**
	 * Removes the half copies ({@code versions/.v<N>.partial}) last modified before the instant, as
	 * a run killed while copying left them; the copy is made again whole when the rerun goes on.
	 */
	static List<Path> removeTemporaryCopies(Path monthDirectory, Instant modifiedBefore) {
		List<Path> removed = new ArrayList<>();
		Path versions = monthDirectory.resolve("versions");
		if (!Files.isDirectory(versions)) {
			return removed;
		}
		try (Stream<Path> listing = Files.list(versions)) {
			for (Path copy : listing.filter(path -> TEMPORARY_COPY.matcher(path.getFileName().toString()).matches())
				.filter(Files::isDirectory)
				.toList()) {
				if (Files.getLastModifiedTime(copy).toInstant().isBefore(modifiedBefore)
						&& FileSystemUtils.deleteRecursively(copy)) {
					removed.add(copy);
				}
			}
		}
		catch (IOException ex) {
			// left for the next run: it takes space, nothing reads it
		}
		return removed;
	}

}
