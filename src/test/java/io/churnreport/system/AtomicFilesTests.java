package io.churnreport.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class AtomicFilesTests {

	@TempDir
	Path directory;

	@AfterEach
	void restoreDefault() {
		AtomicFiles.usePermissions(AtomicFiles.DEFAULT_FILE_PERMISSIONS);
	}

	@Test
	void filesAreTheOwnersOnlyByDefaultAndTheDirectoriesCreatedForThemToo() throws Exception {
		Path file = directory.resolve("out/2025-03/summary.csv");

		AtomicFiles.write(file, temporary -> Files.writeString(temporary, "metric,value\n"));

		assertThat(Files.readString(file)).isEqualTo("metric,value\n");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve("out"))))
			.isEqualTo("rwx------");
	}

	@Test
	void configuredPermissionsApplyToFilesAndWithXWhereRIsToNewDirectoriesWhateverTheUmask() throws Exception {
		AtomicFiles.usePermissions("rw-rw-r--");
		Path file = directory.resolve("month/report.pdf");

		AtomicFiles.write(file, temporary -> Files.writeString(temporary, "pdf"));

		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-rw-r--");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwxrwxr-x");
	}

	@Test
	void existingDirectoriesAreLeftAsTheyAre() throws Exception {
		Path existing = Files.createDirectory(directory.resolve("out"));
		Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rwxr-xr-x"));

		AtomicFiles.write(existing.resolve("alerts.csv"), temporary -> Files.writeString(temporary, ""));

		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(existing))).isEqualTo("rwxr-xr-x");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(existing.resolve("alerts.csv"))))
			.isEqualTo("rw-------");
	}

}
