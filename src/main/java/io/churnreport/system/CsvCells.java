package io.churnreport.system;

import java.math.BigDecimal;

/**
 * How every CSV file of churn-report writes a value: numbers as stored (no exponent), empty for
 * null, and text that a spreadsheet would take for a formula (starting with {@code =}, {@code +},
 * {@code -}, {@code @}, a tab or a carriage return: a billing segment {@code =HYPERLINK(...)})
 * with a single quote before it, as OWASP's advice on CSV injection has it; numbers are never
 * changed, so that {@code -12.50} stays a number.
 */
public final class CsvCells {

	/** What a spreadsheet may read as the start of a formula (OWASP, CSV injection). */
	private static final String FORMULA_STARTS = "=+-@\t\r";

	private CsvCells() {
	}

	public static String cell(Object value) {
		if (value == null) {
			return "";
		}
		if (value instanceof BigDecimal decimal) {
			return decimal.toPlainString();
		}
		if (value instanceof Number) {
			return value.toString();
		}
		return text(value.toString());
	}

	/** The text as a cell no spreadsheet evaluates: quoted with ' when it starts like a formula. */
	public static String text(String text) {
		return !text.isEmpty() && FORMULA_STARTS.indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
	}

}
