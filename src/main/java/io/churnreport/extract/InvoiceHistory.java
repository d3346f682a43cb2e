package io.churnreport.extract;

import java.time.LocalDate;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.churnreport.month.ReportingMonth;

/**
 * The invoices extracted so far, kept across runs in {@code staging.invoice_history} (migration
 * V13), so that a monthly run extracts and checks only the invoices that changed instead of every
 * invoice ever issued. A run extracts the invoices issued or paid since the start of the month
 * before it (a month of overlap picks up payments the source recorded late) when the history
 * already reaches that month; otherwise, or when asked to, it extracts the whole history, which
 * then replaces what the history held up to the month's end.
 */
public final class InvoiceHistory {

	/** What {@code :changed_since} is bound to for an extract of the whole history. */
	public static final String WHOLE_HISTORY = "-infinity";

	/** The latest run month merged: the history holds every invoice issued before its end. */
	private static final String REACHED = """
			SELECT max(run_month) FROM staging.invoice_extract WHERE merged_at IS NOT NULL
			""";

	private static final String RECORD = """
			INSERT INTO staging.invoice_extract (run_month, changed_since, merged_at)
			VALUES (:runMonth, CAST(:changedSince AS timestamptz), NULL)
			ON CONFLICT (run_month) DO UPDATE SET changed_since = excluded.changed_since, merged_at = NULL
			""";

	/** As text that casts back to the same instant (or to -infinity) in any session time zone. */
	private static final String RECORDED = """
			SELECT changed_since::text FROM staging.invoice_extract WHERE run_month = :runMonth
			""";

	/**
	 * For an extract of the whole history: the invoices issued before the month's end that the
	 * extract no longer has (removed from the source, or quarantined by the check). The rest are
	 * merged like a month's changes, so that an invoice given again unchanged is not written again:
	 * removing them all and inserting the history anew wrote every invoice twice, which made a
	 * forced rerun of one month cost as much as the first run.
	 */
	private static final String REMOVE_GONE = """
			DELETE FROM staging.invoice_history held
			WHERE held.issued_at < :monthEnd
			  AND NOT EXISTS (SELECT 1 FROM staging.invoice i WHERE i.run_month = :runMonth AND i.invoice_id = held.invoice_id)
			""";

	/**
	 * The month's checked invoices into the history; a version that differs from the one held
	 * replaces it, and an invoice given again unchanged (most of the month of overlap) is left as it
	 * is. (The check left at most one row per invoice_id and none without one.) A new version that
	 * takes back what the one held said is marked and counted, for {@link CustomerPayments}: its
	 * payment gone or earlier, another issue date or customer, an amount no longer above zero. A
	 * payment recorded is the usual change.
	 * <p>
	 * The unchanged invoices are left out before the insert, not only by the conflict's condition:
	 * {@code ON CONFLICT DO UPDATE} locks every row it conflicts with before it tests the condition,
	 * and a row lock is written into the row's page and the WAL, so each unchanged invoice of the
	 * overlap cost a write. The conflict clause stays for an invoice the join did not see.
	 * <p>
	 * The versions held are found in two ways, so that a month's merge does not read the whole
	 * history, which grows every month: for the invoices issued since {@code :changedSince} (almost
	 * all), the versions held issued since then, a range of the issue-date index; for the few issued
	 * before it and paid since, a look-up each. A version held whose issue date moved across
	 * {@code :changedSince} is not found, and the conflict clause replaces it. With the whole history
	 * ({@code -infinity}) the first part is every invoice.
	 * <p>
	 * The rows go in in {@code invoice_id} order, so that the primary key, larger than the database's
	 * buffers once the history is long, is walked once from one end to the other instead of read and
	 * written back at random for each new version.
	 */
	private static final String MERGE = """
			WITH changed AS (
			    SELECT i.invoice_id, i.customer_id, i.issued_at, i.amount, i.currency, i.paid_at, i.run_month
			    FROM staging.invoice i
			    LEFT JOIN staging.invoice_history held
			           ON held.invoice_id = i.invoice_id AND held.issued_at >= CAST(:changedSince AS timestamptz)
			    WHERE i.run_month = :runMonth AND i.issued_at >= CAST(:changedSince AS timestamptz)
			      AND (held.invoice_id IS NULL
			           OR (held.customer_id, held.issued_at, held.amount, held.currency, held.paid_at)
			              IS DISTINCT FROM (i.customer_id, i.issued_at, i.amount, i.currency, i.paid_at))
			    UNION ALL
			    -- LIMIT keeps the look-up per invoice: joined as a set, the planner read the whole history
			    SELECT i.invoice_id, i.customer_id, i.issued_at, i.amount, i.currency, i.paid_at, i.run_month
			    FROM staging.invoice i
			    LEFT JOIN LATERAL (SELECT h.invoice_id, h.customer_id, h.issued_at, h.amount, h.currency, h.paid_at
			                       FROM staging.invoice_history h WHERE h.invoice_id = i.invoice_id LIMIT 1) held ON true
			    WHERE i.run_month = :runMonth AND i.issued_at < CAST(:changedSince AS timestamptz)
			      AND (held.invoice_id IS NULL
			           OR (held.customer_id, held.issued_at, held.amount, held.currency, held.paid_at)
			              IS DISTINCT FROM (i.customer_id, i.issued_at, i.amount, i.currency, i.paid_at))
			), merged AS (
			    INSERT INTO staging.invoice_history AS h (invoice_id, customer_id, issued_at, amount, currency, paid_at, run_month)
			    SELECT invoice_id, customer_id, issued_at, amount, currency, paid_at, run_month FROM changed
			    ORDER BY invoice_id
			    ON CONFLICT (invoice_id) DO UPDATE
			    SET customer_id = excluded.customer_id, issued_at = excluded.issued_at, amount = excluded.amount,
			        currency = excluded.currency, paid_at = excluded.paid_at, run_month = excluded.run_month,
			        takes_back = NOT coalesce(h.customer_id = excluded.customer_id AND h.issued_at = excluded.issued_at
			                                  AND (h.amount <= 0 OR excluded.amount > 0)
			                                  AND (h.paid_at IS NULL OR excluded.paid_at >= h.paid_at), false)
			    WHERE (h.customer_id, h.issued_at, h.amount, h.currency, h.paid_at)
			          IS DISTINCT FROM (excluded.customer_id, excluded.issued_at, excluded.amount, excluded.currency, excluded.paid_at)
			    RETURNING takes_back
			)
			SELECT count(*) AS merged, count(*) FILTER (WHERE takes_back) AS taking_back FROM merged
			""";

