package io.churnreport.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The embedded PostgreSQL did not start on its data directory, or did not take connections. */
public class EmbeddedDatabaseStartException extends RuntimeException {

	private EmbeddedDatabaseStartException(String message, Throwable cause) {
		super(message, cause);
	}

	/** What went wrong, with what the operator can check: the directory's owner when it is not this user. */
	static EmbeddedDatabaseStartException of(Path dataDirectory, Throwable cause) {
		String user = System.getProperty("user.name");
		String owner = owner(dataDirectory);
		String ownerHint = owner == null || owner.equals(user) ? ""
				: " The directory belongs to " + owner + ", and churn-report runs as " + user + ".";
		return new EmbeddedDatabaseStartException("The embedded PostgreSQL in " + dataDirectory + " did not start ("
				+ Failures.firstLine(Failures.rootMessage(cause)) + ")." + ownerHint
				+ " If a churn-report process that used it has just been killed, run the command again in a few"
				+ " seconds; otherwise check that the directory holds churn-report's embedded database and that this"
				+ " user can write it, or set CHURN_BILLING_URL, CHURN_CRM_URL and CHURN_REPORTING_URL to use your own"
				+ " databases.", cause);
	}

	private static String owner(Path directory) {
		try {
			return Files.getOwner(directory).getName();
		}
		catch (IOException | UnsupportedOperationException ex) {
			return null;
		}
	}

}
