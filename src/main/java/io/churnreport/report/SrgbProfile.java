package io.churnreport.report;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The sRGB colour profile an archival (PDF/A) report declares as its output intent. The Java
 * runtime holds one; the PDF exporter reads a profile from a location, so it is written once per
 * process to a temporary file, removed when the process ends.
 */
final class SrgbProfile {

	private static volatile Path file;

	private SrgbProfile() {
	}

	/** Where the profile can be read from. */
	static String location() {
		Path known = file;
		if (known == null) {
			synchronized (SrgbProfile.class) {
				known = file;
				if (known == null) {
					known = write();
					file = known;
				}
			}
		}
		return known.toString();
	}

	private static Path write() {
		try {
			Path written = Files.createTempFile("churn-report-srgb-", ".icc");
			written.toFile().deleteOnExit();
			Files.write(written, ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData());
			return written;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the sRGB colour profile of the PDF/A reports to the "
					+ "temporary directory (" + System.getProperty("java.io.tmpdir") + "): " + ex.getMessage()
					+ ". Make it writable, or point java.io.tmpdir at a writable directory.", ex);
		}
	}

}
