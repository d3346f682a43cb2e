package io.churnreport.system;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** Reading what actually went wrong out of a chain of exceptions. */
public final class Failures {

	private Failures() {
	}

	/**
	 * A database could not be reached or the connection was lost: SQL state class 08, the server
	 * refusing the login (class 28: a wrong password, a user or host not allowed), the server
	 * ending the session (57P01 administrator command or restart, 57P02 crash, 57P03 not accepting
	 * connections yet), or no connection within the pool's timeout.
	 */
	public static boolean isConnectionFailure(Throwable failure) {
		return hasCause(failure, ConnectException.class) || hasCause(failure, SQLTransientConnectionException.class)
				|| hasSqlState(failure, "08", "28", "57P0");
	}

	/**
	 * Whether the failure is a database refusing the login (SQL state class 28: a wrong user or
	 * password, or no pg_hba.conf entry): trying again will not change it.
	 */
	public static boolean isLoginRefused(Throwable failure) {
		return hasSqlState(failure, "28");
	}

	/** Whether an SQLException in the chain has an SQL state starting with one of the prefixes. */
	private static boolean hasSqlState(Throwable failure, String... prefixes) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && sql.getSQLState() != null) {
				for (String prefix : prefixes) {
					if (sql.getSQLState().startsWith(prefix)) {
						return true;
					}
				}
			}
		}
		return false;
	}

	public static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
		return cause(failure, type) != null;
	}

	/** The first exception of the type in the chain of causes, or null. */
	public static <T extends Throwable> T cause(Throwable failure, Class<T> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

	/**
	 * The innermost message, which says what actually went wrong, on one line; our own
	 * configuration messages are taken as they are.
	 */
	public static String rootMessage(Throwable failure) {
		Throwable root = failure;
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
				root = cause;
			}
			if (cause instanceof InvalidConfigurationException) {
				break;
			}
		}
		String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
		return firstLine(message.strip());
	}

	/**
	 * What the database driver said about a connection that failed, e.g. "Connection to db:5432
	 * refused. Check that the hostname and port are correct ...": the innermost SQL exception's
	 * message, which names the server, else {@link #rootMessage}.
	 */
	public static String connectionMessage(Throwable failure) {
		SQLException innermost = null;
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && sql.getMessage() != null && !sql.getMessage().isBlank()) {
				innermost = sql;
			}
		}
		return innermost == null ? rootMessage(failure) : firstLine(innermost.getMessage().strip());
	}

	public static String firstLine(String text) {
		int newline = text.indexOf('\n');
		return newline < 0 ? text : text.substring(0, newline).strip();
	}

}
