package io.churnreport.cli;

import java.io.PrintWriter;
import java.time.YearMonth;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import io.churnreport.month.ReportingMonth;
import io.churnreport.system.Secrets;

/** The {@code churn-report} command line: one sub-command per operator task. */
@Command(name = "churn-report", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
		description = "Monthly churn, cohort retention and revenue-churn reports from billing and CRM databases.",
		subcommands = { RunCommand.class, BackfillCommand.class, RerunCommand.class, CheckConfigCommand.class, InitConfigCommand.class, RestartCommand.class, StatusCommand.class, RecoverCommand.class, StopCommand.class, DeliverCommand.class, RenderCommand.class,
				ReportCommand.class, DemoCommand.class, BenchCommand.class, AutoComplete.GenerateCompletion.class },
		exitCodeListHeading = "%nExit codes:%n",
		exitCodeList = { "0:done", "1:a step of the job failed (fix the cause, then restart)",
				"2:wrong command line", "3:bad configuration", "4:the month is already running",
				"5:the month is already complete", "6:a database could not be reached",
				"7:nothing to restart, recover, stop, deliver or render",
				"8:source data failed the data-quality limit (fix the sources, then restart --re-extract)",
				"9:deliver: a report could not be delivered (recorded; run deliver again)",
				"10:report: a month of the quarter or year is not complete (run it, e.g. with backfill)",
				"143:ended by SIGTERM (130: SIGINT): the month stopped at a safe point; run the same command again" })
public class ChurnReportCommand implements Runnable {

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	/** The process's entry point: runs the command line and exits with its code (see {@link ExitCodes}). */
	public static void main(String[] args) {
		System.exit(execute(args));
	}

	public static int execute(String... args) {
		return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
	}

	/** Runs a command line with the given output streams, as tests do. */
	public static int execute(PrintWriter out, PrintWriter err, String... args) {
		CommandLine commandLine = new CommandLine(new ChurnReportCommand());
		// every sub-command's -V prints the build's version too
		commandLine.getSubcommands().values().forEach(sub -> sub.getCommandSpec().versionProvider(new BuildVersion()));
		HelpLayout.install(commandLine);
		commandLine.setOut(out);
		commandLine.setErr(err);
		commandLine.registerConverter(YearMonth.class, text -> {
			try {
				return ReportingMonth.parseMonth(text);
			}
			catch (IllegalArgumentException ex) {
				// picocli then shows the message alone, without the exception's class
				throw new CommandLine.TypeConversionException(ex.getMessage());
			}
		});
		commandLine.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
			cmd.getErr().println("churn-report: " + Secrets.maskUrl(ex.getMessage()));
			return ExitCodes.JOB_FAILED;
		});
		commandLine.setParameterExceptionHandler((ex, ignoredArgs) -> {
			PrintWriter usageErr = ex.getCommandLine().getErr();
			usageErr.println("churn-report: " + ex.getMessage());
			usageErr.println("Try: churn-report " + (ex.getCommandLine().getCommandName().equals("churn-report") ? ""
					: ex.getCommandLine().getCommandName() + " ") + "--help");
			return ExitCodes.USAGE;
		});
		return commandLine.execute(args);
	}

	@Override
	public void run() {
		throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: run, restart, status, recover or demo");
	}

}
