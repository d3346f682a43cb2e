package io.churnreport.month;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A calendar month in the reporting time zone. The month runs from its first instant (midnight of
 * the 1st) up to, not including, the first instant of the next month.
 */
public record ReportingMonth(YearMonth month, ZoneId zone) {

	private static final DateTimeFormatter ISO_MONTH = DateTimeFormatter.ofPattern("uuuu-MM");

	/**
	 * Parses {@code YYYY-MM}.
	 * @throws IllegalArgumentException naming the expected form
	 */
	public static YearMonth parseMonth(String text) {
		try {
			return YearMonth.parse(text.trim(), ISO_MONTH);
		}
		catch (DateTimeParseException | NullPointerException ex) {
			throw new IllegalArgumentException("'" + text + "' is not a month: write it as YYYY-MM, e.g. 2025-07");
		}
	}

	/** The last month that has ended in the zone: the previous month of its calendar now. */
	public static YearMonth lastEnded(ZoneId zone) {
		return YearMonth.now(zone).minusMonths(1);
	}

	public static ReportingMonth of(String text, ZoneId zone) {
		return new ReportingMonth(parseMonth(text), zone);
	}

	public LocalDate firstDay() {
		return month.atDay(1);
	}

	public LocalDate previousFirstDay() {
		return month.minusMonths(1).atDay(1);
	}

	/**
	 * Whether a history kept across runs, reaching the given month (empty: no history), reaches the
	 * month before this one, so that this month can be added to it.
	 */
	public boolean continues(Optional<LocalDate> historyReach) {
		return historyReach.isPresent() && !historyReach.get().isBefore(previousFirstDay());
	}

	/** First instant of the previous month. */
	public OffsetDateTime previousStart() {
		return startOf(month.minusMonths(1));
	}

	/** First instant of the month. */
	public OffsetDateTime start() {
		return startOf(month);
	}

	/** First instant of the next month: the month-end state is the state just before it. */
	public OffsetDateTime end() {
		return startOf(month.plusMonths(1));
	}

	private OffsetDateTime startOf(YearMonth yearMonth) {
		try {
			return yearMonth.atDay(1).atStartOfDay(zone).toOffsetDateTime();
		}
		catch (DateTimeException ex) {
			throw new IllegalArgumentException("Cannot place " + yearMonth + " in time zone " + zone, ex);
		}
	}

	/** {@code YYYY-MM}, as in directory names, CSVs and on the command line. */
	public static String format(YearMonth month) {
		return month.format(ISO_MONTH);
	}

	@Override
	public String toString() {
		return format(month);
	}

}
