package io.churnreport.job;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.configuration.support.MapJobRegistry;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.batch.core.launch.support.JobOperatorFactoryBean;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.JdbcJobRepositoryFactoryBean;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.churnreport.extract.InvoiceHistory;
import io.churnreport.extract.SourceMirror;
import io.churnreport.extract.SourceQuery;
import io.churnreport.extract.StagingCopy;
import io.churnreport.extract.StagingPartitions;
import io.churnreport.month.ReportingMonth;
import io.churnreport.support.FixtureInstallation;
import io.churnreport.support.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An extract looks for a stop request every second while its transaction's connection is busy
 * copying into staging: the question must go on another connection, or the copy waits for itself
 * forever (as it once did on any month of more than 50,000 rows). A stop cancels the source's
 * statement, so it does not wait for a source that computes for minutes before its first row, nor
 * for the sum of its whole query that a mirrored extract asks for while it stages the month.
 */
class StagingCopyStopIntegrationTests {

	private static final ReportingMonth MARCH = ReportingMonth.of("2025-03", ZoneId.of("UTC"));

	private static final int CUSTOMERS = 120_000;

	private static final String EXTRACT_STEP = "extractCustomersStep";

	@TempDir
	Path config;

	HikariDataSource reportingPool;

	HikariDataSource billingPool;

	JdbcClient reporting;

	DataSourceTransactionManager transactionManager;

	JobRepository jobRepository;

	/** The month's running execution, whose extract copies. */
	JobExecution execution;

