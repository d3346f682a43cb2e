package io.churnreport.system;

import java.time.Month;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * The first month of the fiscal year ({@code churn.fiscal-year-start}), given as a month number
 * (1 to 12) or an English month name ({@code april}, {@code Apr}); 1, January, by default. Spring
 * binds the setting through {@link #valueOf(String)} (or {@link #valueOf(Integer)} for a number in YAML), so that a wrong value fails the start naming
 * the key.
 */
public record FiscalYearStart(Month month) {

	public static final FiscalYearStart JANUARY = new FiscalYearStart(Month.JANUARY);

	public FiscalYearStart {
		if (month == null) {
			throw new IllegalArgumentException("the first month of the fiscal year is missing");
		}
	}

	/**
	 * Reads {@code 4}, {@code 04}, {@code april}, {@code APRIL} or {@code Apr}.
	 * @throws IllegalArgumentException saying what is accepted
	 */
	public static FiscalYearStart valueOf(String text) {
		String given = text == null ? "" : text.trim();
		if (given.matches("[0-9]{1,2}")) {
			int number = Integer.parseInt(given);
			if (number >= 1 && number <= 12) {
				return new FiscalYearStart(Month.of(number));
			}
		}
		for (Month month : Month.values()) {
			if (month.name().equalsIgnoreCase(given)
					|| month.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).equalsIgnoreCase(given)) {
				return new FiscalYearStart(month);
			}
		}
		throw new IllegalArgumentException("'" + text + "' is not a month: give the fiscal year's first month as a "
				+ "number from 1 to 12 or an English month name, e.g. 4 or april");
	}

	/** A month number as YAML gives it ({@code fiscal-year-start: 4}). */
	public static FiscalYearStart valueOf(Integer number) {
		return valueOf(String.valueOf(number));
	}

	@Override
	public String toString() {
		return month.getDisplayName(TextStyle.FULL, Locale.ENGLISH);
	}

}
