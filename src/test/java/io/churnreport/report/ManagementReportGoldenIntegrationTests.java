package io.churnreport.report;

import java.sql.Connection;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fills the management report of July 2025 from the fixture of
 * {@link ManagementReportIntegrationTests} with a fixed locale (English, Turkish, German) and time zone
 * (UTC) and compares the JasperReports print XML ({@link ReportRenderer#toXml}) with the checked-in
 * {@code src/test/resources/golden/management-report-<language>.xml}: the same data must give the
 * same pages, word for word and position for position (charts included, as the images they
 * are drawn to).
 * <p>
 * When the report differs, the test writes what it got to
 * {@code target/golden/management-report-<language>.xml}; compare the two files. After an intended
 * change of the template, its labels or its styles, regenerate the reference files with
 * <pre>
 * ./mvnw verify -Dit.test='ManagementReportGoldenIntegrationTests' -Dgolden.update=true
 * </pre>
 * and review the diff before committing it.
 */
class ManagementReportGoldenIntegrationTests {

	private static final ReportRenderer renderer = new ReportRenderer(ReportRenderer.MANAGEMENT_REPORT, "Monthly churn report");

	private static DataSource reporting;

	@BeforeAll
	static void createReportingDatabase() {
		reporting = ManagementReportIntegrationTests.reportingDatabase("management_report_golden");
	}

	@ParameterizedTest
	@ValueSource(strings = { "en", "tr", "de" })
	void filledReportEqualsTheGoldenFile(String language) throws Exception {
		ReportRequest request = ManagementReportIntegrationTests.request(LocalDate.of(2025, 7, 1),
				Locale.forLanguageTag(language), ZoneOffset.UTC);
		String actual;
		try (Connection connection = reporting.getConnection()) {
			actual = ReportRenderer.toXml(renderer.fill(connection, request));
		}

		GoldenXml.assertEqualsReference(actual, "management-report-" + language + ".xml");
	}

}