	private static final String MERGED = "UPDATE staging.invoice_extract SET merged_at = now() WHERE run_month = :runMonth";

	private final JdbcClient reporting;

	public InvoiceHistory(JdbcClient reporting) {
		this.reporting = reporting;
	}

	/**
	 * What the month's extract asks for, {@code :changed_since} as an ISO-8601 instant or
	 * {@value #WHOLE_HISTORY}: the changes since the start of the month before when the history
	 * reaches that month and the whole history is not asked for, the whole history otherwise.
	 */
	public String changedSince(ReportingMonth month, boolean wholeHistoryAsked) {
		if (wholeHistoryAsked) {
			return WHOLE_HISTORY;
		}
		if (!month.continues(reporting.sql(REACHED).query(LocalDate.class).optional())) {
			return WHOLE_HISTORY;
		}
		return month.previousStart().toString();
	}

	/** Records what the month's extract asked for; the month is not merged until {@link #merge}. */
	public void record(ReportingMonth month, String changedSince) {
		reporting.sql(RECORD).param("runMonth", month.firstDay()).param("changedSince", changedSince).update();
	}

	/** What the month's extract asked for, as {@link #changedSince} gave it; empty when not extracted. */
	public Optional<String> recorded(ReportingMonth month) {
		return reporting.sql(RECORDED).param("runMonth", month.firstDay()).query(String.class).optional();
	}

	/**
	 * Merges the month's checked invoices into the history, in the caller's transaction: an extract of
	 * the whole history first removes the invoices issued before the month's end that it does not
	 * have, so that what the source no longer has goes too. The payments kept per customer follow ({@link CustomerPayments}).
	 * @return the invoices merged: new, or changed since the version held
	 */
	public int merge(ReportingMonth month) {
		String changedSince = recorded(month).orElseThrow(() -> new IllegalStateException(
				"The invoices of " + month + " were not extracted: run the month again from its extract"));
		if (WHOLE_HISTORY.equals(changedSince)) {
			reporting.sql(REMOVE_GONE).param("monthEnd", month.end()).param("runMonth", month.firstDay()).update();
		}
		Merged merged = reporting.sql(MERGE)
			.param("runMonth", month.firstDay())
			.param("changedSince", changedSince)
			.query(Merged.class)
			.single();
		reporting.sql(MERGED).param("runMonth", month.firstDay()).update();
		new CustomerPayments(reporting).merged(month, !WHOLE_HISTORY.equals(changedSince), merged.takingBack());
		if (WHOLE_HISTORY.equals(changedSince)) {
			// the history may have changed whole: plans after it need its new statistics
			reporting.sql("ANALYZE staging.invoice_history").update();
		}
		return Math.toIntExact(merged.merged());
	}

	/** The invoices merged, and of them the versions that take back what the version held said. */
	record Merged(long merged, long takingBack) {
	}

}
