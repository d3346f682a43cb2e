package io.churnreport.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

import io.churnreport.system.EmbeddedPostgresServer;

/**
 * One real embedded PostgreSQL per test JVM, with a fresh database for each caller so that tests
 * do not see each other's rows. The server is the application's own version, or the one whose
 * binaries jar the system property {@value #BINARIES} names (the build runs some tests again on
 * the oldest version supported: see pom.xml).
 */
public final class TestPostgres {

	/** The system property naming a jar of other PostgreSQL binaries for the tests' server. */
	static final String BINARIES = "churn.test.postgres-binaries";

	private static final AtomicInteger databaseCounter = new AtomicInteger();

	private static EmbeddedPostgresServer server;

	private TestPostgres() {
	}

	public static synchronized EmbeddedPostgresServer server() {
		if (server == null) {
			Path servers = Path.of("target", "embedded-postgres-tests");
			removeServersOfEndedJvms(servers);
			Path directory = servers.resolve(Long.toString(ProcessHandle.current().pid()));
			String binaries = System.getProperty(BINARIES, "");
			server = EmbeddedPostgresServer.start(directory, List.of(),
					binaries.isBlank() ? null : new PostgresBinariesJar(Path.of(binaries)));
			// the directory is left to the next test JVM: deleting the gigabytes of a whole build took
			// longer than the 30 s the build gives a test JVM to end, which it then killed
			Runtime.getRuntime().addShutdownHook(new Thread(server::close));
		}
		return server;
	}

	/**
	 * A test JVM's server holds gigabytes after a whole build, and its directory, named by its pid,
	 * stays when the JVM ends: the directories of ended JVMs are deleted while this one's tests run
	 * (what is left when it ends, the next one deletes). A JVM killed with SIGKILL left its server
	 * running, which is stopped first.
	 */
	private static void removeServersOfEndedJvms(Path servers) {
		if (!Files.isDirectory(servers)) {
			return;
		}
		List<Path> ended;
		try (Stream<Path> directories = Files.list(servers)) {
			ended = directories.filter(directory -> !isLiveJvm(directory.getFileName().toString())).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		ended.forEach(TestPostgres::stopOrphanedServer);
		Thread remover = new Thread(() -> ended.forEach(TestPostgres::delete), "test-postgres-remover");
		remover.setDaemon(true);
		remover.start();
	}

	/** A JVM killed with SIGKILL leaves its server running: its first line of postmaster.pid names it. */
	private static void stopOrphanedServer(Path directory) {
		try (Stream<String> lines = Files.lines(directory.resolve("postmaster.pid"))) {
			lines.findFirst()
				.flatMap(line -> ProcessHandle.of(Long.parseLong(line.trim())))
				// the pid may have been given to another program since
				.filter(process -> process.info().command().orElse("").endsWith("postgres"))
				.ifPresent(postmaster -> {
					postmaster.destroy();
					postmaster.onExit().join();
				});
		}
		catch (IOException | RuntimeException ex) {
			// no server was left running there
		}
	}

	private static boolean isLiveJvm(String pid) {
		try {
			return ProcessHandle.of(Long.parseLong(pid)).isPresent();
		}
		catch (NumberFormatException ex) {
			return true;
		}
	}

	private static void delete(Path directory) {
		try (Stream<Path> files = Files.walk(directory)) {
			files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
		}
		catch (IOException | UncheckedIOException ex) {
			// what cannot be removed now is removed by the next test JVM
		}
	}

	/** Creates an empty database with a unique name starting with the prefix and returns its name. */
	public static String newDatabase(String prefix) {
		String name = prefix + "_" + databaseCounter.incrementAndGet();
		server().createDatabaseIfMissing(name);
		return name;
	}

	public static String jdbcUrl(String database) {
		return server().jdbcUrl(database);
	}

	public static DataSource dataSource(String database) {
		return server().adminDataSource(database);
	}

	/** A new reporting database with every migration applied, as the job finds it after start-up. */
	public static DataSource migratedReportingDatabase(String prefix) {
		DataSource dataSource = dataSource(newDatabase(prefix));
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
		return dataSource;
	}

}
