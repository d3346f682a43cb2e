package io.churnreport.job;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.churnreport.support.FixtureInstallation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The invoices of a monthly run, on the hand-made fixture, whose invoices query asks for what
 * changed since {@code :changed_since} (src/test/resources/fixture/sources/billing/invoices.sql).
 * Its three bills, months cut in Europe/Istanbul (UTC+3):
 *
 * <pre>
 * bill  account  billed                  settled
 * 1     1        2025-03-01 00:00+03     2025-03-03 00:00+03
 * 2     4        2025-01-01 00:00+03     unpaid (a test pays it on 2025-02-10)
 * 3     3        2025-01-05 12:00+03     2025-01-06 00:00+03
 * </pre>
 *
 * A month asks for the bills billed or settled since the start of the month before it:
 * January 2025 since 2025-01-01 00:00+03 = 2024-12-31 21:00 UTC, March since 2025-02-01 00:00+03
 * = 2025-01-31 21:00 UTC.
 */
class InvoiceHistoryIntegrationTests {

	@TempDir
	Path directory;

	FixtureInstallation installation;

	@BeforeEach
	void createInstallation() {
		installation = FixtureInstallation.create(directory);
	}

	@Test
	void eachMonthExtractsOnlyTheInvoicesChangedSinceTheMonthBeforeAndKeepsTheRest() {
		installation.runSucceeding("run", "--month", "2025-01");
		// bill 2 is paid late, in February
		installation.billing().sql("UPDATE bill SET settled = '2025-02-10 00:00+03' WHERE bill_no = 2").update();
		installation.runSucceeding("run", "--month", "2025-02");
		installation.runSucceeding("run", "--month", "2025-03");

		// January had no history: the whole of it, the bills billed before February (2 and 3);
		// February: billed or settled since January 1 (2 and 3); March: since February 1, bill 1
		// (billed in March) and bill 2 (settled in February), not bill 3
		assertThat(extracts()).containsExactly("2025-01-01 -infinity", "2025-02-01 2024-12-31 21:00:00+00",
				"2025-03-01 2025-01-31 21:00:00+00");
		assertThat(staged("2025-03-01")).containsExactly("1", "2");
		// the history holds every bill in its latest version, from the run that gave that version:
		// bill 2 changed in February's (paid) and came again unchanged in March's, bill 3 never changed
		assertThat(history()).containsExactly("1 2025-03-03 00:00:00+03 2025-03-01",
				"2 2025-02-10 00:00:00+03 2025-02-01", "3 2025-01-06 00:00:00+03 2025-01-01");
	}

	@Test
	void anInvoiceGivenAgainUnchangedIsNeitherWrittenNorLocked() {
		installation.runSucceeding("run", "--month", "2025-01");
		installation.billing().sql("UPDATE bill SET settled = '2025-02-10 00:00+03' WHERE bill_no = 2").update();
		installation.runSucceeding("run", "--month", "2025-02");
		String afterFebruary = rowVersion("2");

		// March's extract gives bill 2 again (settled in February), as February's merge stored it
		installation.runSucceeding("run", "--month", "2025-03");

		assertThat(staged("2025-03-01")).contains("2");
		// the same row version, not locked by March's merge either (a lock is written into its page)
		assertThat(rowVersion("2")).isEqualTo(afterFebruary);
	}

	@Test
	void anInvoiceIssuedInTheMonthOfOverlapGivenAgainUnchangedIsNeitherWrittenNorLocked() {
		// bill 4, billed and settled in February: February's extract gives it, and March's again (bill 2
		// stays unpaid, so March's extract has bills 1 and 4)
		installation.billing()
			.sql("INSERT INTO bill VALUES (4, 1, '2025-02-15 00:00+03', 20.00, 'EUR', '2025-02-16 00:00+03')")
			.update();
		installation.runSucceeding("run", "--month", "2025-01");
		installation.runSucceeding("run", "--month", "2025-02");
		String afterFebruary = rowVersion("4");

		installation.runSucceeding("run", "--month", "2025-03");

		assertThat(staged("2025-03-01")).containsExactly("1", "4");
		assertThat(rowVersion("4")).isEqualTo(afterFebruary);
	}

	@Test
	void anInvoiceWhoseIssueDateMovedIntoTheMonthOfOverlapReplacesTheVersionHeld() {
		installation.runSucceeding("run", "--month", "2025-01");
		installation.runSucceeding("run", "--month", "2025-02");
		// bill 3, held as billed on 5 January, is billed again on 20 February: March's extract gives it
		// (billed since 1 February), while the version held was billed before
		installation.billing()
			.sql("UPDATE bill SET billed = '2025-02-20 12:00+03', settled = '2025-02-21 00:00+03' WHERE bill_no = 3")
			.update();

		installation.runSucceeding("run", "--month", "2025-03");

		assertThat(installation.reporting()
			.sql("""
					SELECT to_char(issued_at AT TIME ZONE 'Europe/Istanbul', 'YYYY-MM-DD HH24:MI') || ' ' || run_month
					       || ' ' || takes_back
					FROM staging.invoice_history WHERE invoice_id = '3'""")
			.query(String.class)
			.list()).containsExactly("2025-02-20 12:00 2025-03-01 true");
		String summaryFromChanges = installation.read("2025-03", "summary.csv");
		String hiddenChurnFromChanges = installation.read("2025-03", "hidden-churn.csv");
		installation.runSucceeding("rerun", "--month", "2025-03", "--force", "--reason", "compare with the whole history");
		assertThat(installation.read("2025-03", "summary.csv")).isEqualTo(summaryFromChanges);
		assertThat(installation.read("2025-03", "hidden-churn.csv")).isEqualTo(hiddenChurnFromChanges);
	}

