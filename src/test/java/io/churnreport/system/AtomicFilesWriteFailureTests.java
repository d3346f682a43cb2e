package io.churnreport.system;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A failed write leaves the previous file byte for byte and no temporary file, and says which file and why. */
class AtomicFilesWriteFailureTests {

	@TempDir
	Path directory;

	@Test
	void aDiskFullWhileWritingLeavesThePreviousFileAsItWasAndNoTemporaryFile() throws Exception {
		Path report = previousReport();
		byte[] before = Files.readAllBytes(report);

		assertThatThrownBy(() -> AtomicFiles.write(report, temporary -> {
			Files.writeString(temporary, "metric,value\ncustomers_st");
			throw new IOException("No space left on device");
		})).isInstanceOf(OutputWriteException.class)
			.hasMessage("Could not write " + report + ": No space left on device");

		assertThat(Files.readAllBytes(report)).isEqualTo(before);
		assertThat(filesIn(directory)).containsExactly(report);
	}

	@Test
	void aFailureWrappedUncheckedInsideTheWriterIsReportedTheSameWay() throws Exception {
		Path report = previousReport();
		byte[] before = Files.readAllBytes(report);

		// as a CSV printer inside a lambda reports it
		assertThatThrownBy(() -> AtomicFiles.write(report, temporary -> {
			throw new UncheckedIOException(new IOException("No space left on device"));
		})).isInstanceOf(OutputWriteException.class)
			.hasMessage("Could not write " + report + ": No space left on device");

		assertThat(Files.readAllBytes(report)).isEqualTo(before);
		assertThat(filesIn(directory)).containsExactly(report);
	}

	@Test
	void aRealFullDeviceIsReportedWithTheSystemsReason() throws Exception {
		Path full = Path.of("/dev/full");
		assumeTrue(Files.isWritable(full), "/dev/full is not available here");
		Path report = previousReport();
		byte[] before = Files.readAllBytes(report);

		// the content goes through a device that is always full: the system's own ENOSPC
		assertThatThrownBy(() -> AtomicFiles.write(report, temporary -> {
			Files.writeString(temporary, "metric,value\n");
			try (OutputStream out = Files.newOutputStream(full)) {
				out.write(new byte[64 * 1024]);
				out.flush();
			}
		})).isInstanceOf(OutputWriteException.class)
			.hasMessageStartingWith("Could not write " + report + ": ")
			.hasMessageContaining("No space left on device");

		assertThat(Files.readAllBytes(report)).isEqualTo(before);
		assertThat(filesIn(directory)).containsExactly(report);
	}

	private Path previousReport() throws IOException {
		return Files.writeString(directory.resolve("summary.csv"), "metric,value\ncustomers_start,12\n");
	}

	private static Stream<Path> filesIn(Path directory) throws IOException {
		try (Stream<Path> files = Files.list(directory)) {
			return files.toList().stream();
		}
	}

}
