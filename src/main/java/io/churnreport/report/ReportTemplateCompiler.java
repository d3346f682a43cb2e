package io.churnreport.report;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import net.sf.jasperreports.engine.JRException;
import net.sf.jasperreports.engine.JasperCompileManager;

/**
 * Compiles every {@code .jrxml} template to a {@code .jasper} file at build time (the Maven build
 * runs it after compiling the classes), so that a monthly run does not spend seconds compiling
 * its reports. {@link ReportRenderer} uses the compiled file when there is one.
 * <p>
 * Only the {@code .jrxml} files of the directory itself are reports: a template's sections, in a
 * folder of their own ({@code .section.xml}), are put into it first ({@link ReportTemplateSections}).
 */
public final class ReportTemplateCompiler {

	private ReportTemplateCompiler() {
	}

	/** Arguments: the directory with the .jrxml files, and the directory for the .jasper files. */
	public static void main(String[] args) throws IOException, JRException {
		if (args.length != 2) {
			throw new IllegalArgumentException("usage: ReportTemplateCompiler <templates directory> <output directory>");
		}
		Path templates = Path.of(args[0]);
		Path output = Path.of(args[1]);
		Files.createDirectories(output);
		List<Path> sources;
		try (Stream<Path> files = Files.list(templates)) {
			sources = files.filter(file -> file.getFileName().toString().endsWith(".jrxml")).sorted().toList();
		}
		for (Path source : sources) {
			String name = source.getFileName().toString().replaceFirst("\\.jrxml$", ".jasper");
			compile(source, output.resolve(name));
		}
	}

	private static void compile(Path source, Path compiled) throws IOException, JRException {
		String template;
		try {
			template = ReportTemplateSections.assemble(source);
		}
		catch (IOException ex) {
			throw new IOException("Could not put together the report template " + source + ": " + ex.getMessage(), ex);
		}
		try (InputStream in = new ByteArrayInputStream(template.getBytes(StandardCharsets.UTF_8));
				OutputStream out = Files.newOutputStream(compiled)) {
			JasperCompileManager.compileReportToStream(in, out);
		}
	}

}
