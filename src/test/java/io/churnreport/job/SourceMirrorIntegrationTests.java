package io.churnreport.job;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.churnreport.extract.SourceQuery;
import io.churnreport.support.FixtureInstallation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Customers, subscriptions and cancellations read by changes, on the hand-made fixture. Two
 * installations read the same sources, which both get a change time on every row (2020-01-01 until
 * a test touches it): one whose queries ask only for the rows changed since {@code :changed_since},
 * one whose queries read everything every month. Whatever is done to the sources between months,
 * the months must stage the same rows and write the same figures in both.
 */
class SourceMirrorIntegrationTests {

	private static final List<String> MONTHS = List.of("2025-01", "2025-02", "2025-03");

	@TempDir
	Path directory;

	FixtureInstallation incremental;

	FixtureInstallation whole;

	@BeforeEach
	void createInstallations() {
		incremental = FixtureInstallation.create(directory.resolve("incremental"))
			.withCustomerIdKey()
			.withChangeTimes()
			.readingByChanges();
		whole = FixtureInstallation.create(directory.resolve("whole")).withCustomerIdKey().withChangeTimes();
	}

	@Test
	void aMonthReadsOnlyTheRowsChangedSinceTheLastExtract() {
		incremental.runSucceeding("run", "--month", "2025-01");
		// account 6 moves to the south; contract 1101 is touched without a change of value
		changeBoth("UPDATE account SET area = 'south', changed = now() WHERE account_no = 6",
				"UPDATE price_period SET changed = now() WHERE contract_id = 1101", null);
		incremental.runSucceeding("run", "--month", "2025-02");

		// January read every source whole: 13 accounts, 17 periods, 4 requests; February the rows
		// changed since an hour before January's extract began
		assertThat(extracts("2025-01-01")).containsExactly("cancellations whole 4", "customers whole 13",
				"subscriptions whole 17");
		assertThat(extracts("2025-02-01")).containsExactly("cancellations changes 0", "customers changes 1",
				"subscriptions changes 1");
		assertThat(incremental.reporting()
			.sql("SELECT region FROM staging.customer WHERE run_month = '2025-02-01' AND customer_id = '6'")
			.query(String.class)
			.single()).isEqualTo("south");
		assertThat(staged(incremental, "2025-02-01")).isEqualTo(runAndStage(whole, "2025-02"));
	}

	@Test
	void rowsDeletedOrEditedWithoutTheirChangeTimeAreFoundAndTheMonthsEqualWholeExtracts() {
		for (String month : MONTHS) {
			if (month.equals("2025-02")) {
				// a request's time corrected (a new key for the same request), and account 2's kind
				changeBoth("UPDATE account SET kind = 'business', changed = now() WHERE account_no = 2", null,
						"UPDATE churn_request SET asked = '2025-01-10 11:05', changed = now() WHERE client = 8");
			}
			if (month.equals("2025-03")) {
				// silently: customer 9's upgraded price 35 becomes 40, and customer 12's saved request goes
				changeBoth(null, "UPDATE price_period SET price = 40.00 WHERE contract_id = 902",
						"DELETE FROM churn_request WHERE client = 12");
			}
			incremental.runSucceeding("run", "--month", month);
			List<String> stagedIncrementally = staged(incremental, month + "-01");
			assertThat(stagedIncrementally).as(month).isEqualTo(runAndStage(whole, month));
			for (String file : FixtureInstallation.FIGURE_FILES) {
				assertThat(incremental.read(month, file)).as(month + " " + file).isEqualTo(whole.read(month, file));
			}
		}

		// February: the request under its new time is a new key beside the old one, one row too many
		assertThat(extracts("2025-02-01")).containsExactly("cancellations whole after drift 5", "customers changes 1",
				"subscriptions changes 0");
		// March: the hour of overlap reads February's changes again (account 2, request of 8); the
		// source's sums differ from the mirror's after them, and 3 requests and 17 periods are read whole
		assertThat(extracts("2025-03-01")).containsExactly("cancellations whole after drift 4", "customers changes 1",
				"subscriptions whole after drift 17");
		// March by hand, from the fixture's figures: expansion of customer 9 is 40 - 20 = 20.00 (was
		// 15.00), and MRR at the end 428.33 + 5.00 = 433.33
		assertThat(incremental.read("2025-03", "summary.csv")).contains("mrr_end,433.33\n")
			.contains("mrr_expansion,20.00\n");
	}

