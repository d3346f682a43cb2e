package io.churnreport.bench;

import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.churnreport.bench.CopyBaseline.QueryCopy;
import io.churnreport.extract.SourceQuery;
import io.churnreport.support.FixtureInstallation;
import io.churnreport.support.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The baseline moves exactly the rows the job's extract moves: run on the fixture month after the
 * job ran it, with the same source queries and databases.
 */
class CopyBaselineIntegrationTests {

	private static final String MONTH = "2025-03";

	private static final Map<String, String> EXTRACT_STEPS = Map.of("customers", "extractCustomersStep",
			"subscriptions", "extractSubscriptionsStep", "invoices", "extractInvoicesStep", "cancellations",
			"extractCancellationsStep");

	@TempDir
	Path directory;

	@Test
	void copiesTheRowsTheJobsStagingReceivedForTheMonth() {
		FixtureInstallation installation = FixtureInstallation.create(directory);
		assertThat(installation.run("run", "--month", MONTH).exitCode()).isZero();
		JdbcClient reporting = installation.reporting();
		CopyBaseline baseline = new CopyBaseline(TestPostgres.dataSource(installation.billingDatabaseName()),
				TestPostgres.dataSource(installation.crmDatabaseName()), installation.reportingDataSource(),
				installation.configDirectory(), ZoneId.of("Europe/Istanbul"));

		baseline.createScratchTables();
		List<QueryCopy> copies = baseline.copyMonth(YearMonth.parse(MONTH), false);

		assertThat(copies).extracting(QueryCopy::query).containsExactly("customers", "subscriptions", "invoices", "cancellations");
		Map<String, Long> extracted = reporting.sql("""
				SELECT step_name, read_count FROM batch_step_execution WHERE step_name LIKE 'extract%'""")
			.query((rs, n) -> Map.entry(rs.getString("step_name"), rs.getLong("read_count")))
			.list()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
		for (QueryCopy copy : copies) {
			assertThat(copy.rows()).as(copy.query()).isPositive().isEqualTo(extracted.get(EXTRACT_STEPS.get(copy.query())));
		}
		for (SourceQuery<?> query : SourceQuery.ALL) {
			String scratch = "bench." + query.stagingTable().substring("staging.".length());
			String columns = "run_month, " + String.join(", ", query.columns());
			long inScratch = count(reporting, "SELECT count(*) FROM " + scratch);
			long kept = count(reporting, "SELECT count(*) FROM " + query.stagingTable() + " WHERE run_month = DATE '2025-03-01'");
			long quarantined = count(reporting, "SELECT count(*) FROM quality.quarantined_row WHERE run_month = DATE '2025-03-01'"
					+ " AND source = '" + query.name() + "'");
			assertThat(inScratch).as(query.name()).isEqualTo(kept + quarantined);
			// every row the job kept in staging is, value for value, among the baseline's
			assertThat(count(reporting, "SELECT count(*) FROM (SELECT " + columns + " FROM " + query.stagingTable()
					+ " WHERE run_month = DATE '2025-03-01' EXCEPT ALL SELECT " + columns + " FROM " + scratch + ") AS missing"))
				.as(query.name())
				.isZero();
		}
		long everyMonth = baseline.aggregate(YearMonth.parse(MONTH), false).rows();
		// March's month-end MRR by hand (MonthlyChurnJobFunctionalIntegrationTests): 8 customers with MRR
		assertThat(baseline.aggregate(YearMonth.parse(MONTH), true).rows()).isEqualTo(8).isLessThan(everyMonth);

		baseline.dropScratchTables();
		assertThat(count(reporting, "SELECT count(*) FROM pg_namespace WHERE nspname = 'bench'")).isZero();
	}

	private static long count(JdbcClient reporting, String sql) {
		return reporting.sql(sql).query(Long.class).single();
	}

}
