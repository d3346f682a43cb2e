package io.churnreport.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code churn-report generate-completion} writes a script that bash loads and completes with. */
class ShellCompletionTests {

	@Test
	void bashCompletesCommandsAndTheirOptionsWithTheGeneratedScript(@TempDir Path directory) throws Exception {
		StringWriter script = new StringWriter();
		int exitCode = ChurnReportCommand.execute(new PrintWriter(script, true), new PrintWriter(new StringWriter(), true),
				"generate-completion");
		assertThat(exitCode).isZero();
		Path file = directory.resolve("churn-report-completion.sh");
		Files.writeString(file, script.toString());

		assertThat(complete(file, "churn-report", "che")).isEqualTo("check-config");
		assertThat(complete(file, "churn-report", "status", "--j")).isEqualTo("--json");
		assertThat(complete(file, "churn-report", "ren")).isEqualTo("render");
		assertThat(complete(file, "churn-report", "render", "--lo")).isEqualTo("--locale");
	}

	/** What bash offers for the last word, as the completion function sets COMPREPLY. */
	private static String complete(Path script, String... words) throws Exception {
		String line = String.join(" ", words);
		String bash = "source '" + script + "'; COMP_WORDS=(" + line + "); COMP_CWORD=" + (words.length - 1)
				+ "; COMP_LINE='" + line + "'; COMP_POINT=" + line.length()
				+ "; _complete_churn-report 2>/dev/null; printf '%s' \"${COMPREPLY[*]}\"";
		Process process = new ProcessBuilder("bash", "-c", bash).redirectErrorStream(false).start();
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		return new String(process.getInputStream().readAllBytes()).strip();
	}

}
