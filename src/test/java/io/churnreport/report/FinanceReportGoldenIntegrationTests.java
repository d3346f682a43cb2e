package io.churnreport.report;

import java.sql.Connection;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fills the finance report for July 2025 of {@link FinanceReportIntegrationTests#FIXTURE} in a fixed
 * locale and time zone (UTC) and compares JasperReports' XML export of the filled pages with the
 * checked-in reference {@code src/test/resources/golden/finance-report-<language>.xml}. Element
 * uuids are masked: JasperReports draws random ones, once per compilation, for elements without a
 * uuid in the template and for the frames it makes of table cells, so they differ from JVM to JVM;
 * everything else (texts, positions, styles, chart images) is compared as filled.
 * <p>
 * When the XML differs, the actual one is written to
 * {@code target/golden/finance-report-<language>.xml} to be compared with the reference. After a
 * deliberate change of the template or its labels, look at the PDFs, then regenerate the references
 * with {@code ./mvnw verify -Dit.test=FinanceReportGoldenIntegrationTests -Dgolden.update=true} and
 * review the diff before committing it.
 */
class FinanceReportGoldenIntegrationTests {

	private static final ReportRenderer renderer = new ReportRenderer("finance-report", "Monthly finance report");

	private static final Pattern UUID = Pattern.compile("uuid=\"[0-9a-fA-F-]{36}\"");

	private static DataSource reporting;

	@BeforeAll
	static void createReportingDatabase() {
		reporting = FinanceReportIntegrationTests.newReportingDatabase("finance_report_golden");
	}

	@ParameterizedTest
	@ValueSource(strings = { "en", "tr", "de" })
	void filledReportEqualsTheReference(String language) throws Exception {
		String actual = fill(language);
		GoldenXml.assertEqualsReference(actual, "finance-report-" + language + ".xml");
	}

	@ParameterizedTest
	@ValueSource(strings = { "en", "tr", "de" })
	void fillingTwiceGivesTheSameXml(String language) throws Exception {
		assertThat(fill(language)).isEqualTo(fill(language));
	}

	private static String fill(String language) throws Exception {
		ReportRequest request = new ReportRequest(LocalDate.of(2025, 7, 1), FinanceReportIntegrationTests.COMPANY, "EUR",
				ZoneOffset.UTC, Locale.forLanguageTag(language), ManagementReportIntegrationTests.PSEUDONYMS);
		try (Connection connection = reporting.getConnection()) {
			return UUID.matcher(ReportRenderer.toXml(renderer.fill(connection, request))).replaceAll("uuid=\"-\"");
		}
	}

}
