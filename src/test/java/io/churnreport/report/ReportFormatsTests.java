package io.churnreport.report;

import java.math.BigDecimal;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReportFormatsTests {

	private static final Locale TURKISH = Locale.forLanguageTag("tr-TR");

	private static final Locale GERMAN = Locale.forLanguageTag("de-DE");

	/** German puts a no-break space between the number and its percent sign. */
	private static final String NBSP = "\u00A0";

	@Test
	void putsThePercentSignWhereTheLanguageDoes() {
		assertThat(ReportFormats.percent(new BigDecimal("0.0185"), 2, Locale.ENGLISH)).isEqualTo("1.85%");
		assertThat(ReportFormats.percent(new BigDecimal("0.0185"), 2, TURKISH)).isEqualTo("%1,85");
		assertThat(ReportFormats.percent(new BigDecimal("1.0247"), 2, TURKISH)).isEqualTo("%102,47");
		assertThat(ReportFormats.percent(new BigDecimal("0.125"), 1, GERMAN)).isEqualTo("12,5" + NBSP + "%");
	}

	@Test
	void printsTheReportsPlaceholderForAMissingValue() {
		assertThat(ReportFormats.percent(null, 2, Locale.ENGLISH)).isEqualTo("–");
		assertThat(ReportFormats.percent(null, 2, TURKISH)).isEqualTo("–");
		assertThat(ReportFormats.signedPercent(null, 2, TURKISH)).isEqualTo("–");
	}

	@Test
	void roundsHalfUpAsTheFinanceFiguresDo() {
		assertThat(ReportFormats.percent(new BigDecimal("0.01125"), 2, Locale.ENGLISH)).isEqualTo("1.13%");
		assertThat(ReportFormats.percent(new BigDecimal("0.0125"), 1, Locale.ENGLISH)).isEqualTo("1.3%");
		assertThat(ReportFormats.percent(new BigDecimal("0.825"), 0, Locale.ENGLISH)).isEqualTo("83%");
	}

	@Test
	void showsOptionalDecimalsOnlyWhenThereAreAny() {
		assertThat(ReportFormats.percent(new BigDecimal("0.62"), 0, 1, Locale.ENGLISH)).isEqualTo("62%");
		assertThat(ReportFormats.percent(new BigDecimal("0.6234"), 0, 1, TURKISH)).isEqualTo("%62,3");
	}

	@Test
	void signsAChangeEitherWay() {
		assertThat(ReportFormats.signedPercent(new BigDecimal("0.0304"), 2, Locale.ENGLISH)).isEqualTo("+3.04%");
		assertThat(ReportFormats.signedPercent(new BigDecimal("-0.0041"), 2, Locale.ENGLISH)).isEqualTo("-0.41%");
		assertThat(ReportFormats.signedPercent(new BigDecimal("0.0304"), 2, TURKISH)).isEqualTo("+%3,04");
		assertThat(ReportFormats.signedPercent(new BigDecimal("-0.0041"), 2, TURKISH)).isEqualTo("-%0,41");
		assertThat(ReportFormats.signedPercent(new BigDecimal("0.0304"), 2, GERMAN)).isEqualTo("+3,04" + NBSP + "%");
		assertThat(ReportFormats.signedPercent(new BigDecimal("-0.0041"), 2, GERMAN)).isEqualTo("-0,41" + NBSP + "%");
	}

	@Test
	void neverGroupsThousandsOfPercent() {
		assertThat(ReportFormats.percent(new BigDecimal("12.345"), 1, Locale.ENGLISH)).isEqualTo("1234.5%");
	}

	@Test
	void groupsAmountsAndCountsWithTheLanguagesSeparators() {
		assertThat(ReportFormats.number(new BigDecimal("101205.15"), 2, Locale.ENGLISH)).isEqualTo("101,205.15");
		assertThat(ReportFormats.number(new BigDecimal("101205.15"), 2, TURKISH)).isEqualTo("101.205,15");
		assertThat(ReportFormats.number(1140L, 0, TURKISH)).isEqualTo("1.140");
		assertThat(ReportFormats.number(new BigDecimal("1234.56"), 2, GERMAN)).isEqualTo("1.234,56");
		assertThat(ReportFormats.number(new BigDecimal("0.125"), 2, Locale.ENGLISH)).isEqualTo("0.13");
		assertThat(ReportFormats.number(null, 0, TURKISH)).isEqualTo("–");
	}

	@Test
	void signsAChangeOfAnAmountEitherWay() {
		assertThat(ReportFormats.signedNumber(new BigDecimal("2439.75"), 2, Locale.ENGLISH)).isEqualTo("+2,439.75");
		assertThat(ReportFormats.signedNumber(new BigDecimal("-400.25"), 2, TURKISH)).isEqualTo("-400,25");
		assertThat(ReportFormats.signedNumber(18, 0, TURKISH)).isEqualTo("+18");
		assertThat(ReportFormats.signedNumber(null, 0, TURKISH)).isEqualTo("–");
	}

	@Test
	void givesTheLocalesPatternToCellsThatStayNumbers() {
		assertThat(ReportFormats.percentPattern(0, Locale.ENGLISH)).isEqualTo("#0%");
		assertThat(ReportFormats.percentPattern(0, TURKISH)).isEqualTo("%#0");
		assertThat(ReportFormats.percentPattern(0, GERMAN)).isEqualTo("#0" + NBSP + "%");
	}

}
