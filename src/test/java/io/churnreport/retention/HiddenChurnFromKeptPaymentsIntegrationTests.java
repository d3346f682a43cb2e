package io.churnreport.retention;

import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.churnreport.extract.CustomerPayments;
import io.churnreport.extract.InvoiceHistory;
import io.churnreport.month.MetricStore;
import io.churnreport.month.MonthContext;
import io.churnreport.month.ReportingMonth;
import io.churnreport.support.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hidden churn from the first invoice and latest payment kept per customer (CustomerPayments),
 * UTC, N = 60 days. May extracts the whole history, June what changed since May 1. Every customer
 * has MRR in both months and a paid period since 2025-01-01 but R, since 2025-04-15:
 *
 * <pre>
 * invoice  customer  issued      paid in May's extract  paid in June's extract
 * p1       P         2025-03-01  2025-03-05             -
 * p2       P         2025-06-01  -                      2025-06-03
 * q1       Q         2025-04-01  2025-04-02             -
 * q2       Q         2025-06-01  -                      unpaid
 * r1       R         2025-04-20  unpaid                 -
 * r2       R         2025-06-20  -                      unpaid
 * s1       S         2025-05-01  unpaid                 2025-06-10
 * s2       S         2025-06-01  -                      2025-06-02
 * </pre>
 *
 * At May's end (June 1): P last paid March 5 (27 + 30 + 31 = 88 days, no payment); Q April 2 (29 +
 * 31 = 60 days, no payment); R never paid, billed since April 15 (16 + 31 = 47 days), r1 unpaid
 * since April 20 (42 days); S never paid, billed since January 1 (151 days), s1 unpaid since May 1
 * (31 days): no payment. Flagged: P, Q, S.
 * <p>
 * At June's end (July 1): P last paid June 3 (28 days); Q April 2 (29 + 31 + 30 = 90 days, no
 * payment), q2 unpaid 30 days; R billed since April 15 (77 days), r1 unpaid since April 20 (72
 * days): both; S paid June 10. Flagged: Q, R.
 */
class HiddenChurnFromKeptPaymentsIntegrationTests {

	private static final ReportingMonth MAY = ReportingMonth.of("2025-05", ZoneOffset.UTC);

	private static final ReportingMonth JUNE = ReportingMonth.of("2025-06", ZoneOffset.UTC);

	private static final String MAY_INVOICES = """
			('p1', 'P', '2025-03-01 00:00Z', '2025-03-05 00:00Z'),
			('q1', 'Q', '2025-04-01 00:00Z', '2025-04-02 00:00Z'),
			('r1', 'R', '2025-04-20 00:00Z', NULL),
			('s1', 'S', '2025-05-01 00:00Z', NULL)""";

	private static final String JUNE_INVOICES = """
			('p2', 'P', '2025-06-01 00:00Z', '2025-06-03 00:00Z'),
			('q2', 'Q', '2025-06-01 00:00Z', NULL),
			('r2', 'R', '2025-06-20 00:00Z', NULL),
			('s1', 'S', '2025-05-01 00:00Z', '2025-06-10 00:00Z'),
			('s2', 'S', '2025-06-01 00:00Z', '2025-06-02 00:00Z')""";

	private static final String SINCE_MAY = "2025-05-01T00:00:00Z";

	private static final List<String> MAY_FLAGGED = List.of("P 2025-03-05 - 88 - no_payment",
			"Q 2025-04-02 - 60 - no_payment", "S - 2025-05-01 151 31 no_payment");

	private static final List<String> JUNE_FLAGGED = List.of("Q 2025-04-02 2025-06-01 90 30 no_payment",
			"R - 2025-04-20 77 72 both");

	DataSource dataSource;

	JdbcClient reporting;

	InvoiceHistory history;

