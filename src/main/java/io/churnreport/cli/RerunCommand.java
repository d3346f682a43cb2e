package io.churnreport.cli;

import java.time.YearMonth;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import io.churnreport.job.MonthJobOperations;
import io.churnreport.job.MonthJobParameters;
import io.churnreport.system.ChurnProperties;

// --force and --reason are checked in call(), to explain the lock with an example, so the synopsis says they are required
@Command(name = "rerun", mixinStandardHelpOptions = true,
		customSynopsis = { "churn-report rerun --month=YYYY-MM --force --reason=TEXT [-hV]",
				"                          [--config=DIR] [--locale=en|tr|de] [--out=DIR]",
				"                          [--log-format=text|json] [--notify-command=CMD]",
				"                          [--secrets=DIR]" },
		description = "Recompute a completed (locked) month after a fix in the sources: a new version of its "
				+ "results replaces the current one, the previous version stays readable, and restatement.csv "
				+ "lists what changed. Who ran it, when and why is recorded.")
class RerunCommand extends ContextCommand implements Callable<Integer> {

	@Option(names = "--month", paramLabel = "YYYY-MM", required = true, description = "The completed month.")
	YearMonth month;

	@Option(names = "--force", description = "Required: confirms that the month's published results are to be replaced.")
	boolean force;

	/** Spring Batch keeps the reason as a job parameter, whose column holds at most this many characters. */
	static final int MAX_REASON_LENGTH = 2500;

	@Option(names = "--reason", paramLabel = "TEXT",
			description = "Required: why the month is restated, at most 2,500 characters; shown in its reports.")
	String reason;

	@Mixin
	JobOptions options;

	@Override
	public Integer call() {
		if (!force || reason == null || reason.isBlank()) {
			spec.commandLine().getErr().println("churn-report: a completed month is locked: to recompute it, add --force and "
					+ "--reason \"what was fixed\", e.g. churn-report rerun --month " + month
					+ " --force --reason \"billing corrected the March invoices\"");
			return ExitCodes.USAGE;
		}
		int length = reason.strip().codePointCount(0, reason.strip().length());
		if (length > MAX_REASON_LENGTH) {
			spec.commandLine().getErr().println("churn-report: the --reason is " + String.format(Locale.ROOT, "%,d", length)
					+ " characters long; it may have at most 2,500: say briefly what was fixed (a ticket number can "
					+ "point to the rest). Nothing was run.");
			return ExitCodes.USAGE;
		}
		return launch(options.configDirectory(), options.propertyOverrides(), context -> {
			ChurnProperties properties = context.getBean(ChurnProperties.class);
			MonthJobOperations operations = context.getBean(MonthJobOperations.class);
			MonthJobParameters parameters = new MonthJobParameters(month, properties.outputDirectory(), options.configDirectory());
			AtomicBoolean started = new AtomicBoolean();
			// a retry after a lost database resumes the new version's execution, unless it never started
			return launchMonth(context, options.configDirectory(), month,
					() -> !started.getAndSet(true) || operations.isComplete(month) ? operations.rerun(parameters, reason.strip())
							: operations.run(parameters));
		});
	}

}
