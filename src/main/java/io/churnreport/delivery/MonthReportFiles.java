package io.churnreport.delivery;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The files of a month's reports that a delivery sends, and their language, which the mails take.
 *
 * @param directory the directory holding the PDFs and spreadsheets
 * @param language the language they were written in
 * @param otherLanguage whether they are written in a language other than the month's run's
 * ({@code render --locale} wrote them to {@code <month>/<language>/}): their copies then go to a
 * directory of that language too, beside the month's own
 */
public record MonthReportFiles(Path directory, Locale language, boolean otherLanguage) {

	/** The month's own reports, as its run wrote them in its language. */
	public static MonthReportFiles ofRun(Path monthDirectory, Locale runLanguage) {
		return new MonthReportFiles(monthDirectory, runLanguage, false);
	}

	/** Where the copies go in the shared directory, given the month's directory there. */
	Path sharedDirectory(Path sharedMonthDirectory) {
		return otherLanguage ? sharedMonthDirectory.resolve(language.getLanguage()) : sharedMonthDirectory;
	}

}
