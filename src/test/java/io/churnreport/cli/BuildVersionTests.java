package io.churnreport.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code -V} prints the version the pom declares, on the command and on every sub-command. */
class BuildVersionTests {

	@ParameterizedTest
	@ValueSource(strings = { "-V", "run -V", "status --version", "demo -V" })
	void printsThePomsVersion(String commandLine) throws Exception {
		StringWriter out = new StringWriter();
		int exitCode = ChurnReportCommand.execute(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true),
				commandLine.split(" "));

		assertThat(exitCode).isZero();
		assertThat(out.toString().strip()).isEqualTo("churn-report " + pomVersion());
	}

	/** The project's own version: the first {@code <version>} after its artifactId. */
	private static String pomVersion() throws Exception {
		Matcher version = Pattern.compile("<artifactId>churn-report</artifactId>\\s*<version>([^<]+)</version>")
			.matcher(Files.readString(Path.of("pom.xml")));
		assertThat(version.find()).as("the pom declares the project's version").isTrue();
		return version.group(1);
	}

}
