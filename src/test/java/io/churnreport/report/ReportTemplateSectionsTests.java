package io.churnreport.report;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

class ReportTemplateSectionsTests {

	private static final String TEMPLATE = """
			<jasperReport name="r">
				<detail>
					<!-- one -->
					<include section="r/one.section.xml"/>
					<band height="10">
						<element kind="frame">
							<include section="r/two.section.xml"/>
						</element>
					</band>
				</detail>
			</jasperReport>
			""";

	private static final String ONE = """
			<?xml version="1.0" encoding="UTF-8"?>
			<!-- the first band -->
			<section>
					<band height="20">
						<element kind="staticText"><text><![CDATA[<one> & "one"]]></text></element>
					</band>
			</section>
			""";

	private static final String TWO = """
			<?xml version="1.0" encoding="UTF-8"?>
			<section>
							<element kind="line"/>
			</section>""";

	@Test
	void includeLinesAreReplacedBySectionsWordForWord() throws IOException {
		String assembled = ReportTemplateSections.assemble(TEMPLATE, sections(Map.of("r/one.section.xml", ONE,
				"r/two.section.xml", TWO)));

		assertThat(assembled).isEqualTo("""
				<jasperReport name="r">
					<detail>
						<!-- one -->
						<band height="20">
							<element kind="staticText"><text><![CDATA[<one> & "one"]]></text></element>
						</band>
						<band height="10">
							<element kind="frame">
								<element kind="line"/>
							</element>
						</band>
					</detail>
				</jasperReport>
				""");
	}

	@Test
	void templateWithoutIncludesIsLeftAsItIs() throws IOException {
		String template = "<jasperReport name=\"r\">\n\t<!-- <section> -->\n</jasperReport>\n";

		assertThat(ReportTemplateSections.assemble(template, sections(Map.of()))).isEqualTo(template);
	}

	@Test
	void missingSectionFailsWithItsName() {
		assertThatIOException().isThrownBy(() -> ReportTemplateSections.assemble(TEMPLATE, sections(Map.of())))
			.withMessageContaining("r/one.section.xml");
	}

	@Test
	void sectionWithoutItsSectionLinesIsRefused() {
		assertThatIOException()
			.isThrownBy(() -> ReportTemplateSections.assemble(TEMPLATE,
					sections(Map.of("r/one.section.xml", "<band height=\"20\"/>\n", "r/two.section.xml", TWO))))
			.withMessageContaining("r/one.section.xml");
	}

	@Test
	void sectionIncludingAnotherIsRefused() {
		String nesting = "<section>\n\t<include section=\"r/two.section.xml\"/>\n</section>\n";

		assertThatIOException()
			.isThrownBy(() -> ReportTemplateSections.assemble(TEMPLATE,
					sections(Map.of("r/one.section.xml", nesting, "r/two.section.xml", TWO))))
			.withMessageContaining("line 4");
	}

	@Test
	void includeSharingItsLineIsRefusedRatherThanLeftForTheCompiler() {
		String template = "<detail><include section=\"r/two.section.xml\"/></detail>\n";

		assertThatIOException()
			.isThrownBy(() -> ReportTemplateSections.assemble(template, sections(Map.of("r/two.section.xml", TWO))))
			.withMessageContaining("line 1");
	}

	@Test
	void onlySectionFilesAreIncluded() {
		String template = "\t<include section=\"r/other.jrxml\"/>\n";

		assertThatIOException()
			.isThrownBy(() -> ReportTemplateSections.assemble(template, sections(Map.of("r/other.jrxml", TWO))))
			.withMessageContaining(".section.xml");
	}

	private static ReportTemplateSections.SectionReader sections(Map<String, String> byPath) {
		return sectionPath -> {
			String section = byPath.get(sectionPath);
			if (section == null) {
				throw new NoSuchFileException(sectionPath);
			}
			return section;
		};
	}

}
