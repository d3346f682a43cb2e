package io.churnreport.system;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;


import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import io.churnreport.system.ChurnProperties.Database;

/**
 * The three databases: billing and CRM (sources, read only) and reporting (ours: job repository,
 * staging and mart; the primary data source that Flyway and Spring Batch use).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ChurnProperties.class)
public class DataSourcesConfiguration {

	private static final Logger log = LoggerFactory.getLogger(DataSourcesConfiguration.class);

	public static final String BILLING = "billing";

	public static final String CRM = "crm";

	public static final String REPORTING = "reporting";

	@Bean
	DatabaseEndpoints databaseEndpoints(ChurnProperties properties,
			ObjectProvider<EmbeddedPostgresServer> providedServer, ObjectProvider<EmbeddedDatabaseUse> use) {
		boolean embedded = switch (properties.databaseMode()) {
			case EMBEDDED -> true;
			case EXTERNAL -> false;
			case AUTO -> !properties.anyDatabaseConfigured();
		};
		DatabaseTls.validate(BILLING, properties.billing());
		DatabaseTls.validate(CRM, properties.crm());
		DatabaseTls.validate(REPORTING, properties.reporting());
		if (!embedded) {
			return DatabaseEndpoints.external(properties);
		}
		EmbeddedPostgresServer server = providedServer.getIfAvailable();
		if (server != null) {
			return DatabaseEndpoints.embedded(server, false);
		}
		Path dataDirectory = properties.embedded().dataDirectory().toAbsolutePath().normalize();
		if (use.getIfAvailable(() -> EmbeddedDatabaseUse.CREATE_WHEN_MISSING) == EmbeddedDatabaseUse.EXISTING_ONLY
				&& !EmbeddedPostgresServer.exists(dataDirectory)) {
			throw new NoEmbeddedDatabaseException(dataDirectory);
		}
		if (properties.databaseMode() == ChurnProperties.DatabaseMode.AUTO) {
			log.info("No database URLs configured (CHURN_BILLING_URL, CHURN_CRM_URL, CHURN_REPORTING_URL): using the embedded PostgreSQL in {}",
					dataDirectory);
		}
		server = EmbeddedPostgresServer.start(properties.embedded().dataDirectory(), List.of(BILLING, CRM, REPORTING));
		return DatabaseEndpoints.embedded(server, true);
	}

	@Bean
	@Primary
	HikariDataSource reportingDataSource(DatabaseEndpoints endpoints, ChurnProperties properties) {
		HikariDataSource dataSource = newPool(REPORTING, endpoints.reporting(), properties);
		// beside the job's own: two for each customer range of month-end MRR or extract running side by
		// side (churn.partitions at a time), its transaction and its questions whether to stop
		dataSource.setMaximumPoolSize(6 + 2 * properties.partitions());
		return dataSource;
	}

	@Bean
	@Qualifier(BILLING)
	HikariDataSource billingDataSource(DatabaseEndpoints endpoints, ChurnProperties properties) {
		return sourcePool(BILLING, endpoints.billing(), properties);
	}

	@Bean
	@Qualifier(CRM)
	HikariDataSource crmDataSource(DatabaseEndpoints endpoints, ChurnProperties properties) {
		return sourcePool(CRM, endpoints.crm(), properties);
	}

	/**
	 * Sources are only read: the pool is read only in every statement, and auto-commit is off so
	 * that the PostgreSQL driver streams large results with a cursor instead of loading them whole.
	 * The driver lets an extract read a source in the source's own encoding for the length of its
	 * transaction (see the extract's InvalidTextRows).
	 */
	private static HikariDataSource sourcePool(String name, Database database, ChurnProperties properties) {
		HikariDataSource dataSource = newPool(name, database, properties);
		dataSource.setReadOnly(true);
		dataSource.addDataSourceProperty("readOnlyMode", "always");
		dataSource.addDataSourceProperty("allowEncodingChanges", "true");
		dataSource.setAutoCommit(false);
		// one for each extract running side by side (churn.partitions at a time)
		dataSource.setMaximumPoolSize(Math.max(2, properties.partitions()));
		return dataSource;
	}

	private static HikariDataSource newPool(String name, Database database, ChurnProperties properties) {
		DatabasePool dataSource = new DatabasePool(name, DatabaseTls.describe(name, database));
		dataSource.setPoolName(name);
		// passwords written into the URL go to the driver as properties, as the driver would take
		// them (the URL's first), so that no log of the URL shows them
		Secrets.UrlPasswords url = Secrets.withoutPasswords(database.url());
		dataSource.setJdbcUrl(url.url());
		dataSource.setUsername(database.user());
		dataSource.setPassword(url.password() != null ? url.password() : database.password());
		DatabaseTls.driverProperties(database).forEach((property, value) -> {
			if (!property.equals("sslpassword")) {
				dataSource.addDataSourceProperty(property, value);
			}
		});
		dataSource.setSslKeyPassword(url.sslPassword() != null ? url.sslPassword() : database.sslKeyPassword());
		dataSource.setMinimumIdle(0);
		// timestamps without a zone are read, and months are cut, in the reporting time zone. SET takes
		// no bind parameter; the zone's id is a validated ZoneId, which cannot hold a quote, and is
		// quoted as a literal all the same. On the sources, whose auto-commit is off, this runs in the
		// first transaction and goes with its rollback: each extract sets the zone again for its own
		// transaction (SourceQuery.bindMonth)
		dataSource.setConnectionInitSql("SET TIME ZONE " + sqlLiteral(properties.timeZone().getId()));
		// the pool starts with the first connection asked of it and tries to open one once: a refused
		// login or a server without TLS fails at once with the driver's own error instead of after the
		// whole connection timeout; churn.retry decides whether to try again
		dataSource.setInitializationFailTimeout(1);
		// how long one try waits for a connection: the driver's login at start, the pool once started
		// (the pool's minimum is 250 ms); a loginTimeout in the URL wins over this one
		Duration connectionTimeout = properties.retry().connectionTimeout();
		dataSource.addDataSourceProperty("loginTimeout", Long.toString(Math.max(1, (connectionTimeout.toMillis() + 999) / 1000)));
		dataSource.setConnectionTimeout(Math.max(250, connectionTimeout.toMillis()));
		return dataSource;
	}

	/** A string as an SQL literal, for the one statement that cannot take a bind parameter. */
	static String sqlLiteral(String value) {
		return "'" + value.replace("'", "''") + "'";
	}

	/** Where each database is, once the embedded-or-external choice is made. */
	public record DatabaseEndpoints(Database billing, Database crm, Database reporting, EmbeddedPostgresServer server,
			boolean ownsServer) implements AutoCloseable {

		static DatabaseEndpoints embedded(EmbeddedPostgresServer server, boolean owned) {
			return new DatabaseEndpoints(embeddedDatabase(server, BILLING), embeddedDatabase(server, CRM),
					embeddedDatabase(server, REPORTING), server, owned);
		}

		private static Database embeddedDatabase(EmbeddedPostgresServer server, String name) {
			return Database.of(server.jdbcUrl(name), server.username(), null);
		}

		static DatabaseEndpoints external(ChurnProperties properties) {
			List<String> missing = new ArrayList<>();
			if (!properties.billing().isConfigured()) {
				missing.add("CHURN_BILLING_URL");
			}
			if (!properties.crm().isConfigured()) {
				missing.add("CHURN_CRM_URL");
			}
			if (!properties.reporting().isConfigured()) {
				missing.add("CHURN_REPORTING_URL");
			}
			if (!missing.isEmpty()) {
				throw new InvalidConfigurationException("Database URLs missing: " + String.join(", ", missing)
						+ ". Set all three (with _USER and _PASSWORD) to use your databases, or none of them to use the embedded PostgreSQL.");
			}
			return new DatabaseEndpoints(properties.billing(), properties.crm(), properties.reporting(), null, false);
		}

		public boolean isEmbedded() {
			return server != null;
		}

		/**
		 * One line per database for the operator: URL (passwords masked), user and TLS settings;
		 * never a password.
		 */
		public List<String> descriptions() {
			if (isEmbedded()) {
				return List.of(BILLING, CRM, REPORTING)
					.stream()
					.map(name -> name + " database: embedded PostgreSQL on port " + server.port() + " in "
							+ server.dataDirectory())
					.toList();
			}
			return List.of(describe(BILLING, billing), describe(CRM, crm), describe(REPORTING, reporting));
		}

		private static String describe(String name, Database database) {
			return name + " database: " + Secrets.maskUrl(database.url()) + " as "
					+ (database.user() == null ? "the URL's or driver's default user" : database.user())
					+ (database.password() == null ? "" : " with a password") + "; TLS: " + DatabaseTls.describe(name, database);
		}

		@Override
		public String toString() {
			return "DatabaseEndpoints" + descriptions();
		}

		@Override
		public void close() {
			if (ownsServer) {
				server.close();
			}
		}

	}

}
