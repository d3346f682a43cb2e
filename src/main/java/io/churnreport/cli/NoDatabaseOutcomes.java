package io.churnreport.cli;

import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

import io.churnreport.job.MonthStatus;
import io.churnreport.month.ReportingMonth;

/**
 * What the commands that look at or act on months already run say when the embedded database they
 * would use does not exist (see {@code EmbeddedDatabaseUse}): most often they were started from
 * another working directory than the months ran from.
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

	private static String why(Path dataDirectory) {
		return "there is no embedded database in " + dataDirectory + " (none was created). churn.embedded.data-directory"
				+ " is relative to the working directory: start churn-report from the directory the months ran from, or set"
				+ " it to the absolute path of their database. churn-report run or demo creates one.";
	}

}
