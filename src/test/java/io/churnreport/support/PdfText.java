package io.churnreport.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;

import static org.assertj.core.api.Assertions.assertThat;

/** The text of a PDF, as a reader would copy it out. */
public final class PdfText {

	private PdfText() {
	}

	/** One space between words, so that assertions do not depend on how PDFBox spaces columns. */
	public static String normalized(String text) {
		return text.replaceAll("[ \\t\\u00A0]+", " ").replaceAll(" ?\\R ?", "\n");
	}

	/** Every font of every page is embedded and is DejaVu Sans, so that any reader shows the same glyphs. */
	public static void assertEveryFontIsEmbeddedDejaVu(Path pdf) throws IOException {
		try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
			for (PDPage page : document.getPages()) {
				for (var name : page.getResources().getFontNames()) {
					PDFont font = page.getResources().getFont(name);
					assertThat(font.isEmbedded()).as(font.getName()).isTrue();
					assertThat(font.getName()).contains("DejaVuSans");
				}
			}
		}
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
