package io.churnreport.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * PostgreSQL roles on the test server, as an operator's DBA would create them for churn-report.
 * The test server trusts every local connection; a role made here must log in with its password
 * (SCRAM), so that a wrong password fails as it would on a real server.
 */
public final class TestRoles {

	private static final AtomicInteger counter = new AtomicInteger();

	private TestRoles() {
	}

	/** Creates a role that can log in with the password only, and returns its (unique) name. */
	public static synchronized String createWithPassword(String prefix, String password) {
		if (!password.matches("[A-Za-z0-9_-]+")) {
			throw new IllegalArgumentException("keep test passwords to letters, digits, - and _");
		}
		String role = prefix + "_" + ProcessHandle.current().pid() + "_" + counter.incrementAndGet();
		JdbcClient admin = admin("postgres");
		admin.sql("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'").update();
		Path hba = Path.of(admin.sql("SHOW hba_file").query(String.class).single());
		try {
			String rules = "host all " + role + " 0.0.0.0/0 scram-sha-256\nhost all " + role + " ::/0 scram-sha-256\n";
			Files.writeString(hba, rules + Files.readString(hba));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		admin.sql("SELECT pg_reload_conf()").query(Boolean.class).single();
		awaitPasswordRequired(role);
		return role;
	}

	/**
	 * What the README asks of the source databases' DBA: the role may connect to the database,
	 * use the schema and read its tables, nothing more. PUBLIC loses its default rights to connect
	 * and to use the schema, so that the role has only what is granted here.
	 */
	public static void grantReadOnly(String role, String database, String schema) {
		JdbcClient admin = admin(database);
		for (String statement : List.of("REVOKE ALL ON DATABASE " + database + " FROM PUBLIC",
				"REVOKE ALL ON SCHEMA " + schema + " FROM PUBLIC", "GRANT CONNECT ON DATABASE " + database + " TO " + role,
				"GRANT USAGE ON SCHEMA " + schema + " TO " + role,
				"GRANT SELECT ON ALL TABLES IN SCHEMA " + schema + " TO " + role)) {
			admin.sql(statement).update();
		}
	}

	/** The role owns the database: churn-report's own reporting database, which it migrates. */
	public static void makeOwner(String role, String database) {
		admin("postgres").sql("ALTER DATABASE " + database + " OWNER TO " + role).update();
	}

	private static JdbcClient admin(String database) {
		return JdbcClient.create(TestPostgres.dataSource(database));
	}

	/** The server reloads pg_hba.conf in the background: wait until the role's rule applies. */
	private static void awaitPasswordRequired(String role) {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
		while (Instant.now().isBefore(deadline)) {
			try (var connection = DriverManager.getConnection(TestPostgres.jdbcUrl("postgres"), role, "not-the-password")) {
				sleep();
			}
			catch (SQLException ex) {
				if ("28P01".equals(ex.getSQLState())) {
					return;
				}
				sleep();
			}
		}
		throw new AssertionError("the test server does not ask " + role + " for a password after reloading pg_hba.conf");
	}

	private static void sleep() {
		try {
			Thread.sleep(50);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
