package io.churnreport.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.TestAssertion;
import org.verapdf.pdfa.results.ValidationResult;

import static org.assertj.core.api.Assertions.assertThat;

/** What veraPDF, the PDF/A validator archives use, says of a PDF. */
public final class PdfA {

	static {
		VeraGreenfieldFoundryProvider.initialise();
	}

	private PdfA() {
	}

	/** The PDF conforms to PDF/A-2b; else the failed rules are the assertion's message. */
	public static void assertPdfA2b(Path pdf) throws Exception {
		PDFAFlavour flavour = PDFAFlavour.PDFA_2_B;
		try (InputStream in = Files.newInputStream(pdf);
				PDFAParser parser = Foundries.defaultInstance().createParser(in, flavour);
				PDFAValidator validator = Foundries.defaultInstance().createValidator(flavour, false)) {
			ValidationResult result = validator.validate(parser);
			String failures = result.getTestAssertions()
				.stream()
				.filter(assertion -> assertion.getStatus() != TestAssertion.Status.PASSED)
				.map(assertion -> assertion.getRuleId().getClause() + "-" + assertion.getRuleId().getTestNumber() + " "
						+ assertion.getMessage())
				.distinct()
				.collect(Collectors.joining("\n"));
			assertThat(result.isCompliant()).as("%s is PDF/A-2b; veraPDF found:%n%s", pdf, failures).isTrue();
		}
		catch (IOException ex) {
			throw new AssertionError("Cannot read " + pdf, ex);
		}
	}

}
