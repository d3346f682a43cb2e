package io.churnreport.cli;

import io.churnreport.system.Failures;

/**
 * What a command did: its exit code, the line that tells the operator, and whether trying the
 * same work again later may change it (a database that could not be reached may come back; a
 * refused login or password will not).
 */
public record CommandOutcome(int exitCode, String message, boolean worthRetrying) {

	/** An outcome that is worth retrying when, and only when, a database could not be reached. */
	public CommandOutcome(int exitCode, String message) {
		this(exitCode, message, exitCode == ExitCodes.DATABASE_UNREACHABLE);
	}

	/**
	 * A database could not be reached because of the failure: worth retrying unless the database
	 * refused the login, which trying again will not change.
	 */
	public static CommandOutcome databaseUnreachable(String message, Throwable failure) {
		return new CommandOutcome(ExitCodes.DATABASE_UNREACHABLE, message, !Failures.isLoginRefused(failure));
	}

	public static CommandOutcome ok(String message) {
		return new CommandOutcome(ExitCodes.OK, message);
	}

	public boolean isOk() {
		return exitCode == ExitCodes.OK;
	}

	/** The same outcome, its line followed by more sentences (what was done after, e.g. delivering). */
	public CommandOutcome followedBy(String sentences) {
		String line = message == null ? "" : withoutFinalStop(message) + ". ";
		return new CommandOutcome(exitCode, line + sentences, worthRetrying);
	}

	/** The text without its final full stop, to be put inside a sentence of its own. */
	static String withoutFinalStop(String text) {
		return text != null && text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
	}

}
