package io.churnreport.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.churnreport.support.FixtureInstallation;
import io.churnreport.support.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Values that the source contract's types let through but no month can be computed with, through
 * the real job on the functional test's fixture (March 2025 of the clean fixture is worked out in
 * MonthlyChurnJobFunctionalIntegrationTests): each bad row is quarantined with the rule it broke and
 * its values as the source gave them, and the month's figures are those of the clean history.
 * Billing is a WIN1252 database, where a byte may have no UTF-8 equivalent, and the CRM one without
 * an encoding of its own (SQL_ASCII), which may hold any byte.
 */
class StrictSourceValuesIntegrationTests {

	/**
	 * Customers 14 to 17, each with one period that cannot be used: starting at -infinity, in the
	 * year 1, ending at +infinity, and billed every 2.6 months (which an integer column rounded to 3).
	 * Customer 18 with a plan whose name holds 0x81, which WIN1252 leaves undefined. An invoice of
	 * customer 1 issued at -infinity. Customer 1's region written with letters WIN1252 has, which
	 * must arrive as they were.
	 */
	private static final String BAD_BILLING_ROWS = """
			ALTER TABLE price_period ALTER COLUMN every_months TYPE numeric;
			UPDATE account SET area = 'Üsküdar' WHERE account_no = 1;
			INSERT INTO account VALUES
			 (14, '2024-11-01 00:00+03', 'consumer', 'north'),
			 (15, '2024-11-01 00:00+03', 'consumer', 'north'),
			 (16, '2024-11-01 00:00+03', 'consumer', 'north'),
			 (17, '2024-11-01 00:00+03', 'consumer', 'north'),
			 (18, '2024-11-01 00:00+03', 'consumer', 'north');
			INSERT INTO price_period VALUES
			 (1401, 14, 'plus', '-infinity',                '2025-05-01 00:00+03', 30.00, 1,   'EUR', false, NULL),
			 (1501, 15, 'plus', '0001-01-01 00:00+00',       NULL,                  30.00, 1,   'EUR', false, NULL),
			 (1601, 16, 'plus', '2024-11-01 00:00+03',       'infinity',            30.00, 1,   'EUR', false, NULL),
			 (1701, 17, 'plus', '2024-11-01 00:00+03',       NULL,                  30.00, 2.6, 'EUR', false, NULL),
			 (1801, 18, E'plus\\x81', '2024-11-01 00:00+03',  NULL,                  30.00, 1,   'EUR', false, NULL);
			INSERT INTO bill VALUES (5, 1, '-infinity', 10.00, 'EUR', NULL);
			""";

	/** Two March requests that, kept, would count among March's: one effective at +infinity, one with a 0xFF byte. */
	private static final String BAD_CRM_ROWS = """
			INSERT INTO churn_request (client, asked, takes_effect, why, note, rival, result) VALUES
			 (1,  '2025-03-04 10:00', 'infinity', 'price_too_high', 'Asked twice', NULL, 'saved'),
			 (11, '2025-03-06 10:00', NULL,       'price_too_high', E'Trop cher \\xff!', NULL, 'saved');
			""";

	@TempDir
	Path directory;

