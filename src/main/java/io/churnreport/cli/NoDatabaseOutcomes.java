package io.churnreport.cli;

import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

import io.churnreport.job.MonthStatus;
import io.churnreport.month.ReportingMonth;

/**
 * What the commands that look at or act on months already run, and the checks, say when the
 * embedded database they would use does not exist (see {@code EmbeddedDatabaseUse}): most often
 * they were started from another working directory than the months ran from, or before the demo.
 */
final class NoDatabaseOutcomes {

	private NoDatabaseOutcomes() {
	}

	/**
	 * {@code status}: nothing has run with this database, which is not an error; as JSON, the
	 * document of a history without runs.
	 * @param month the month asked about; empty for all
	 */
	static CommandOutcome status(Optional<YearMonth> month, boolean json, Path dataDirectory) {
		if (json) {
			Optional<MonthStatus.Overview> overview = month.isPresent() ? Optional.empty()
					: Optional.of(new MonthStatus.Overview(Optional.empty(), List.of(), List.of()));
			return CommandOutcome.ok(StatusJson.of(new MonthStatus(month, overview, List.of())));
		}
		return CommandOutcome.ok(month.map(m -> "Month " + ReportingMonth.format(m) + " has never run here: ")
			.orElse("No month has run yet here: ") + why(dataDirectory));
	}

	/** {@code stop}, {@code restart}, {@code recover}, {@code render}, {@code deliver}: nothing of the month to act on. */
	static CommandOutcome nothingOfMonth(YearMonth month, Path dataDirectory) {
		return new CommandOutcome(ExitCodes.NOTHING_TO_RESTART, "Month " + ReportingMonth.format(month)
				+ " has not run here: " + why(dataDirectory));
	}

	/** {@code report}: none of the period's months to report on. */
	static CommandOutcome noMonthsOfPeriod(String period, Path dataDirectory) {
		return new CommandOutcome(ExitCodes.PERIOD_NOT_COMPLETE, period + " cannot be reported here: none of its months"
				+ " has run here: " + why(dataDirectory));
	}

	/**
	 * {@code check-config} and {@code run --dry-run}: a check creates no database, so there is none
	 * to try the source queries and the reporting schema on.
	 */
	static CommandOutcome nothingToCheck(Path dataDirectory) {
		return new CommandOutcome(ExitCodes.BAD_CONFIGURATION, "There is no embedded database in " + dataDirectory
				+ " to try the source queries and the reporting database on (a check creates none). churn-report demo"
				+ " creates it and fills it with demo data; for your own databases, set CHURN_BILLING_URL, CHURN_CRM_URL"
				+ " and CHURN_REPORTING_URL. churn.embedded.data-directory is relative to the working directory: if the"
				+ " months ran from another directory, start churn-report there.");
	}

	private static String why(Path dataDirectory) {
		return "there is no embedded database in " + dataDirectory + " (none was created). churn.embedded.data-directory"
				+ " is relative to the working directory: start churn-report from the directory the months ran from, or set"
				+ " it to the absolute path of their database. churn-report run or demo creates one.";
	}

}
