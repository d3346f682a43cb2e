package io.churnreport.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.churnreport.cli.ChurnReportCommand;

/** The command line of churn-report in a JVM of its own, on the tests' class path. */
public final class ChildJvm {

	private ChildJvm() {
	}

	/**
	 * {@code java ... ChurnReportCommand} followed by the arguments. A child lives for seconds on
	 * fixture data, so it compiles with the quick compiler only: on two cores the optimising one
	 * took more processor time than the run itself.
	 */
	public static List<String> churnReport(List<String> arguments) {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
				ChurnReportCommand.class.getName()));
		command.addAll(arguments);
		return command;
	}

}
