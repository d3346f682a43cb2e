package io.churnreport.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import net.sf.jasperreports.engine.JRTemplate;
import net.sf.jasperreports.engine.JasperCompileManager;
import net.sf.jasperreports.engine.JasperReport;
import net.sf.jasperreports.engine.xml.JRXmlTemplateLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compiles every template under {@code reports/}, so that a template JasperReports 7 cannot
 * read (a 6.x file, a typo in an expression) fails the build instead of the monthly run.
 */
class ReportTemplatesTests {

	private static final Path REPORTS = Path.of("reports");

	@Test
	void reportsDirectoryHoldsTheManagementReport() {
		assertThat(filesEndingWith(".jrxml")).contains(REPORTS.resolve("management-report.jrxml"));
	}

	@ParameterizedTest
	@MethodSource("reportTemplates")
	void reportTemplateCompiles(Path jrxml) throws Exception {
		JasperReport report = JasperCompileManager.compileReport(jrxml.toString());

		assertThat(report.getName()).isNotBlank();
	}

	@ParameterizedTest
	@MethodSource("styleTemplates")
	void styleTemplateLoads(Path jrtx) {
		JRTemplate template = JRXmlTemplateLoader.load(jrtx.toFile());

		assertThat(template.getStyles()).isNotEmpty();
	}

	static List<Path> reportTemplates() {
		return filesEndingWith(".jrxml");
	}

	static List<Path> styleTemplates() {
		return filesEndingWith(".jrtx");
	}

	private static List<Path> filesEndingWith(String extension) {
		try (Stream<Path> files = Files.walk(REPORTS)) {
			return files.filter((file) -> file.getFileName().toString().endsWith(extension)).sorted().toList();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not list " + REPORTS.toAbsolutePath(), ex);
		}
	}

}
