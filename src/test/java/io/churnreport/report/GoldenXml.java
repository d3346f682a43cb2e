package io.churnreport.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compares a filled report's print XML with its checked-in reference in
 * {@code src/test/resources/golden/}. With {@code -Dgolden.update=true} the reference is written
 * first (look at the PDFs, then review the diff before committing it); when the XML differs, it is
 * written to {@code target/golden/} to be compared with the reference.
 */
final class GoldenXml {

	private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");

	private static final Path ACTUAL = Path.of("target", "golden");

	private GoldenXml() {
	}

	static void assertEqualsReference(String actual, String fileName) throws IOException {
		Path golden = GOLDEN.resolve(fileName);
		if (Boolean.getBoolean("golden.update")) {
			Files.createDirectories(GOLDEN);
			Files.writeString(golden, actual, StandardCharsets.UTF_8);
		}
		String expected = Files.exists(golden) ? Files.readString(golden, StandardCharsets.UTF_8) : "";
		if (!actual.equals(expected)) {
			Files.createDirectories(ACTUAL);
			Path written = Files.writeString(ACTUAL.resolve(fileName), actual, StandardCharsets.UTF_8);
			assertThat(actual).as("the filled report differs from %s; it was written to %s (run with "
					+ "-Dgolden.update=true to accept it)", golden, written).isEqualTo(expected);
		}
	}

}
