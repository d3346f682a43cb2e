package io.churnreport.system;

import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

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
			ObjectProvider<EmbeddedPostgresServer> providedServer) {
		boolean embedded = switch (properties.databaseMode()) {
			case EMBEDDED -> true;
			case EXTERNAL -> false;
			case AUTO -> !properties.anyDatabaseConfigured();
		};
		if (!embedded) {
			return DatabaseEndpoints.external(properties);
		}
		EmbeddedPostgresServer server = providedServer.getIfAvailable();
		if (server != null) {
			return DatabaseEndpoints.embedded(server, false);
		}
		if (properties.databaseMode() == ChurnProperties.DatabaseMode.AUTO) {
			log.info("No database URLs configured (CHURN_BILLING_URL, CHURN_CRM_URL, CHURN_REPORTING_URL): using the embedded PostgreSQL in {}",
					properties.embedded().dataDirectory());
		}
		server = EmbeddedPostgresServer.start(properties.embedded().dataDirectory(), List.of(BILLING, CRM, REPORTING));
		return DatabaseEndpoints.embedded(server, true);
	}

	@Bean
	@Primary
	HikariDataSource reportingDataSource(DatabaseEndpoints endpoints, ChurnProperties properties) {
		HikariDataSource dataSource = newPool(REPORTING, endpoints.reporting(), properties);
		dataSource.setMaximumPoolSize(6);
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
	 */
	private static HikariDataSource sourcePool(String name, Database database, ChurnProperties properties) {
		HikariDataSource dataSource = newPool(name, database, properties);
		dataSource.setReadOnly(true);
		dataSource.addDataSourceProperty("readOnlyMode", "always");
		dataSource.setAutoCommit(false);
		dataSource.setMaximumPoolSize(2);
		return dataSource;
	}

	private static HikariDataSource newPool(String name, Database database, ChurnProperties properties) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setPoolName(name);
		dataSource.setJdbcUrl(database.url());
		dataSource.setUsername(database.user());
		dataSource.setPassword(database.password());
		dataSource.setMinimumIdle(0);
		// timestamps without a zone are read, and months are cut, in the reporting time zone
		dataSource.setConnectionInitSql("SET TIME ZONE '" + properties.timeZone().getId() + "'");
		// fail fast with our own message instead of a pool start-up error
		dataSource.setInitializationFailTimeout(-1);
		// how long one try waits for a connection; churn.retry decides whether to try again (the pool's minimum is 250 ms)
		dataSource.setConnectionTimeout(Math.max(250, properties.retry().connectionTimeout().toMillis()));
		return dataSource;
	}

	/** Where each database is, once the embedded-or-external choice is made. */
	public record DatabaseEndpoints(Database billing, Database crm, Database reporting, EmbeddedPostgresServer server,
			boolean ownsServer) implements AutoCloseable {

		static DatabaseEndpoints embedded(EmbeddedPostgresServer server, boolean owned) {
			return new DatabaseEndpoints(embeddedDatabase(server, BILLING), embeddedDatabase(server, CRM),
					embeddedDatabase(server, REPORTING), server, owned);
		}

		private static Database embeddedDatabase(EmbeddedPostgresServer server, String name) {
			return new Database(server.jdbcUrl(name), server.username(), null);
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

		@Override
		public void close() {
			if (ownsServer) {
				server.close();
			}
		}

	}

}
