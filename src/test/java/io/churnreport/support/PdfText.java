package io.churnreport.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

/** The text of a PDF, as a reader would copy it out. */
public final class PdfText {

	private PdfText() {
	}

	/** One space between words, so that assertions do not depend on how PDFBox spaces columns. */
	public static String normalized(String text) {
		return text.replaceAll("[ \\t\\u00A0]+", " ").replaceAll(" ?\\R ?", "\n");
	}

	public static String of(Path pdf) {
		try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
			return new PDFTextStripper().getText(document);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