	@Test
	void infiniteAndAbsurdDatesFractionalIntervalsAndTextThatIsNotUtf8AreQuarantinedAndTheMonthKeepsItsFigures()
			throws IOException {
		FixtureInstallation installation = FixtureInstallation.create(directory);
		JdbcClient billing = copyOfTheSource(installation, installation.billingDatabaseName(), "fixture/billing.sql",
				"WIN1252");
		JdbcClient crm = copyOfTheSource(installation, installation.crmDatabaseName(), "fixture/crm.sql", "SQL_ASCII");
		billing.sql(BAD_BILLING_ROWS).update();
		crm.sql(BAD_CRM_ROWS).update();
		Files.writeString(installation.configDirectory().resolve("application.yml"), """
				  data-quality:
				    max-quarantined-percent: 50
				""", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

		installation.runSucceeding("run", "--month", "2025-03");

		// each bad row in the quarantine under its rule, with its key and the values as the source gave them
		// (timestamps as JSON in the reporting time zone, Europe/Istanbul: the year 1 in its local mean time)
		assertThat(installation.reporting().sql("""
				SELECT source || ' ' || rule || ' ' || coalesce(source_row->>'subscription_id', source_row->>'invoice_id',
				       source_row->>'customer_id') || ' ' || concat_ws(' ', source_row->>'valid_from', source_row->>'valid_to',
				       source_row->>'interval_months', source_row->>'issued_at', source_row->>'effective_at',
				       source_row->>'plan_code', source_row->>'reason_text', source_row->>'source_problem')
				FROM quality.quarantined_row WHERE run_month = '2025-03-01' ORDER BY 1
				""").query(String.class).list()).containsExactly(
				"cancellations date_out_of_range 1 infinity Asked twice",
				"cancellations invalid_text 11 Trop cher \\xFF! invalid UTF-8 in reason_text: 0xFF",
				"invoices date_out_of_range 5 -infinity",
				"subscriptions date_out_of_range 1401 -infinity 2025-05-01T00:00:00+03:00 1 plus",
				"subscriptions date_out_of_range 1501 0001-01-01T01:55:52+01:55:52 1 plus",
				"subscriptions date_out_of_range 1601 2024-11-01T00:00:00+03:00 infinity 1 plus",
				"subscriptions interval_not_allowed 1701 2024-11-01T00:00:00+03:00 2.6 plus",
				"subscriptions invalid_text 1801 2024-11-01T00:00:00+03:00 1 plus\\x81 invalid WIN1252 in plan_code: 0x81");
		// text that converts arrives as it was
		assertThat(installation.reporting()
			.sql("SELECT region FROM staging.customer WHERE run_month = '2025-03-01' AND customer_id = '1'")
			.query(String.class)
			.single()).isEqualTo("Üsküdar");
		// 17 + 5 periods, 3 + 1 invoices, 4 + 2 requests
		assertThat(installation.read("2025-03", "data-quality.csv")).isEqualTo("""
				month,source,rule,action,rows,rows_extracted
				2025-03,subscriptions,invalid_text,quarantined,1,22
				2025-03,subscriptions,date_out_of_range,quarantined,3,22
				2025-03,subscriptions,interval_not_allowed,quarantined,1,22
				2025-03,subscriptions,voluntary_end_without_cancellation,kept-and-flagged,3,22
				2025-03,invoices,date_out_of_range,quarantined,1,4
				2025-03,cancellations,invalid_text,quarantined,1,6
				2025-03,cancellations,date_out_of_range,quarantined,1,6
				""");
		// the clean fixture's March: 9 + 1 + 1 - 3 = 8, 468.33 to 428.33; 2 requests (2 and 12), 12 saved
		String summary = installation.read("2025-03", "summary.csv");
		assertThat(summary).contains("customers_start,9\n", "customers_churned,3\n", "customers_end,8\n",
				"mrr_start,468.33\n", "mrr_end,428.33\n", "cancellation_requests,2\n", "saved,1\n",
				"hidden_churn_customers,5\n");

		// and every figure is that of the same history without the bad rows
		billing.sql("""
				DELETE FROM price_period WHERE account_no >= 14;
				DELETE FROM bill WHERE bill_no = 5;
				""").update();
		crm.sql("DELETE FROM churn_request WHERE asked IN ('2025-03-04 10:00', '2025-03-06 10:00')").update();
		installation.runSucceeding("rerun", "--month", "2025-03", "--force", "--reason", "bad rows deleted in the sources");
		assertThat(installation.read("2025-03", "summary.csv")).isEqualTo(summary);
		assertThat(installation.read("2025-03", "data-quality.csv")).isEqualTo("""
				month,source,rule,action,rows,rows_extracted
				2025-03,subscriptions,voluntary_end_without_cancellation,kept-and-flagged,3,17
				""");
	}

	/** A source of the fixture again, in a database of the encoding given, which application.yml now names. */
	private static JdbcClient copyOfTheSource(FixtureInstallation installation, String database, String script,
			String encoding) throws IOException {
		String name = database + "_" + encoding.toLowerCase(java.util.Locale.ROOT);
		installation.reporting()
			.sql("CREATE DATABASE " + name + " ENCODING '" + encoding + "' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0")
			.update();
		JdbcClient source = JdbcClient.create(TestPostgres.dataSource(name));
		source.sql(new ClassPathResource(script).getContentAsString(StandardCharsets.UTF_8)).update();
		installation.edit("application.yml", TestPostgres.jdbcUrl(database) + "\n", TestPostgres.jdbcUrl(name) + "\n");
		return source;
	}

}