	@Test
	void aFullExtractOrAnEditedQueryReadsTheSourceWhole() {
		incremental.runSucceeding("run", "--month", "2025-01");
		incremental.runSucceeding("run", "--month", "2025-02", "--full-extract");
		incremental.edit("sources/billing/customers.sql", "FROM account", "FROM account -- edited by the operator");
		incremental.runSucceeding("run", "--month", "2025-03");

		assertThat(extracts("2025-02-01")).containsExactly("cancellations whole 4", "customers whole 13",
				"subscriptions whole 17");
		assertThat(incremental.reporting()
			.sql("SELECT changed_since = '-infinity' FROM staging.invoice_extract WHERE run_month = '2025-02-01'")
			.query(Boolean.class)
			.single()).as("the invoices are read whole too").isTrue();
		assertThat(extracts("2025-03-01")).containsExactly("cancellations changes 0", "customers whole 13",
				"subscriptions changes 0");
	}

	@Test
	void aBackfillComparesEachSourceWithTheWholeSourceOnceAndTheNextMonthlyRunAgain() {
		for (FixtureInstallation installation : List.of(incremental, whole)) {
			installation.runSucceeding("run", "--month", "2025-01");
			installation.runSucceeding("backfill", "--from", "2025-01", "--to", "2025-03");
		}
		// after the backfill, silently: customer 9's upgraded price 35 becomes 40
		changeBoth(null, "UPDATE price_period SET price = 40.00 WHERE contract_id = 902", null);
		for (FixtureInstallation installation : List.of(incremental, whole)) {
			installation.runSucceeding("run", "--month", "2025-04");
		}

		// January was complete and skipped; the first month the backfill computed compares the
		// mirrors with the sources, the next only reads their changes
		assertThat(extracts("2025-02-01")).containsExactly("cancellations changes 0", "customers changes 0",
				"subscriptions changes 0");
		assertThat(extracts("2025-03-01")).containsExactly("cancellations changes 0 not compared",
				"customers changes 0 not compared", "subscriptions changes 0 not compared");
		// the monthly run after it compares again and finds the silent edit
		assertThat(extracts("2025-04-01")).containsExactly("cancellations changes 0", "customers changes 0",
				"subscriptions whole after drift 17");
		for (String month : List.of("2025-01", "2025-02", "2025-03", "2025-04")) {
			assertThat(staged(incremental, month + "-01")).as(month).isEqualTo(staged(whole, month + "-01"));
			for (String file : FixtureInstallation.FIGURE_FILES) {
				assertThat(incremental.read(month, file)).as(month + " " + file).isEqualTo(whole.read(month, file));
			}
		}
	}

	/** Runs the same statements on both installations' sources (null: none there). */
	private void changeBoth(String billingSql, String billingSql2, String crmSql) {
		for (FixtureInstallation installation : List.of(incremental, whole)) {
			for (String sql : new String[] { billingSql, billingSql2 }) {
				if (sql != null) {
					installation.billing().sql(sql).update();
				}
			}
			if (crmSql != null) {
				installation.crm().sql(crmSql).update();
			}
		}
	}

	/**
	 * What each mirrored source's extract of the month did: whole or changes, the rows read, and
	 * whether the mirror was not compared with the whole source.
	 */
	private List<String> extracts(String runMonth) {
		return incremental.reporting().sql("""
				SELECT source || CASE WHEN changed_since > '-infinity' THEN ' changes ' || rows_read
				                      WHEN drift THEN ' whole after drift ' || rows_read
				                      ELSE ' whole ' || rows_read END
				              || CASE WHEN checked THEN '' ELSE ' not compared' END
				FROM staging.source_extract WHERE run_month = CAST(:runMonth AS date) ORDER BY source
				""").param("runMonth", runMonth).query(String.class).list();
	}

	private List<String> runAndStage(FixtureInstallation installation, String month) {
		installation.runSucceeding("run", "--month", month);
		return staged(installation, month + "-01");
	}

	/** Every row the month staged, of every mirrored source, as text in a stable order. */
	private static List<String> staged(FixtureInstallation installation, String runMonth) {
		return List.of(SourceQuery.CUSTOMERS, SourceQuery.SUBSCRIPTIONS, SourceQuery.CANCELLATIONS)
			.stream()
			.flatMap(query -> installation.reporting()
				.sql("SELECT '" + query.name() + " ' || (to_jsonb(staged) - 'run_month')::text AS row FROM "
						+ query.stagingTable() + " staged WHERE run_month = CAST(:runMonth AS date) ORDER BY 1")
				.param("runMonth", runMonth)
				.query(String.class)
				.list()
				.stream())
			.toList();
	}

}
