package io.churnreport.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts the sections of a report template back into it before it is compiled. A long template
 * keeps each of its sections in a file of its own ({@code reports/<report>/<section>.section.xml}),
 * so that one section can be changed without scrolling through the others; the template names it
 * where it goes, on a line of its own:
 * <pre>
 * 		&lt;include section="management-report/summary.section.xml"/&gt;
 * </pre>
 * A section file is an XML document whose {@code <section>} root holds, line for line, the text
 * that takes the place of that line: bands in {@code <detail>}, or elements in a frame. The text
 * is copied as it is, without parsing and writing the XML again, so the template put together is
 * the very template it was before it was split (comments, CDATA and indentation included) and the
 * filled report stays the same. Sections do not include other sections.
 * <p>
 * JasperReports' subreports would keep sections apart too, but they are filled as reports of
 * their own: the filled pages would name them as the origin of their elements, and the fields of
 * the report's own query would have to be handed down to each. Inlining keeps one report.
 * <p>
 * Used at build time by {@link ReportTemplateCompiler} (sections read from the templates
 * directory) and at run time by {@link ReportRenderer} when it compiles a template itself
 * (sections read from the classpath, beside the template).
 */
public final class ReportTemplateSections {

	/** What a section file ends in; such a file is never compiled as a report of its own. */
	public static final String SECTION_SUFFIX = ".section.xml";

	/** The include line: indentation, the element, the line break (all replaced by the section). */
	private static final Pattern INCLUDE = Pattern.compile("(?m)^[ \\t]*<include section=\"([^\"]*)\"\\s*/>[ \\t]*(?:\\r?\\n|\\z)");

	/** An include left over (two on one line, one in a section): refused rather than left to the compiler. */
	private static final Pattern LEFT_OVER_INCLUDE = Pattern.compile("<include\\s+section=");

	/** The section's text: from the line after {@code <section>} to the line of {@code </section>}. */
	private static final Pattern SECTION_BODY = Pattern.compile("(?ms)^<section>[ \\t]*\\r?\\n(.*?)^</section>\\s*\\z");

	/** Reads a section by the path the template names it with, relative to the template's directory. */
	@FunctionalInterface
	public interface SectionReader {

		String read(String sectionPath) throws IOException;

	}

	private ReportTemplateSections() {
	}

	/**
	 * The template read from {@code templateFile} with its sections, read from the same directory,
	 * put in place.
	 */
	public static String assemble(Path templateFile) throws IOException {
		Path directory = templateFile.toAbsolutePath().getParent();
		String template = Files.readString(templateFile, StandardCharsets.UTF_8);
		return assemble(template,
				sectionPath -> Files.readString(directory.resolve(sectionPath).normalize(), StandardCharsets.UTF_8));
	}

	/**
	 * The template with each include line replaced by the named section's text; a template
	 * without includes is returned as it is.
	 * @throws IOException when a section cannot be read or is not a {@code <section>} document
	 */
	public static String assemble(String template, SectionReader sections) throws IOException {
		StringBuilder assembled = new StringBuilder(template.length() * 4);
		Matcher include = INCLUDE.matcher(template);
		int copiedUpTo = 0;
		while (include.find()) {
			String sectionPath = include.group(1);
			assembled.append(template, copiedUpTo, include.start()).append(body(sectionPath, sections.read(sectionPath)));
			copiedUpTo = include.end();
		}
		assembled.append(template, copiedUpTo, template.length());
		Matcher leftOver = LEFT_OVER_INCLUDE.matcher(assembled);
		if (leftOver.find()) {
			int line = (int) assembled.subSequence(0, leftOver.start()).chars().filter(c -> c == '\n').count() + 1;
			throw new IOException("an <include> that is not a line <include section=\"...\"/> of its own, or one in a "
					+ "section (line " + line + " of the template put together)");
		}
		return assembled.toString();
	}

	private static String body(String sectionPath, String section) throws IOException {
		if (!sectionPath.endsWith(SECTION_SUFFIX)) {
			throw new IOException("section " + sectionPath + " does not end in " + SECTION_SUFFIX);
		}
		Matcher body = SECTION_BODY.matcher(section);
		if (!body.find()) {
			throw new IOException("section " + sectionPath + " does not have its text between a line <section> and "
					+ "a last line </section>");
		}
		return body.group(1);
	}

}