	@BeforeEach
	void monthOfMay() {
		dataSource = TestPostgres.migratedReportingDatabase("kept_payments");
		reporting = JdbcClient.create(dataSource);
		history = new InvoiceHistory(reporting);
		for (ReportingMonth month : List.of(MAY, JUNE)) {
			reporting.sql("""
					INSERT INTO staging.customer_month_mrr (run_month, customer_id, month, mrr, mrr_at_previous_rates)
					SELECT :month, customer_id, :month, 10, 10 FROM unnest(ARRAY['P', 'Q', 'R', 'S']) AS customer_id;
					INSERT INTO staging.subscription_period (run_month, subscription_id, customer_id, plan_code, valid_from,
					                                         valid_to, amount, interval_months, currency, is_trial, end_cause)
					SELECT :month, 's' || customer_id, customer_id, 'p',
					       CASE customer_id WHEN 'R' THEN timestamptz '2025-04-15 00:00Z' ELSE timestamptz '2025-01-01 00:00Z' END,
					       NULL, 10, 1, 'EUR', false, NULL
					FROM unnest(ARRAY['P', 'Q', 'R', 'S']) AS customer_id
					""").param("month", month.firstDay()).update();
		}
		extractAndMerge(MAY, InvoiceHistory.WHOLE_HISTORY, MAY_INVOICES);
		calculate(MAY);
		assertThat(flagged(MAY)).containsExactlyElementsOf(MAY_FLAGGED);
		assertThat(coverage()).containsExactly("2025-05-01 2025-04-02");
	}

	@Test
	void aMonthsChangesAddToThePaymentsKeptWhichGiveTheFiguresOfTheWholeHistory() {
		// T, billed for the first time in June, has no MRR: it is kept, not flagged
		extractAndMerge(JUNE, SINCE_MAY, JUNE_INVOICES + ", ('t1', 'T', '2025-06-05 00:00Z', '2025-06-06 00:00Z')");

		// s1 recorded as paid takes nothing back: June's invoices were added to May's payments
		assertThat(coverage()).containsExactly("2025-06-20 2025-06-10");
		assertThat(kept()).containsExactly("P 2025-03-01 2025-06-03", "Q 2025-04-01 2025-04-02", "R 2025-04-20 -",
				"S 2025-05-01 2025-06-10", "T 2025-06-05 2025-06-06");
		calculate(JUNE);
		assertThat(flagged(JUNE)).containsExactlyElementsOf(JUNE_FLAGGED);

		// the same from the whole history
		reporting.sql("DELETE FROM staging.customer_payment_coverage").update();
		calculate(JUNE);
		assertThat(flagged(JUNE)).containsExactlyElementsOf(JUNE_FLAGGED);
		assertThat(coverage()).containsExactly("2025-06-20 2025-06-10");
	}

	@Test
	void aVersionThatTakesBackAPaymentMakesTheMonthReadTheWholeHistory() {
		// billing reversed Q's April payment: Q never paid, billed since January 1 (181 days), and
		// q1 unpaid since April 1 (30 + 31 + 30 = 91 days)
		extractAndMerge(JUNE, SINCE_MAY, JUNE_INVOICES + ", ('q1', 'Q', '2025-04-01 00:00Z', NULL)");

		assertThat(coverage()).isEmpty();
		calculate(JUNE);

		assertThat(flagged(JUNE)).containsExactly("Q - 2025-04-01 181 91 both", "R - 2025-04-20 77 72 both");
	}

	@Test
	void anExtractOfTheWholeHistoryMakesTheMonthReadTheWholeHistory() {
		extractAndMerge(JUNE, SINCE_MAY, JUNE_INVOICES);
		// June again from the whole history, in which billing voided p2: P last paid March 5 (27 +
		// 30 + 31 + 30 = 118 days)
		extractAndMerge(JUNE, InvoiceHistory.WHOLE_HISTORY, """
				('p1', 'P', '2025-03-01 00:00Z', '2025-03-05 00:00Z'),
				('q1', 'Q', '2025-04-01 00:00Z', '2025-04-02 00:00Z'),
				('q2', 'Q', '2025-06-01 00:00Z', NULL),
				('r1', 'R', '2025-04-20 00:00Z', NULL),
				('r2', 'R', '2025-06-20 00:00Z', NULL),
				('s1', 'S', '2025-05-01 00:00Z', '2025-06-10 00:00Z'),
				('s2', 'S', '2025-06-01 00:00Z', '2025-06-02 00:00Z')""");

		assertThat(coverage()).isEmpty();
		calculate(JUNE);

		assertThat(flagged(JUNE)).containsExactly("P 2025-03-05 - 118 - no_payment", "Q 2025-04-02 2025-06-01 90 30 no_payment",
				"R - 2025-04-20 77 72 both");
	}

