package io.churnreport.extract;

import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.churnreport.month.MonthContext;
import io.churnreport.month.ReportingMonth;
import io.churnreport.support.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the reports show of a month's extract, kept in the mart: by the month's calculation, and by
 * the migration that brought the tables for the month whose staging was still there.
 * <p>
 * March 2025 in Europe/Istanbul (UTC+3) runs from 2025-02-28 21:00 UTC to 2025-03-31 21:00 UTC, in
 * EUR. Staged: 2 customers, 1 subscription period, 5 invoices and 1 more quarantined (6 extracted),
 * no cancellation. Issued in March: i1 (EUR 100.00, unpaid), i2 (no currency, so EUR, 20.50, paid),
 * i3 (USD 50.00 at 0.90 = 45.00, paid), i4 (GBP 10.00 without a rate, unpaid); i5 was issued in
 * February in Istanbul. EUR: 2 invoices, 1 unpaid, 120.50, rate 1; GBP: 1, 1 unpaid, 1 without a
 * rate, 10.00, no rate, nothing converted; USD: 1, 0 unpaid, 50.00, 0.90, 45.00 (unrounded: the
 * scales of amount and rate added). Invoices were
 * extracted since 2025-01-31 21:00 UTC, 1 February in Istanbul.
 */
class MonthExtractCalculationIntegrationTests {

	private static final ReportingMonth MARCH = new ReportingMonth(YearMonth.of(2025, 3), ZoneId.of("Europe/Istanbul"));

	private static final List<String> MARCH_KEPT = List.of(
			"mart.month_source_extract|2025-03-01|cancellations|0|",
			"mart.month_source_extract|2025-03-01|customers|2|",
			"mart.month_source_extract|2025-03-01|invoices|6|2025-02-01",
			"mart.month_source_extract|2025-03-01|subscriptions|1|",
			"mart.month_invoices_by_currency|2025-03-01|EUR|2|1|0|120.5000|1|120.5000",
			"mart.month_invoices_by_currency|2025-03-01|GBP|1|1|1|10.0000||",
			"mart.month_invoices_by_currency|2025-03-01|USD|1|0|0|50.0000|0.9000000000|45.00000000000000",
			"mart.month_fx_rate|2025-03-01|USD|0.9000000000|0.9200000000");

	private static final String STAGED_MARCH = """
			INSERT INTO staging.customer (run_month, customer_id) VALUES ('2025-03-01', 'c1'), ('2025-03-01', 'c2');
			INSERT INTO staging.subscription_period (run_month, subscription_id, customer_id, valid_from, amount,
			        interval_months, is_trial) VALUES
			 ('2025-03-01', 's1', 'c1', '2025-01-01T00:00:00Z', 10, 1, false);
			INSERT INTO staging.invoice (run_month, invoice_id, customer_id, issued_at, amount, currency, paid_at) VALUES
			 ('2025-03-01', 'i1', 'c1', '2025-02-28T21:00:00Z', 100.00, 'EUR', NULL),
			 ('2025-03-01', 'i2', 'c1', '2025-03-10T10:00:00Z', 20.50, NULL, '2025-03-11T10:00:00Z'),
			 ('2025-03-01', 'i3', 'c2', '2025-03-31T20:59:59Z', 50.00, 'USD', '2025-04-01T10:00:00Z'),
			 ('2025-03-01', 'i4', 'c2', '2025-03-15T10:00:00Z', 10.00, 'GBP', NULL),
			 ('2025-03-01', 'i5', 'c2', '2025-02-28T20:59:59Z', 7000.00, 'EUR', NULL);
			INSERT INTO quality.quarantined_row (run_month, source, rule, source_row) VALUES
			 ('2025-03-01', 'invoices', 'unknown_customer', '{}');
			INSERT INTO staging.invoice_extract (run_month, changed_since) VALUES ('2025-03-01', '2025-01-31T21:00:00Z');
			INSERT INTO staging.fx_rate (run_month, month, currency, rate) VALUES
			 ('2025-03-01', '2025-02-01', 'USD', 0.92),
			 ('2025-03-01', '2025-03-01', 'USD', 0.90);
			""";

	@Test
	void keepsTheRowsPerSourceTheInvoicesByCurrencyAndTheRatesOfTheMonthAndReplacesThemWhenRunAgain() {
		JdbcClient reporting = JdbcClient.create(TestPostgres.migratedReportingDatabase("month_extract"));
		StagingPartitions.prepare(reporting, MARCH.firstDay());
		reporting.sql(STAGED_MARCH).update();
		MonthExtractCalculation calculation = new MonthExtractCalculation(reporting, "EUR");

		assertThat(calculation.calculate(new MonthContext(MARCH, Path.of("unused")))).isEqualTo(8);
		assertThat(calculation.calculate(new MonthContext(MARCH, Path.of("unused")))).isEqualTo(8);

		assertThat(kept(reporting)).isEqualTo(MARCH_KEPT);
	}

	@Test
	void theMigrationKeepsTheMonthsWhoseStagingIsStillThereAndOnlyThose() {
		DataSource dataSource = TestPostgres.dataSource(TestPostgres.newDatabase("month_extract_migration"));
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").target("23").load().migrate();
		JdbcClient reporting = JdbcClient.create(dataSource);
		// February ran before March, whose start dropped February's partitions
		reporting.sql("""
				INSERT INTO mart.month_run (month, job_execution_id, started_at, time_zone, currency, classifier_sha256) VALUES
				 ('2025-02-01', 1, '2025-03-01T06:00:00Z', 'Europe/Istanbul', 'EUR', 'abc'),
				 ('2025-03-01', 2, '2025-04-01T06:00:00Z', 'Europe/Istanbul', 'EUR', 'abc')
				""").update();
		StagingPartitions.prepare(reporting, MARCH.firstDay());
		reporting.sql(STAGED_MARCH).update();

		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();

		assertThat(kept(reporting)).isEqualTo(MARCH_KEPT);
	}

	/** The rows of the three tables, fields joined by |, sorted by table (as in MARCH_KEPT), then row. */
	private static List<String> kept(JdbcClient reporting) {
		return reporting.sql("""
				SELECT table_name || '|' || fields FROM (
				    SELECT 'mart.month_source_extract' AS table_name, 1 AS position,
				           concat_ws('|', month, source, rows_extracted, COALESCE(changed_since::text, '')) AS fields
				      FROM mart.month_source_extract
				    UNION ALL
				    SELECT 'mart.month_invoices_by_currency', 2, concat_ws('|', month, currency, invoices, unpaid, without_rate,
				           COALESCE(amount::text, ''), COALESCE(rate::text, ''), COALESCE(converted::text, ''))
				      FROM mart.month_invoices_by_currency
				    UNION ALL
				    SELECT 'mart.month_fx_rate', 3, concat_ws('|', month, currency, rate, COALESCE(previous_rate::text, ''))
				      FROM mart.month_fx_rate) AS row
				ORDER BY position, fields
				""").query(String.class).list();
	}

}
