package io.churnreport.system;

import java.nio.file.Path;

/**
 * A command that uses an existing embedded database only ({@link EmbeddedDatabaseUse#EXISTING_ONLY})
 * found none in the data directory; nothing was created.
 */
public class NoEmbeddedDatabaseException extends RuntimeException {

	private final Path dataDirectory;

	public NoEmbeddedDatabaseException(Path dataDirectory) {
		super("There is no embedded database in " + dataDirectory);
		this.dataDirectory = dataDirectory;
	}

	/** The data directory looked in, absolute. */
	public Path dataDirectory() {
		return dataDirectory;
	}

}
