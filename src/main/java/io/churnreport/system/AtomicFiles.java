package io.churnreport.system;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes a file so that its final name only ever holds a complete file: the content goes to a
 * hidden temporary file in the same directory, which is then renamed over the target in one step.
 * A crash leaves at most a temporary file, never a half-written report; a failure to write (disk
 * full, no permission) removes the temporary file, leaves the previous file as it was and throws an
 * {@link OutputWriteException} naming the file.
 * <p>
 * Files get the configured POSIX permissions ({@code churn.output.file-permissions}, by default
 * {@code rw-------}: the owner only), and the directories created for them the matching
 * permissions with x wherever r is ({@code rwx------}), whatever the process's umask.
 */
public final class AtomicFiles {

	public static final String DEFAULT_FILE_PERMISSIONS = "rw-------";

	/** The name {@link #write} gives a temporary file: {@code .<target's name>.<random digits>.partial}. */
	private static final Pattern TEMPORARY_NAME = Pattern.compile("\\..+\\.[0-9]+\\.partial");

	private static volatile Set<PosixFilePermission> filePermissions = PosixFilePermissions
		.fromString(DEFAULT_FILE_PERMISSIONS);

	private AtomicFiles() {
	}

	/**
	 * Sets the permissions of the files written from now on in this process, as {@code ls -l}
	 * shows them, e.g. {@code rw-r-----}; called once at start-up with the configured ones.
	 */
	public static void usePermissions(String posixPermissions) {
		filePermissions = PosixFilePermissions.fromString(posixPermissions);
	}

	public static Set<PosixFilePermission> filePermissions() {
		return filePermissions;
	}

	/** The file permissions with x added wherever r is: who may read the files may list the directory. */
	public static Set<PosixFilePermission> directoryPermissions() {
		Set<PosixFilePermission> permissions = EnumSet.copyOf(filePermissions);
		if (permissions.contains(PosixFilePermission.OWNER_READ)) {
			permissions.add(PosixFilePermission.OWNER_EXECUTE);
		}
		if (permissions.contains(PosixFilePermission.GROUP_READ)) {
			permissions.add(PosixFilePermission.GROUP_EXECUTE);
		}
		if (permissions.contains(PosixFilePermission.OTHERS_READ)) {
			permissions.add(PosixFilePermission.OTHERS_EXECUTE);
		}
		return permissions;
	}

	/**
	 * Creates the directory and any missing parents, each with {@link #directoryPermissions()};
	 * directories that exist already are left as they are.
	 */
	public static void createDirectories(Path directory) throws IOException {
		Deque<Path> missing = new ArrayDeque<>();
		for (Path current = directory.toAbsolutePath(); current != null && !Files.isDirectory(current); current = current
			.getParent()) {
			missing.push(current);
		}
		while (!missing.isEmpty()) {
			Path created = missing.pop();
			try {
				Files.createDirectory(created);
			}
			catch (FileAlreadyExistsException ex) {
				if (Files.isDirectory(created)) {
					continue; // made by another process meanwhile
				}
				throw ex;
			}
			setPermissions(created, directoryPermissions());
		}
	}

	private static void setPermissions(Path path, Set<PosixFilePermission> permissions) throws IOException {
		if (Files.getFileStore(path).supportsFileAttributeView("posix")) {
			Files.setPosixFilePermissions(path, permissions);
		}
	}

	@FunctionalInterface
	public interface FileContent {

		void writeTo(Path file) throws Exception;

	}

	public static void write(Path target, FileContent content) {
		Path directory = target.toAbsolutePath().getParent();
		Path temporary = null;
		try {
			createDirectories(directory);
			temporary = Files.createTempFile(directory, temporaryPrefix(target), ".partial");
			content.writeTo(temporary);
			setPermissions(temporary, filePermissions);
			try {
				Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException ex) {
				Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		catch (Exception ex) {
			deleteQuietly(temporary);
			// a lost database connection while producing the content is the database's failure, not the file's
			IOException io = Failures.isConnectionFailure(ex) ? null : Failures.cause(ex, IOException.class);
			if (io != null) {
				throw new OutputWriteException(target, io);
			}
			if (ex instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException("Could not write " + target + ": " + ex.getMessage(), ex);
		}
	}

	private static String temporaryPrefix(Path target) {
		return "." + target.getFileName() + ".";
	}

	/**
	 * Removes from the directory (not below it) the temporary files of {@link #write} last modified
	 * before the given instant: those a process killed while writing left behind. A process writing
	 * now keeps its file modified later than that, so give an instant no live writer's file
	 * predates (when this process started, for a month this process now owns). Returns the files
	 * removed; one that cannot be removed is left, as it harms nothing but space.
	 */
	public static List<Path> removeTemporaryFiles(Path directory, Instant modifiedBefore) {
		List<Path> removed = new ArrayList<>();
		if (!Files.isDirectory(directory)) {
			return removed;
		}
		List<Path> candidates;
		try (Stream<Path> listing = Files.list(directory)) {
			candidates = listing.filter(file -> TEMPORARY_NAME.matcher(file.getFileName().toString()).matches())
				.filter(Files::isRegularFile)
				.toList();
		}
		catch (IOException ex) {
			return removed;
		}
		for (Path file : candidates) {
			try {
				if (Files.getLastModifiedTime(file).toInstant().isBefore(modifiedBefore) && Files.deleteIfExists(file)) {
					removed.add(file);
				}
			}
			catch (IOException ex) {
				// left for the next run: it takes space, nothing reads it
			}
		}
		return removed;
	}

	private static void deleteQuietly(Path file) {
		if (file != null) {
			try {
				Files.deleteIfExists(file);
			}
			catch (IOException ignored) {
				// the original failure matters more than a temporary file left behind
			}
		}
	}

}
