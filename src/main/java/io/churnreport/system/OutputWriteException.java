package io.churnreport.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * An output file could not be written (disk full, no permission, a directory in the way); its
 * previous content, if any, is unchanged. The message names the file and the system's reason.
 */
public class OutputWriteException extends UncheckedIOException {

	private final Path target;

	public OutputWriteException(Path target, IOException cause) {
		super("Could not write " + target + ": " + reason(cause), cause);
		this.target = target;
	}

	public Path target() {
		return target;
	}

	/** "No space left on device", or the kind of failure when the system gave only file names. */
	private static String reason(IOException cause) {
		if (cause instanceof FileSystemException fileSystem) {
			return fileSystem.getReason() != null ? fileSystem.getReason()
					: fileSystem.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").replace(" Exception", "");
		}
		return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
	}

}
