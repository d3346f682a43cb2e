package io.churnreport.cli;

import java.nio.file.Path;
import java.util.Optional;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import io.churnreport.delivery.ReportPack;

/**
 * The {@code --report} and {@code --out} options of the commands that act on a completed month's
 * published reports ({@code render}, {@code deliver}).
 */
class PublishedReportOptions {

	@Spec(Spec.Target.MIXEE)
	CommandSpec command;

	@Option(names = "--report", paramLabel = "management-report|finance-report",
			description = "Only this report (and its spreadsheet); default: every report.")
	String report;

	@Option(names = "--out", paramLabel = "DIR",
			description = "Directory holding the month directories (default: where the month's run wrote them).")
	Path outputDirectory;

	/**
	 * The report named, when one is; management and finance are taken for the reports' names, as
	 * they are said.
	 */
	Optional<ReportPack> pack() {
		return Optional.ofNullable(report)
			.flatMap(name -> ReportPack.named(name).or(() -> ReportPack.named(name + "-report")));
	}

	/** Whether {@code --report} names no report; says so on the command's error stream when it does not. */
	boolean reportUnknown() {
		if (report != null && pack().isEmpty()) {
			command.commandLine().getErr().println("churn-report: --report " + report + " is not a report: give one of "
					+ ReportPack.names() + ".");
			return true;
		}
		return false;
	}

	Optional<Path> outputDirectory() {
		return Optional.ofNullable(outputDirectory);
	}

}
