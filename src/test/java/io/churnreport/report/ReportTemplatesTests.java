package io.churnreport.report;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import net.sf.jasperreports.engine.DefaultJasperReportsContext;
import net.sf.jasperreports.engine.JRTemplate;
import net.sf.jasperreports.engine.JasperCompileManager;
import net.sf.jasperreports.engine.JasperReport;
import net.sf.jasperreports.engine.xml.JRXmlTemplateLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compiles every template under {@code reports/}, so that a template JasperReports 7 cannot
 * read (a 6.x file, a typo in an expression) fails the build instead of the monthly run. A
 * template is compiled with its sections put in place, as the build and the renderer do.
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
		String template = ReportTemplateSections.assemble(jrxml);
		JasperReport report = JasperCompileManager
			.compileReport(new ByteArrayInputStream(template.getBytes(StandardCharsets.UTF_8)));

		assertThat(report.getName()).isNotBlank();
	}

	/** As a run compiles a report when it finds no compiled one: from the classpath, with its sections. */
	@ParameterizedTest
	@CsvSource({ "management-report, 11, 8", "finance-report, 8, 11", "period-report, 6, 10" })
	void reportCompilesFromTheClasspathWithItsSections(String name, int sectionFiles, int detailBands) throws Exception {
		JasperReport report = ReportRenderer.compileTemplate(name, DefaultJasperReportsContext.getInstance());

		assertThat(filesEndingWith(ReportTemplateSections.SECTION_SUFFIX))
			.filteredOn(section -> section.getParent().equals(REPORTS.resolve(name)))
			.hasSize(sectionFiles);
		assertThat(report.getDetailSection().getBands()).hasSize(detailBands);
	}

	/** A section file no template includes would be a change that never reaches a report. */
	@Test
	void everySectionIsIncludedOnceByTheTemplateOfItsFolder() throws Exception {
		for (Path section : filesEndingWith(ReportTemplateSections.SECTION_SUFFIX)) {
			Path folder = section.getParent();
			Path template = folder.resolveSibling(folder.getFileName() + ".jrxml");
			String include = "<include section=\"" + REPORTS.relativize(section).toString().replace('\\', '/') + "\"/>";
			String templateText = Files.exists(template) ? Files.readString(template, StandardCharsets.UTF_8) : "";

			assertThat(templateText.split(Pattern.quote(include), -1))
				.as("lines %s in %s", include, template).hasSize(2);
		}
	}

	/** What the build compiles (sections read from reports/) is what a run would compile from the classpath. */
	@ParameterizedTest
	@MethodSource("reportTemplates")
	void templatePutTogetherFromTheClasspathIsTheOneFromTheTemplatesDirectory(Path jrxml) throws Exception {
		String fromClasspath = ReportTemplateSections.assemble(classpathText("reports/" + jrxml.getFileName()),
				sectionPath -> classpathText("reports/" + sectionPath));

		assertThat(fromClasspath).isEqualTo(ReportTemplateSections.assemble(jrxml));
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

	private static String classpathText(String resource) throws IOException {
		try (InputStream in = ReportTemplatesTests.class.getClassLoader().getResourceAsStream(resource)) {
			assertThat(in).as(resource).isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
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
