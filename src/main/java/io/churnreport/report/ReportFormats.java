package io.churnreport.report;

import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.NumberFormat;
import java.util.Locale;

/**
 * How the PDF templates print percentages, amounts and counts: with the report locale's own
 * formats, so that where the percent sign goes and which separators are used follow the language
 * ({@code 1.85%} and {@code 1,140.50} in English, {@code %1,85} and {@code 1.140,50} in Turkish,
 * {@code 1,85 %} with a no-break space and {@code 1.140,50} in German)
 * instead of a pattern repeated in every field. The templates call it as
 * {@code io.churnreport.report.ReportFormats.percent($F{rate}, 2, $P{REPORT_LOCALE})}.
 * <p>
 * Percentages are given as fractions ({@code 0.0185} is 1.85 %). Everything is rounded half up,
 * as the finance figures are.
 */
public final class ReportFormats {

	/** What the reports print for a value that is missing. */
	public static final String MISSING = "–";

	private ReportFormats() {
	}

	/** A fraction as a percentage with exactly {@code decimals} decimals; {@link #MISSING} for null. */
	public static String percent(Number fraction, int decimals, Locale locale) {
		return percent(fraction, decimals, decimals, locale);
	}

	/**
	 * A fraction as a percentage with at least {@code minDecimals} and at most {@code maxDecimals}
	 * decimals; {@link #MISSING} for null.
	 */
	public static String percent(Number fraction, int minDecimals, int maxDecimals, Locale locale) {
		if (fraction == null) {
			return MISSING;
		}
		return percentFormat(minDecimals, maxDecimals, locale).format(fraction);
	}

	/**
	 * A change as a percentage that always shows its sign ({@code +3.04%}, {@code -0.41%};
	 * {@code +%3,04} in Turkish); {@link #MISSING} for null.
	 */
	public static String signedPercent(Number fraction, int decimals, Locale locale) {
		if (fraction == null) {
			return MISSING;
		}
		DecimalFormat format = percentFormat(decimals, decimals, locale);
		// the locale's formats only mark negatives; a change also marks a rise, ahead of the locale's own prefix
		format.setPositivePrefix("+" + format.getPositivePrefix());
		return format.format(fraction);
	}

	/**
	 * An amount or a count in the locale's number format, thousands grouped, with exactly
	 * {@code decimals} decimals ({@code 1,140.50}, {@code 1.140,50} in Turkish); {@link #MISSING}
	 * for null.
	 */
	public static String number(Number value, int decimals, Locale locale) {
		if (value == null) {
			return MISSING;
		}
		return numberFormat(decimals, locale).format(value);
	}

	/** A change of an amount or a count that always shows its sign ({@code +1,500.50}, {@code -400}); {@link #MISSING} for null. */
	public static String signedNumber(Number value, int decimals, Locale locale) {
		if (value == null) {
			return MISSING;
		}
		DecimalFormat format = numberFormat(decimals, locale);
		format.setPositivePrefix("+" + format.getPositivePrefix());
		return format.format(value);
	}

	/**
	 * The locale's percent pattern with {@code decimals} decimals ({@code #0%} in English,
	 * {@code %#0} in Turkish), for a text field that keeps its number and is formatted by the
	 * report itself (a crosstab cell, whose printed value stays a number).
	 */
	public static String percentPattern(int decimals, Locale locale) {
		// read back once more: without grouping the locale's pattern keeps its grouping's width (###0%)
		return new DecimalFormat(percentFormat(decimals, decimals, locale).toPattern()).toPattern();
	}

	/**
	 * The locale's percent format with {@code decimals} decimals, for what formats on its own
	 * (a chart's value axis, {@link PercentAxisCustomizer}).
	 */
	public static NumberFormat percentFormat(int decimals, Locale locale) {
		return percentFormat(decimals, decimals, locale);
	}

	private static DecimalFormat numberFormat(int decimals, Locale locale) {
		DecimalFormat format = (DecimalFormat) NumberFormat.getNumberInstance(locale == null ? Locale.ENGLISH : locale);
		format.setMinimumFractionDigits(decimals);
		format.setMaximumFractionDigits(decimals);
		format.setRoundingMode(RoundingMode.HALF_UP);
		return format;
	}

	private static DecimalFormat percentFormat(int minDecimals, int maxDecimals, Locale locale) {
		// a new instance per call: formats are not thread-safe and reports may be filled in parallel
		DecimalFormat format = (DecimalFormat) NumberFormat.getPercentInstance(locale == null ? Locale.ENGLISH : locale);
		format.setMinimumFractionDigits(minDecimals);
		format.setMaximumFractionDigits(maxDecimals);
		format.setRoundingMode(RoundingMode.HALF_UP);
		// the reports never grouped percentages (1234.5%), and a rate above 999 % is rare enough
		format.setGroupingUsed(false);
		return format;
	}

}
