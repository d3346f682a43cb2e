package io.churnreport.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code init-config} writes the built-in configuration, which is the repository's config/
 * without deploy/, and never writes over an operator's files.
 */
class InitConfigCommandTests {

	@TempDir
	Path directory;

	@Test
	void writesTheRepositorysConfigurationWithoutItsDeploymentExamples() throws IOException {
		Path target = directory.resolve("my-config");

		Result result = initConfig(target.toString());

		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out()).contains("Wrote the built-in configuration (" + filesOf(Path.of("config")).size()
				+ " files) into " + target);
		assertThat(filesOf(target)).isEqualTo(filesOf(Path.of("config"))).contains(Path.of("application.yml"),
				Path.of("sources", "billing", "customers.sql"), Path.of("sources", "crm", "cancellations.sql"));
		for (Path file : filesOf(target)) {
			assertThat(target.resolve(file)).as(file.toString()).hasSameBinaryContentAs(Path.of("config").resolve(file));
		}
	}

	@Test
	void refusesADirectoryThatHoldsAnything() throws IOException {
		Path target = Files.createDirectories(directory.resolve("config"));
		Files.writeString(target.resolve("application.yml"), "churn:\n  company-name: Mine\n");

		Result result = initConfig(target.toString());

		assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_CONFIGURATION);
		assertThat(result.err()).contains(target + " is not empty: give init-config a new or empty directory.");
		assertThat(target.resolve("application.yml")).hasContent("churn:\n  company-name: Mine\n");
		assertThat(filesOf(target)).containsExactly(Path.of("application.yml"));
	}

	/** The regular files under the directory, relative to it, without the deployment examples. */
	private static List<Path> filesOf(Path root) throws IOException {
		try (Stream<Path> files = Files.walk(root)) {
			return files.filter(Files::isRegularFile)
				.map(root::relativize)
				.filter(file -> !file.startsWith("deploy"))
				.sorted()
				.toList();
		}
	}

	private static Result initConfig(String target) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exitCode = ChurnReportCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), "init-config",
				target);
		return new Result(exitCode, out.toString(), err.toString());
	}

	private record Result(int exitCode, String out, String err) {
	}

}
