package io.churnreport.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

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

	private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");

	private static final Path ACTUAL = Path.of("target", "golden");

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

		Path golden = GOLDEN.resolve("management-report-" + language + ".xml");
		if (Boolean.getBoolean("golden.update")) {
			Files.createDirectories(GOLDEN);
			Files.writeString(golden, actual, StandardCharsets.UTF_8);
		}
		String expected = Files.exists(golden) ? Files.readString(golden, StandardCharsets.UTF_8) : "";
		if (!actual.equals(expected)) {
			Path written = writeActual(language, actual);
			assertThat(actual).as("the filled report differs from %s; it was written to %s (run with "
					+ "-Dgolden.update=true to accept it)", golden, written).isEqualTo(expected);
		}
	}

	private static Path writeActual(String language, String xml) throws IOException {
		Files.createDirectories(ACTUAL);
		Path file = ACTUAL.resolve("management-report-" + language + ".xml");
		Files.writeString(file, xml, StandardCharsets.UTF_8);
		return file;
	}

}
