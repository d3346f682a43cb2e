package io.churnreport.cli;

import java.time.YearMonth;
import java.util.List;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.churnreport.month.ReportingMonth;
import io.churnreport.period.PeriodMrrBridge;
import io.churnreport.period.PeriodOutcome;
import io.churnreport.period.PeriodOutcome.BridgeDoesNotTie;
import io.churnreport.period.PeriodOutcome.MonthsNotComplete;
import io.churnreport.period.PeriodOutcome.Reported;
import io.churnreport.period.ReportingPeriod;
import io.churnreport.system.Failures;

import static io.churnreport.cli.CommandOutcome.withoutFinalStop;

/**
 * Puts what reporting a quarter or fiscal year came to ({@link PeriodOutcome}) into the line the
 * operator reads and the exit code a scheduler acts on.
 */
final class PeriodOutcomes {

	private static final Logger log = LoggerFactory.getLogger(PeriodOutcomes.class);

	private PeriodOutcomes() {
	}

	/**
	 * A period whose reporting failed part way (its pack could not be drawn, the disk filled):
	 * reporting it again replaces whatever it wrote.
	 */
	static CommandOutcome failed(ReportingPeriod period, RuntimeException failure) {
		// the line says what failed; the trace is for DEBUG
		log.debug("Could not report {}", period.label(), failure);
		return new CommandOutcome(ExitCodes.JOB_FAILED, period.label() + " could not be reported ("
				+ withoutFinalStop(Failures.rootMessage(failure)) + "). Once the cause is fixed, report it again with: "
				+ command(period) + ".");
	}

	/** The command that reports the period. */
	static String command(ReportingPeriod period) {
		return "churn-report report " + (period.isQuarter() ? "--quarter " : "--year ") + period.key();
	}

	static CommandOutcome of(PeriodOutcome outcome) {
		ReportingPeriod period = outcome.period();
		String named = period.label() + " (" + ReportingMonth.format(period.firstMonth()) + " to "
				+ ReportingMonth.format(period.lastMonth()) + ")";
		if (outcome instanceof Reported reported) {
			ReportingPeriod lastYear = period.yearBefore();
			String how = reported.restatement()
				.map(restatement -> " restated as version " + reported.version() + ", as "
						+ (restatement.restatedMonths().size() == 1 ? "month " : "months ")
						+ restatement.restatedMonths().stream()
							.map(month -> ReportingMonth.format(month) + " (now version " + reported.months().get(month) + ")")
							.collect(Collectors.joining(", "))
						+ (restatement.restatedMonths().size() == 1 ? " was" : " were") + " restated since version "
						+ restatement.previousVersion() + " (kept in " + restatement.previousFiles() + "; what changed: "
						+ restatement.restatementFile() + "):")
				.orElse(" reported" + (reported.version() > 1 ? " again as version " + reported.version()
						+ " (its months are at the versions it was built from):" : ":"));
			return CommandOutcome.ok(named + how + " " + reported.summaryFile() + ", stored in mart.period_metric"
					+ (reported.yearToDate().isPresent() ? "" : "; no year to date, as not all months of FY"
							+ period.fiscalYear() + " up to its end are complete")
					+ (reported.lastYear().isPresent() ? "; beside " + lastYear.label() + ", the same period last year"
							: "; no comparison with " + lastYear.label() + ", the same period last year, as not all its "
									+ "months are complete")
					+ (reported.packFiles().isEmpty() ? "" : "; its pack: " + reported.packFiles().get(0)));
		}
		if (outcome instanceof MonthsNotComplete missing) {
			List<YearMonth> months = missing.months();
			return new CommandOutcome(ExitCodes.PERIOD_NOT_COMPLETE, named + " cannot be reported: "
					+ (months.size() == 1 ? "month " : "months ")
					+ months.stream().map(ReportingMonth::format).collect(Collectors.joining(", "))
					+ (months.size() == 1 ? " is" : " are")
					+ " not complete (never run, or the last run did not finish). Nothing was written. Run "
					+ (months.size() == 1 ? "it" : "them") + " with: churn-report backfill --from "
					+ ReportingMonth.format(months.get(0)) + " --to " + ReportingMonth.format(months.get(months.size() - 1))
					+ ", then report the period again.");
		}
		PeriodMrrBridge bridge = ((BridgeDoesNotTie) outcome).bridge();
		return new CommandOutcome(ExitCodes.JOB_FAILED, named + " cannot be reported: its months' MRR movements lead "
				+ "from " + bridge.start().toPlainString() + " at its start to " + bridge.bridgedEnd().toPlainString()
				+ ", but the month-end MRR at its end is " + bridge.end().toPlainString()
				+ " (a month was computed again since, from other source rows or settings). Nothing was written. "
				+ "Compute the period's months again in order with: churn-report rerun --month M --force --reason \"...\" "
				+ "for each of " + ReportingMonth.format(period.firstMonth()) + " to "
				+ ReportingMonth.format(period.lastMonth()) + ", then report the period again.");
	}

}
