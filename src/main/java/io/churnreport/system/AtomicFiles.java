package io.churnreport.system;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file so that its final name only ever holds a complete file: the content goes to a
 * hidden temporary file in the same directory, which is then renamed over the target in one step.
 * A crash leaves at most a temporary file, never a half-written report; a failure to write (disk
 * full, no permission) removes the temporary file, leaves the previous file as it was and throws an
 * {@link OutputWriteException} naming the file.
 */
public final class AtomicFiles {

	private AtomicFiles() {
	}

	@FunctionalInterface
	public interface FileContent {

		void writeTo(Path file) throws Exception;

	}

	public static void write(Path target, FileContent content) {
		Path directory = target.toAbsolutePath().getParent();
		Path temporary = null;
		try {
			Files.createDirectories(directory);
			temporary = Files.createTempFile(directory, "." + target.getFileName() + ".", ".partial");
			content.writeTo(temporary);
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
