package io.churnreport.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.springframework.util.FileSystemUtils;

import io.churnreport.system.AtomicFiles;
import io.churnreport.system.OutputWriteException;

/**
 * How a month's files change from one version to the next as a whole. The run writes them into a
 * directory beside the month's, {@code .<YYYY-MM>.v<N>.next}, and publishes it by renaming once
 * every file is there: the month's directory of the previous version becomes
 * {@code versions/v<N-1>} inside the new one (with the versions kept before it), and the new one
 * takes the month's name. A reader of {@code <out>/<YYYY-MM>/} therefore sees the files of one
 * version, never a mix: between the two renames, for a moment, no directory at all.
 * <p>
 * Each rename is atomic, and {@link #publish} picks up where a killed one stopped, so a restart
 * of the month's last step finishes the switch.
 */
final class MonthFilesSwitch {

	private MonthFilesSwitch() {
	}

	/** Where the files of the month's version are written before they are published. */
	static Path next(Path monthDirectory, long version) {
		return monthDirectory.resolveSibling("." + monthDirectory.getFileName() + ".v" + version + ".next");
	}

	/**
	 * The directory the version's files are written into, created if need be; what unpublished
	 * files of other versions of the month were left beside it is removed. A restarted attempt of
	 * the same version writes its files over those of the attempt before.
	 */
	static Path startNext(Path monthDirectory, long version) {
		Pattern unpublished = Pattern.compile(Pattern.quote("." + monthDirectory.getFileName() + ".v") + "[0-9]+\\.next");
		Path parent = monthDirectory.toAbsolutePath().getParent();
		Path next = next(monthDirectory, version);
		try {
			if (Files.isDirectory(parent)) {
				List<Path> left;
				try (Stream<Path> listing = Files.list(parent)) {
					left = listing.filter(path -> unpublished.matcher(path.getFileName().toString()).matches())
						.filter(path -> !path.getFileName().equals(next.getFileName()))
						.toList();
				}
				for (Path directory : left) {
					FileSystemUtils.deleteRecursively(directory);
				}
			}
			AtomicFiles.createDirectories(next);
			return next;
		}
		catch (IOException ex) {
			throw new OutputWriteException(next, ex);
		}
	}

	/**
	 * Makes the version's files the month's. Nothing to do when they are already: a restart after
	 * the last rename of a killed switch finds no {@code next} directory.
	 */
	static void publish(Path monthDirectory, long version) {
		Path next = next(monthDirectory, version);
		if (!Files.isDirectory(next)) {
			return;
		}
		try {
			if (Files.isDirectory(monthDirectory)) {
				keepPrevious(monthDirectory, next, version);
			}
			Files.move(next, monthDirectory, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new OutputWriteException(monthDirectory, ex);
		}
	}

	/**
	 * Moves the month's directory as it is, and the versions kept before it, into the new version's.
	 * Before a first version there is no such directory, unless an operator put files there or
	 * runs that never completed left some: those the new version has no file of are carried over.
	 */
	private static void keepPrevious(Path monthDirectory, Path next, long version) throws IOException {
		if (version == 1) {
			List<Path> entries;
			try (Stream<Path> listing = Files.list(monthDirectory)) {
				entries = listing.toList();
			}
			for (Path entry : entries) {
				Path target = next.resolve(entry.getFileName());
				if (!Files.exists(target)) {
					Files.move(entry, target, StandardCopyOption.ATOMIC_MOVE);
				}
			}
			FileSystemUtils.deleteRecursively(monthDirectory);
			return;
		}
		Path versions = monthDirectory.resolve("versions");
		Path nextVersions = next.resolve("versions");
		if (Files.isDirectory(versions) && !Files.exists(nextVersions)) {
			Files.move(versions, nextVersions, StandardCopyOption.ATOMIC_MOVE);
		}
		AtomicFiles.createDirectories(nextVersions);
		Path previous = nextVersions.resolve("v" + (version - 1));
		if (Files.exists(previous)) {
			FileSystemUtils.deleteRecursively(previous);
		}
		Files.move(monthDirectory, previous, StandardCopyOption.ATOMIC_MOVE);
	}

}