	@Test
	void aMonthFromOnlyWhatChangedHasTheFiguresOfTheWholeHistory() {
		for (String month : List.of("2025-01", "2025-02", "2025-03")) {
			installation.runSucceeding("run", "--month", month);
		}
		String fromChanges = installation.read("2025-03", "summary.csv");
		String hiddenChurnFromChanges = installation.read("2025-03", "hidden-churn.csv");

		installation.runSucceeding("rerun", "--month", "2025-03", "--force", "--reason", "compare with the whole history");

		// a forced rerun asks for the whole history again
		assertThat(extracts()).last().isEqualTo("2025-03-01 -infinity");
		assertThat(staged("2025-03-01")).containsExactly("1", "2", "3");
		assertThat(installation.read("2025-03", "summary.csv")).isEqualTo(fromChanges);
		assertThat(installation.read("2025-03", "hidden-churn.csv")).isEqualTo(hiddenChurnFromChanges);
	}

	@Test
	void theWholeHistoryReplacesWhatTheHistoryHeldSoThatARemovedInvoiceGoes() {
		installation.runSucceeding("run", "--month", "2025-01");
		installation.runSucceeding("run", "--month", "2025-02");
		installation.billing().sql("DELETE FROM bill WHERE bill_no = 3").update();

		// March alone would not see that bill 3 is gone (it changed before February); its forced
		// rerun does
		installation.runSucceeding("run", "--month", "2025-03");
		assertThat(history()).hasSize(3);
		String bill2Before = rowVersion("2");
		installation.runSucceeding("rerun", "--month", "2025-03", "--force", "--reason", "billing removed bill 3");

		// bills 1 and 2 came again unchanged: kept as the runs that gave them stored them, not written again
		assertThat(history()).containsExactly("1 2025-03-03 00:00:00+03 2025-03-01",
				"2 null 2025-01-01");
		assertThat(rowVersion("2")).isEqualTo(bill2Before);
	}

	@Test
	void aMonthAfterAGapInTheMonthsRunExtractsTheWholeHistory() {
		installation.runSucceeding("run", "--month", "2025-01");
		installation.runSucceeding("run", "--month", "2025-03");

		// the history reaches January only: February's changes were never asked for
		assertThat(extracts()).containsExactly("2025-01-01 -infinity", "2025-03-01 -infinity");
		assertThat(staged("2025-03-01")).containsExactly("1", "2", "3");
	}

	@Test
	void aQueryThatDoesNotAskForChangesExtractsTheWholeHistoryEveryMonth() {
		installation.edit("sources/billing/invoices.sql",
				"WHERE billed < :period_end AND (billed >= :changed_since OR (settled >= :changed_since AND settled < :period_end))",
				"WHERE billed < :period_end");
		installation.runSucceeding("run", "--month", "2025-01");
		installation.runSucceeding("run", "--month", "2025-02");
		installation.runSucceeding("run", "--month", "2025-03");

		assertThat(extracts()).containsExactly("2025-01-01 -infinity", "2025-02-01 -infinity", "2025-03-01 -infinity");
		assertThat(staged("2025-03-01")).containsExactly("1", "2", "3");
	}

	private List<String> extracts() {
		return installation.reporting()
			.sql("""
					SELECT run_month || ' ' || (changed_since AT TIME ZONE 'UTC')::text
					       || CASE WHEN changed_since = '-infinity' THEN '' ELSE '+00' END
					FROM staging.invoice_extract ORDER BY run_month""")
			.query(String.class)
			.list();
	}

	private List<String> staged(String runMonth) {
		return installation.reporting()
			.sql("SELECT invoice_id FROM staging.invoice WHERE run_month = CAST(:runMonth AS date) ORDER BY invoice_id")
			.param("runMonth", runMonth)
			.query(String.class)
			.list();
	}

	/** The invoice's row in the history: its place, the transaction that wrote it, the last to lock or delete it. */
	private String rowVersion(String invoiceId) {
		return installation.reporting()
			.sql("SELECT ctid || ' ' || xmin || ' ' || xmax FROM staging.invoice_history WHERE invoice_id = :invoiceId")
			.param("invoiceId", invoiceId)
			.query(String.class)
			.single();
	}

	private List<String> history() {
		return installation.reporting()
			.sql("""
					SELECT invoice_id || ' ' || coalesce(to_char(paid_at AT TIME ZONE 'Europe/Istanbul',
					                                             'YYYY-MM-DD HH24:MI:SS') || '+03', 'null')
					       || ' ' || run_month
					FROM staging.invoice_history ORDER BY invoice_id""")
			.query(String.class)
			.list();
	}

}
