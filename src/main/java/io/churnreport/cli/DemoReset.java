package io.churnreport.cli;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import org.flywaydb.core.Flyway;

import org.springframework.boot.sql.init.AbstractScriptDatabaseInitializer;
import org.springframework.context.ConfigurableApplicationContext;

import io.churnreport.system.DataSourcesConfiguration;
import io.churnreport.system.DataSourcesConfiguration.DatabaseEndpoints;
import io.churnreport.system.EmbeddedPostgresServer;

/**
 * Empties the embedded reporting database (job repository, staging, mart) before a demo or a
 * benchmark, by dropping it and creating it again as a first start does: Flyway migrates our
 * schemas and Spring Boot creates the job repository's. Nothing of Spring Batch's is reset by
 * name, yet its execution numbers start again from 1 with the new database, so the demo's reports
 * (whose footers name the execution) and its status come out the same on every run.
 */
final class DemoReset {

	private DemoReset() {
	}

	static void clearReportingDatabase(ConfigurableApplicationContext context) {
		EmbeddedPostgresServer server = context.getBean(DatabaseEndpoints.class).server();
		if (server == null) {
			throw new IllegalStateException("The demo replaces only the embedded reporting database");
		}
		// the pool's connections go with the database; the next ones connect to the new one
		HikariPoolMXBean pool = context.getBean(HikariDataSource.class).getHikariPoolMXBean();
		if (pool != null) {
			pool.softEvictConnections();
		}
		server.dropDatabase(DataSourcesConfiguration.REPORTING);
		server.createDatabaseIfMissing(DataSourcesConfiguration.REPORTING);
		context.getBean(Flyway.class).migrate();
		context.getBeanProvider(AbstractScriptDatabaseInitializer.class)
			.orderedStream()
			.forEach(AbstractScriptDatabaseInitializer::initializeDatabase);
	}

}
