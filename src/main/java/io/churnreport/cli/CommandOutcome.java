package io.churnreport.cli;

/** What a command did: its exit code and the line that tells the operator. */
public record CommandOutcome(int exitCode, String message) {

	public static CommandOutcome ok(String message) {
		return new CommandOutcome(ExitCodes.OK, message);
	}

	public boolean isOk() {
		return exitCode == ExitCodes.OK;
	}

}
