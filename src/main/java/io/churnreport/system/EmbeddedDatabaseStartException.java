package io.churnreport.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The embedded PostgreSQL did not start: its data directory could not be made or used, or the server took no connections. */
public class EmbeddedDatabaseStartException extends RuntimeException {

	private final Path dataDirectory;

	EmbeddedDatabaseStartException(Path dataDirectory, Throwable cause) {
		super("The embedded PostgreSQL in " + dataDirectory + " did not start: " + Failures.rootMessage(cause), cause);
		this.dataDirectory = dataDirectory;
	}

	/** The data directory, absolute. */
	public Path dataDirectory() {
		return dataDirectory;
	}

	/** What went wrong, as the library or the server said it, on one line. */
	public String reason() {
		return Failures.firstLine(Failures.rootMessage(getCause()));
	}

	/** The user owning the data directory, when the file system tells. */
	public Optional<String> directoryOwner() {
		try {
			return Optional.of(Files.getOwner(dataDirectory).getName());
		}
		catch (IOException | UnsupportedOperationException ex) {
			return Optional.empty();
		}
	}

}
