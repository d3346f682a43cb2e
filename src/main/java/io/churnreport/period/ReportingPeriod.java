package io.churnreport.period;

import java.time.Month;
import java.time.YearMonth;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A quarter or a fiscal year: three or twelve calendar months, counted from the first month of the
 * fiscal year ({@code churn.fiscal-year-start}). A fiscal year is named by the calendar year it
 * ends in: with April as its first month, FY2026 runs from April 2025 to March 2026 and its third
 * quarter, FY2026 Q3, from October to December 2025; with January (the default) fiscal and
 * calendar years are the same.
 * @param quarter 1 to 4 for a quarter, 0 for the whole fiscal year
 */
public record ReportingPeriod(int fiscalYear, int quarter, Month fiscalYearStart) implements PeriodMonths {

	private static final Pattern QUARTER = Pattern.compile("(?:FY)?([0-9]{4})[- ]?Q([1-4])");

	private static final Pattern YEAR = Pattern.compile("(?:FY)?([0-9]{4})");

	public ReportingPeriod {
		if (quarter < 0 || quarter > 4) {
			throw new IllegalArgumentException("a fiscal year has quarters 1 to 4, not " + quarter);
		}
	}

	/**
	 * Parses a quarter: {@code 2026-Q3} (the third quarter of FY2026), also {@code FY2026-Q3} or
	 * {@code FY2026 Q3}.
	 * @throws IllegalArgumentException naming the expected form
	 */
	public static ReportingPeriod quarter(String text, Month fiscalYearStart) {
		Matcher matcher = QUARTER.matcher(text == null ? "" : text.trim().toUpperCase(Locale.ROOT));
		if (!matcher.matches()) {
			throw new IllegalArgumentException("'" + text + "' is not a quarter: write it as YYYY-QN, e.g. 2026-Q3 "
					+ "(the third quarter of fiscal year 2026)");
		}
		return new ReportingPeriod(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)), fiscalYearStart);
	}

	/**
	 * Parses a fiscal year: {@code FY2026}, also {@code 2026}.
	 * @throws IllegalArgumentException naming the expected form
	 */
	public static ReportingPeriod year(String text, Month fiscalYearStart) {
		Matcher matcher = YEAR.matcher(text == null ? "" : text.trim().toUpperCase(Locale.ROOT));
		if (!matcher.matches()) {
			throw new IllegalArgumentException("'" + text + "' is not a fiscal year: write it as FYYYYY, e.g. FY2026 "
					+ "(named by the calendar year it ends in)");
		}
		return new ReportingPeriod(Integer.parseInt(matcher.group(1)), 0, fiscalYearStart);
	}

	/** The quarter that holds the month. */
	public static ReportingPeriod quarterHolding(YearMonth month, Month fiscalYearStart) {
		return new ReportingPeriod(month.getYear(), 1, fiscalYearStart).holding(month);
	}

	/** The fiscal year that holds the month. */
	public static ReportingPeriod yearHolding(YearMonth month, Month fiscalYearStart) {
		return new ReportingPeriod(month.getYear(), 0, fiscalYearStart).holding(month);
	}

	/** The period of the same kind as this one (quarter or fiscal year) that holds the month. */
	public ReportingPeriod holding(YearMonth month) {
		int monthsIntoYear = Math.floorMod(month.getMonthValue() - fiscalYearStart.getValue(), 12);
		int year = fiscalYearStart == Month.JANUARY || month.getMonthValue() < fiscalYearStart.getValue()
				? month.getYear() : month.getYear() + 1;
		return new ReportingPeriod(year, isQuarter() ? monthsIntoYear / 3 + 1 : 0, fiscalYearStart);
	}

	public boolean isQuarter() {
		return quarter > 0;
	}

	/** The first month of the period. */
	@Override
	public YearMonth firstMonth() {
		return isQuarter() ? yearStart().plusMonths(3L * (quarter - 1)) : yearStart();
	}

	/** The last month of the period. */
	@Override
	public YearMonth lastMonth() {
		return firstMonth().plusMonths(isQuarter() ? 2 : 11);
	}

	/** The fiscal year's months up to the period's last: the year so far at the end of a quarter. */
	public PeriodMonths.YearToDate yearToDate() {
		return new PeriodMonths.YearToDate(yearStart(), lastMonth());
	}

	private YearMonth yearStart() {
		// a fiscal year that starts in January ends in the same calendar year; any other, in the next
		return YearMonth.of(fiscalYearStart == Month.JANUARY ? fiscalYear : fiscalYear - 1, fiscalYearStart);
	}

	/**
	 * The period of the same kind just before this one: FY2026 Q2 for FY2026 Q3, FY2025 Q4 for
	 * FY2026 Q1, FY2025 for FY2026.
	 */
	public ReportingPeriod previous() {
		if (isQuarter() && quarter > 1) {
			return new ReportingPeriod(fiscalYear, quarter - 1, fiscalYearStart);
		}
		return new ReportingPeriod(fiscalYear - 1, isQuarter() ? 4 : 0, fiscalYearStart);
	}

	/** The same period of the fiscal year before, e.g. FY2025 Q3 for FY2026 Q3. */
	public ReportingPeriod yearBefore() {
		return new ReportingPeriod(fiscalYear - 1, quarter, fiscalYearStart);
	}

	/** How the period is keyed in the mart and named as a directory: {@code 2026-Q3}, {@code FY2026}. */
	public String key() {
		return isQuarter() ? fiscalYear + "-Q" + quarter : "FY" + fiscalYear;
	}

	/** How readers see it: {@code FY2026 Q3}, {@code FY2026}. */
	public String label() {
		return isQuarter() ? "FY" + fiscalYear + " Q" + quarter : "FY" + fiscalYear;
	}

	@Override
	public String toString() {
		return label();
	}

}
