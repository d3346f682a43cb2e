package io.churnreport.support;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

import io.churnreport.system.EmbeddedPostgresServer;

/**
 * One real embedded PostgreSQL per test JVM, with a fresh database for each caller so that tests
 * do not see each other's rows.
 */
public final class TestPostgres {

	private static final AtomicInteger databaseCounter = new AtomicInteger();

	private static EmbeddedPostgresServer server;

	private TestPostgres() {
	}

	public static synchronized EmbeddedPostgresServer server() {
		if (server == null) {
			Path directory = Path.of("target", "embedded-postgres-tests", Long.toString(ProcessHandle.current().pid()));
			server = EmbeddedPostgresServer.start(directory, List.of());
			Runtime.getRuntime().addShutdownHook(new Thread(server::close));
		}
		return server;
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
