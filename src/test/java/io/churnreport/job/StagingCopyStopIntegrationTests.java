package io.churnreport.job;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.churnreport.extract.InvoiceHistory;
import io.churnreport.extract.SourceQuery;
import io.churnreport.extract.StagingCopy;
import io.churnreport.extract.StagingPartitions;
import io.churnreport.month.ReportingMonth;
import io.churnreport.support.FixtureInstallation;
import io.churnreport.support.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An extract looks for a stop request every 50,000 rows while its transaction's connection is
 * busy copying into staging: the question must go on another connection, or the copy waits for
 * itself forever (as it once did on any month of more than 50,000 rows).
 */
class StagingCopyStopIntegrationTests {

	private static final ReportingMonth MARCH = ReportingMonth.of("2025-03", ZoneId.of("UTC"));

	private static final int CUSTOMERS = 120_000;

	@TempDir
	Path config;

	HikariDataSource reportingPool;

	HikariDataSource billingPool;

	JdbcClient reporting;

	@BeforeEach
	void createDatabases() {
		reportingPool = pool(TestPostgres.newDatabase("stop_reporting"), true);
		billingPool = pool(TestPostgres.newDatabase("stop_billing"), false);
		Flyway.configure().dataSource(reportingPool).locations("classpath:db/migration").load().migrate();
		new ResourceDatabasePopulator(new ClassPathResource("org/springframework/batch/core/schema-postgresql.sql"))
			.execute(reportingPool);
		reporting = JdbcClient.create(reportingPool);
		reporting.sql("INSERT INTO batch_job_instance (job_instance_id, version, job_name, job_key) "
				+ "VALUES (1, 0, 'monthlyChurnJob', 'k')").update();
		reporting.sql("INSERT INTO batch_job_execution (job_execution_id, version, job_instance_id, create_time, status) "
				+ "VALUES (7, 0, 1, now(), 'STARTED')").update();
		StagingPartitions.prepare(reporting, MARCH.firstDay());
		// more customers than one stop check's worth of rows, made up by the source query itself
		FixtureInstallation.write(config.resolve("sources/billing/customers.sql"), """
				SELECT 'c' || n AS customer_id, timestamptz '2024-01-01 00:00Z' AS created_at,
				       'consumer' AS segment, 'North' AS region
				FROM generate_series(1, %d) n
				""".formatted(CUSTOMERS));
	}

	@AfterEach
	void closePools() {
		reportingPool.close();
		billingPool.close();
	}

	@Test
	@Timeout(value = 60, unit = TimeUnit.SECONDS)
	void aCopyOfMoreRowsThanTheStopCheckIntervalCompletes() {
		long copied = copyInTransaction();

		assertThat(copied).isEqualTo(CUSTOMERS);
		assertThat(reporting.sql("SELECT count(*) FROM staging.customer WHERE run_month = DATE '2025-03-01'")
			.query(Long.class)
			.single()).isEqualTo(CUSTOMERS);
	}

	@Test
	@Timeout(value = 60, unit = TimeUnit.SECONDS)
	void aStopRequestedFromElsewhereEndsTheCopyAtTheNextCheckAndStagesNothing() {
		reporting.sql("UPDATE batch_job_execution SET status = 'STOPPING' WHERE job_execution_id = 7").update();

		assertThatThrownBy(this::copyInTransaction).isInstanceOf(StagingCopy.CopyStoppedException.class)
			.hasMessage("customers extract stopped on request after 50000 rows");
		assertThat(reporting.sql("SELECT count(*) FROM staging.customer").query(Long.class).single()).isZero();
	}

	private long copyInTransaction() {
		StopRequests stopRequests = new StopRequests(reportingPool);
		return new TransactionTemplate(new DataSourceTransactionManager(reportingPool)).execute(status -> {
			try {
				return StagingCopy.copy(SourceQuery.CUSTOMERS, SourceQuery.CUSTOMERS.readOperatorSql(config), billingPool,
						DataSourceUtils.getConnection(reportingPool), MARCH, InvoiceHistory.WHOLE_HISTORY,
						() -> stopRequests.isStopping(7));
			}
			catch (java.sql.SQLException ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	private static HikariDataSource pool(String database, boolean autoCommit) {
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(TestPostgres.jdbcUrl(database));
		pool.setUsername(TestPostgres.server().username());
		pool.setAutoCommit(autoCommit);
		pool.setMaximumPoolSize(3);
		return pool;
	}

}