	@BeforeEach
	void createDatabases() {
		reportingPool = pool(TestPostgres.newDatabase("stop_reporting"), true);
		billingPool = pool(TestPostgres.newDatabase("stop_billing"), false);
		Flyway.configure().dataSource(reportingPool).locations("classpath:db/migration").load().migrate();
		new ResourceDatabasePopulator(new ClassPathResource("org/springframework/batch/core/schema-postgresql.sql"))
			.execute(reportingPool);
		reporting = JdbcClient.create(reportingPool);
		transactionManager = new DataSourceTransactionManager(reportingPool);
		jobRepository = jobRepository(reportingPool, transactionManager);
		JobParameters parameters = MonthJobParameters.identifying(MARCH.month(), 1, 1);
		execution = jobRepository.createJobExecution(
				jobRepository.createJobInstance(MonthlyChurnJobConfiguration.JOB_NAME, parameters), parameters,
				new ExecutionContext());
		execution.setStatus(BatchStatus.STARTED);
		jobRepository.update(execution);
		// the extract's step, running
		StepExecution extractStep = jobRepository.createStepExecution(EXTRACT_STEP, execution);
		extractStep.setStatus(BatchStatus.STARTED);
		jobRepository.update(extractStep);
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
	void aStopRequestedFromElsewhereEndsTheCopyAndStagesNothing() throws Exception {
		requestStop();

		assertThatThrownBy(this::copyInTransaction).isInstanceOf(StagingCopy.CopyStoppedException.class)
			.hasMessageStartingWith("customers extract stopped on request");
		assertThat(reporting.sql("SELECT count(*) FROM staging.customer").query(Long.class).single()).isZero();
	}

	@Test
	@Timeout(value = 60, unit = TimeUnit.SECONDS)
	void aStopWhileTheSourceHasNotSentItsFirstRowCancelsTheSourcesStatement() throws Exception {
		// a source that computes for 10 minutes before its first row, as a whole history's aggregation can
		FixtureInstallation.write(config.resolve("sources/billing/customers.sql"), """
				SELECT 'c' || n AS customer_id, timestamptz '2024-01-01 00:00Z' AS created_at,
				       'consumer' AS segment, 'North' AS region
				FROM generate_series(1, 10) n
				WHERE (SELECT count(*) FROM pg_sleep(600)) = 1
				""");

		assertAStopWhileTheSourceSleepsEndsTheExtractWithNothingLeft(this::copyInTransaction);
	}

	@Test
	@Timeout(value = 60, unit = TimeUnit.SECONDS)
	void aStopWhileTheSourceSumsItsWholeQueryCancelsTheSumAndStagesNothing() throws Exception {
		// the rows changed since the last extract come at once; the whole query, summed to compare the
		// mirror with the source, computes for 10 minutes once slow_sum has a row
		onBilling("CREATE TABLE slow_sum (since timestamptz)");
		FixtureInstallation.write(config.resolve("sources/billing/customers.sql"), """
				SELECT 'c' || n AS customer_id, timestamptz '2024-01-01 00:00Z' AS created_at,
				       'consumer' AS segment, 'North' AS region
				FROM generate_series(1, 10) n
				WHERE CASE WHEN CAST(:changed_since AS timestamptz) = '-infinity' AND EXISTS (SELECT 1 FROM slow_sum)
				           THEN (SELECT count(*) FROM pg_sleep(600)) = 1
				           ELSE true END
				""");
		assertThat(mirrorInTransaction().checked()).isTrue();
		StagingPartitions.empty(reporting, "customer", MARCH.firstDay());
		onBilling("INSERT INTO slow_sum VALUES (now())");

		assertAStopWhileTheSourceSleepsEndsTheExtractWithNothingLeft(this::mirrorInTransaction);
	}

	/**
	 * Runs the extract until the source's statement sleeps, asks for a stop, and checks that the
	 * extract ended on it, the source's statement with it, and that nothing was staged.
	 */
	private void assertAStopWhileTheSourceSleepsEndsTheExtractWithNothingLeft(Supplier<?> extractInTransaction)
			throws Exception {
		CompletableFuture<?> extract = CompletableFuture.supplyAsync(extractInTransaction);
		JdbcClient billing = JdbcClient.create(billingPool);
		await(() -> sleepingStatements(billing) == 1);

		requestStop();

		assertThatThrownBy(() -> extract.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
			.cause()
			.isInstanceOf(StagingCopy.CopyStoppedException.class)
			.hasMessage("customers extract stopped on request");
		assertThat(sleepingStatements(billing)).isZero();
		assertThat(reporting.sql("SELECT count(*) FROM staging.customer").query(Long.class).single()).isZero();
	}

	/**
	 * As the stop command and a SIGTERM ask for it: the job operator stops the execution as stored,
	 * and its running step, which it finds in the job (which marks the execution STOPPED at once).
	 */
	private void requestStop() throws Exception {
		MapJobRegistry jobs = new MapJobRegistry();
		jobs.register(new JobBuilder(MonthlyChurnJobConfiguration.JOB_NAME, jobRepository)
			.start(new StepBuilder(EXTRACT_STEP, jobRepository)
				.tasklet((contribution, context) -> RepeatStatus.FINISHED, transactionManager)
				.build())
			.build());
		JobOperatorFactoryBean factory = new JobOperatorFactoryBean();
		factory.setJobRepository(jobRepository);
		factory.setJobRegistry(jobs);
		factory.setTransactionManager(transactionManager);
		factory.afterPropertiesSet();
		factory.getObject().stop(jobRepository.getJobExecution(execution.getId()));
	}

	/** The source statements running the sleeping query, other than this question. */
	private static long sleepingStatements(JdbcClient billing) {
		return billing.sql("""
				SELECT count(*) FROM pg_stat_activity
				WHERE state = 'active' AND query LIKE '%pg_sleep(600)%' AND pid <> pg_backend_pid()
				""").query(Long.class).single();
	}

	private static void await(BooleanSupplier condition) throws InterruptedException {
		while (!condition.getAsBoolean()) {
			Thread.sleep(100);
		}
	}

	private long copyInTransaction() {
		StopRequests stopRequests = new StopRequests(jobRepository, transactionManager);
		return new TransactionTemplate(transactionManager).execute(status -> {
			try {
				return StagingCopy.copy(SourceQuery.CUSTOMERS, SourceQuery.CUSTOMERS.readOperatorSql(config), billingPool,
						DataSourceUtils.getConnection(reportingPool), MARCH, InvoiceHistory.WHOLE_HISTORY,
						() -> stopRequests.isStopping(execution.getId()));
			}
			catch (SQLException ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	/** The month's customers through their mirror, the run asking only for what changed. */
	private SourceMirror.Extract mirrorInTransaction() {
		StopRequests stopRequests = new StopRequests(jobRepository, transactionManager);
		return new TransactionTemplate(transactionManager).execute(status -> {
			try {
				return new SourceMirror(reporting).extract(SourceQuery.CUSTOMERS,
						SourceQuery.CUSTOMERS.readOperatorSql(config), billingPool,
						DataSourceUtils.getConnection(reportingPool), MARCH, false, null,
						() -> stopRequests.isStopping(execution.getId()));
			}
			catch (SQLException ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	private void onBilling(String sql) throws SQLException {
		try (Connection connection = billingPool.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
			connection.commit();
		}
	}

	private static JobRepository jobRepository(DataSource dataSource, DataSourceTransactionManager transactionManager) {
		JdbcJobRepositoryFactoryBean factory = new JdbcJobRepositoryFactoryBean();
		factory.setDataSource(dataSource);
		factory.setTransactionManager(transactionManager);
		try {
			factory.afterPropertiesSet();
			return factory.getObject();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
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