	@Test
	void aMonthComputedWhileTheHistoryHoldsALaterMonthReadsItUpToItsEnd() {
		extractAndMerge(JUNE, SINCE_MAY, JUNE_INVOICES);

		// May again: s1, paid on June 10, was unpaid at May's end; June's invoices do not count
		calculate(MAY);
		assertThat(flagged(MAY)).containsExactlyElementsOf(MAY_FLAGGED);
		assertThat(coverage()).as("May's payments are not the whole history's").isEmpty();

		calculate(JUNE);
		assertThat(flagged(JUNE)).containsExactlyElementsOf(JUNE_FLAGGED);
		assertThat(coverage()).containsExactly("2025-06-20 2025-06-10");
	}

	@Test
	void aMonthsPaymentsComputedFromTheHistoryAreComputedOncePerTransaction() {
		extractAndMerge(JUNE, SINCE_MAY, JUNE_INVOICES);
		TransactionTemplate transaction = new TransactionTemplate(new JdbcTransactionManager(dataSource));

		// as the metrics step asks twice (hidden churn, then the customers at risk): s1 was paid after May's end
		List<String> asked = transaction.execute(status -> {
			CustomerPayments payments = new CustomerPayments(reporting);
			boolean first = payments.asOf(MAY);
			long writtenFirst = writtenInTransaction();
			boolean second = payments.asOf(MAY);
			return List.of(first + " " + writtenFirst, second + " " + writtenInTransaction());
		});

		// the 4 customers' rows written once; the second answer is the first's
		assertThat(asked).containsExactly("true 4", "true 4");
		assertThat(kept()).containsExactly("P 2025-03-01 2025-03-05", "Q 2025-04-01 2025-04-02", "R 2025-04-20 -",
				"S 2025-05-01 -");
		// a transaction of its own computes them again
		String again = transaction.execute(status -> new CustomerPayments(reporting).asOf(MAY) + " " + writtenInTransaction());
		assertThat(again).isEqualTo("true 4");
	}

	/** The rows inserted into the payments kept in the current transaction, as PostgreSQL counts them. */
	private long writtenInTransaction() {
		return reporting.sql("SELECT n_tup_ins FROM pg_stat_xact_user_tables WHERE relid = 'staging.customer_payment'::regclass")
			.query(Long.class)
			.single();
	}

	private void extractAndMerge(ReportingMonth month, String changedSince, String invoices) {
		history.record(month, changedSince);
		reporting.sql("DELETE FROM staging.invoice WHERE run_month = :month").param("month", month.firstDay()).update();
		reporting.sql("""
				INSERT INTO staging.invoice (run_month, invoice_id, customer_id, issued_at, amount, currency, paid_at)
				SELECT :month, invoice_id, customer_id, issued_at::timestamptz, 10, 'EUR', paid_at::timestamptz
				FROM (VALUES %s) AS invoice (invoice_id, customer_id, issued_at, paid_at)
				""".formatted(invoices)).param("month", month.firstDay()).update();
		history.merge(month);
	}

	private void calculate(ReportingMonth month) {
		new HiddenChurnCalculation(reporting, new MetricStore(reporting), 60).calculate(new MonthContext(month, Path.of("unused")));
	}

	/** customer last_paid oldest_unpaid days_since_last_payment days_overdue reason, "-" for null */
	private List<String> flagged(ReportingMonth month) {
		return reporting.sql("""
				SELECT concat_ws(' ', customer_id, coalesce(to_char(last_paid_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'), '-'),
				                 coalesce(to_char(oldest_unpaid_issued_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'), '-'),
				                 coalesce(days_since_last_payment::text, '-'), coalesce(days_overdue::text, '-'), reason)
				FROM mart.hidden_churn_customer WHERE month = :month ORDER BY customer_id""")
			.param("month", month.firstDay())
			.query(String.class)
			.list();
	}

	/** customer first_issued last_paid */
	private List<String> kept() {
		return reporting.sql("""
				SELECT concat_ws(' ', customer_id, to_char(first_issued_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'),
				                 coalesce(to_char(last_paid_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'), '-'))
				FROM staging.customer_payment ORDER BY customer_id""")
			.query(String.class)
			.list();
	}

	/** The latest issue and payment of the history the payments kept cover; empty when they do not. */
	private List<String> coverage() {
		return reporting.sql("""
				SELECT to_char(latest_issued_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') || ' '
				       || to_char(latest_paid_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')
				FROM staging.customer_payment_coverage""")
			.query(String.class)
			.list();
	}

}
