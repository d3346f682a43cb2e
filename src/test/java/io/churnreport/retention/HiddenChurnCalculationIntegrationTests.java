package io.churnreport.retention;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.churnreport.month.MetricStore;
import io.churnreport.month.MonthContext;
import io.churnreport.month.ReportingMonth;
import io.churnreport.report.CustomerIds;
import io.churnreport.report.MonthlyCsvWriter;
import io.churnreport.support.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hidden churn on hand-written staging rows for June 2025 in Berlin (UTC+2 in summer, UTC+1 in
 * winter). The month ends ("as of") at 2025-07-01 00:00 Berlin; with N = 60 the threshold is
 * 2025-05-02 00:00 Berlin (July 1 - 30 days of June = June 1, - 30 more days = May 2). Expected
 * days are counted by hand on the calendar in the comments.
 */
class HiddenChurnCalculationIntegrationTests {

	private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

	private static final ReportingMonth JUNE = new ReportingMonth(YearMonth.of(2025, 6), BERLIN);

	private static final LocalDate MAY_1 = LocalDate.of(2025, 5, 1);

	private static final LocalDate JUNE_1 = LocalDate.of(2025, 6, 1);

	/**
	 * Customers active at the end of June (MRR row for month 2025-06) unless said otherwise, each
	 * with a paid subscription period since 2025-01-01 unless said otherwise.
	 */
	private static final String JUNE_STAGING = """
			INSERT INTO staging.customer_month_mrr (run_month, customer_id, month, mrr, mrr_at_previous_rates) VALUES
			 ('2025-06-01', 'A-paid-exactly-60-days-ago', '2025-06-01', 100.00, 100.00),
			 ('2025-06-01', 'B-paid-59-days-ago',         '2025-06-01', 70.00, 70.00),
			 ('2025-06-01', 'C-paid-recently',            '2025-06-01', 80.00, 80.00),
			 ('2025-06-01', 'D-unpaid-exactly-60-days',   '2025-06-01', 50.00, 50.00),
			 ('2025-06-01', 'E-unpaid-59-days',           '2025-06-01', 90.00, 90.00),
			 ('2025-06-01', 'F-both',                     '2025-06-01', 300.00, 300.00),
			 ('2025-06-01', 'G-never-paid-old',           '2025-06-01', 20.00, 20.00),
			 ('2025-06-01', 'H-never-paid-new',           '2025-06-01', 30.00, 30.00),
			 ('2025-06-01', 'I-invoices-after-june',      '2025-06-01', 40.00, 40.00),
			 ('2025-06-01', 'J-paid-after-june',          '2025-06-01', 60.50, 60.50),
			 ('2025-06-01', 'K-paid-at-the-month-end',    '2025-06-01', 10.25, 10.25),
			 ('2025-06-01', 'M-credit-note',              '2025-06-01', 5.00, 5.00),
			 ('2025-06-01', 'L-churned-in-june',          '2025-05-01', 45.00, 45.00);

			INSERT INTO staging.subscription_period (run_month, subscription_id, customer_id, plan_code, valid_from, valid_to,
			                                         amount, interval_months, currency, is_trial, end_cause) VALUES
			 ('2025-06-01', 'sA', 'A-paid-exactly-60-days-ago', 'p', '2025-01-01 00:00+01', NULL, 100, 1, 'EUR', false, NULL),
			 ('2025-06-01', 'sB', 'B-paid-59-days-ago',         'p', '2025-01-01 00:00+01', NULL, 70, 1, 'EUR', false, NULL),
			 ('2025-06-01', 'sC', 'C-paid-recently',            'p', '2025-01-01 00:00+01', NULL, 80, 1, 'EUR', false, NULL),
			 ('2025-06-01', 'sD', 'D-unpaid-exactly-60-days',   'p', '2025-01-01 00:00+01', NULL, 50, 1, 'EUR', false, NULL),
			 ('2025-06-01', 'sE', 'E-unpaid-59-days',           'p', '2025-01-01 00:00+01', NULL, 90, 1, 'EUR', false, NULL),
			 ('2025-06-01', 'sF', 'F-both',                     'p', '2025-01-01 00:00+01', NULL, 300, 1, 'EUR', false, NULL),
			 -- G never paid: billed since 2025-04-15 00:00 Berlin, 77 days before July 1 (16 days of April + 31 + 30)
			 ('2025-06-01', 'sG', 'G-never-paid-old',           'p', '2025-04-15 00:00+02', NULL, 20, 1, 'EUR', false, NULL),
			 -- H never paid: a trial from April 1 does not count; billed since May 10, 52 days (22 days of May + 30)
			 ('2025-06-01', 'sH1', 'H-never-paid-new',          'p', '2025-04-01 00:00+02', '2025-05-10 00:00+02', 0, 1, 'EUR', true, NULL),
			 ('2025-06-01', 'sH2', 'H-never-paid-new',          'p', '2025-05-10 00:00+02', NULL, 30, 1, 'EUR', false, NULL),
			 ('2025-06-01', 'sI', 'I-invoices-after-june',      'p', '2025-01-01 00:00+01', NULL, 40, 1, 'EUR', false, NULL),
			 ('2025-06-01', 'sJ', 'J-paid-after-june',          'p', '2025-01-01 00:00+01', NULL, 60.5, 1, 'EUR', false, NULL),
			 ('2025-06-01', 'sK', 'K-paid-at-the-month-end',    'p', '2025-01-01 00:00+01', NULL, 10.25, 1, 'EUR', false, NULL),
			 ('2025-06-01', 'sM', 'M-credit-note',              'p', '2025-01-01 00:00+01', NULL, 5, 1, 'EUR', false, NULL),
			 ('2025-06-01', 'sL', 'L-churned-in-june',          'p', '2025-01-01 00:00+01', '2025-06-10 00:00+02', 45, 1, 'EUR', false, 'voluntary');

			INSERT INTO staging.invoice_history (run_month, invoice_id, customer_id, issued_at, amount, currency, paid_at) VALUES
			 -- A: paid exactly 60 days before July 1 00:00 -> 60 days, flagged (at least N days)
			 ('2025-06-01', 'a1', 'A-paid-exactly-60-days-ago', '2025-04-25 00:00+02', 100, 'EUR', '2025-05-02 00:00+02'),
			 -- B: paid one second later -> 59 days 23:59:59, whole days 59, not flagged
			 ('2025-06-01', 'b1', 'B-paid-59-days-ago',         '2025-04-25 00:00+02', 70, 'EUR', '2025-05-02 00:00:01+02'),
			 ('2025-06-01', 'c1', 'C-paid-recently',            '2025-06-10 00:00+02', 80, 'EUR', '2025-06-15 09:00+02'),
			 -- D: paid 10 days ago, but an invoice issued exactly 60 days ago is still unpaid -> overdue 60
			 ('2025-06-01', 'd1', 'D-unpaid-exactly-60-days',   '2025-06-15 00:00+02', 50, 'EUR', '2025-06-21 00:00+02'),
			 ('2025-06-01', 'd2', 'D-unpaid-exactly-60-days',   '2025-05-02 00:00+02', 50, 'EUR', NULL),
			 -- E: the unpaid invoice was issued at noon on May 2 -> 59 days 12 hours, whole days 59
			 ('2025-06-01', 'e1', 'E-unpaid-59-days',           '2025-06-15 00:00+02', 90, 'EUR', '2025-06-21 00:00+02'),
			 ('2025-06-01', 'e2', 'E-unpaid-59-days',           '2025-05-02 12:00+02', 90, 'EUR', NULL),
			 -- F: last paid March 10 12:00 (winter time) -> 22 + 30 + 31 + 30 = 113 days to July 1, minus 12 hours: 112;
			 --    unpaid since April 1 00:00 -> 30 + 31 + 30 = 91 days
			 ('2025-06-01', 'f1', 'F-both',                     '2025-03-01 00:00+01', 300, 'EUR', '2025-03-10 12:00+01'),
			 ('2025-06-01', 'f2', 'F-both',                     '2025-04-01 00:00+02', 300, 'EUR', NULL),
			 ('2025-06-01', 'f3', 'F-both',                     '2025-05-01 00:00+02', 300, 'EUR', NULL),
			 -- H: its first invoice is unpaid since May 10 -> 52 days
			 ('2025-06-01', 'h1', 'H-never-paid-new',           '2025-05-10 00:00+02', 30, 'EUR', NULL),
			 -- I: invoices issued from July 1 00:00 on do not count, even the one paid before July 2;
			 --    its last counted payment is April 2 00:00 -> 29 + 31 + 30 = 90 days
			 ('2025-06-01', 'i1', 'I-invoices-after-june',      '2025-04-01 00:00+02', 40, 'EUR', '2025-04-02 00:00+02'),
			 ('2025-06-01', 'i2', 'I-invoices-after-june',      '2025-07-01 00:00+02', 40, 'EUR', '2025-07-01 01:00+02'),
			 ('2025-06-01', 'i3', 'I-invoices-after-june',      '2025-07-02 00:00+02', 40, 'EUR', NULL),
			 -- J: paid June 1 -> 30 days; an invoice of April 20 paid only on July 3 was unpaid at the
			 --    month end -> 11 + 31 + 30 = 72 days overdue
			 ('2025-06-01', 'j1', 'J-paid-after-june',          '2025-05-25 00:00+02', 60.5, 'EUR', '2025-06-01 00:00+02'),
			 ('2025-06-01', 'j2', 'J-paid-after-june',          '2025-04-20 00:00+02', 60.5, 'EUR', '2025-07-03 00:00+02'),
			 -- K: paid June 10 -> 21 days; an invoice of May 1 paid at exactly July 1 00:00 was unpaid
			 --    at the month end -> 61 days overdue
			 ('2025-06-01', 'k1', 'K-paid-at-the-month-end',    '2025-06-01 00:00+02', 10.25, 'EUR', '2025-06-10 00:00+02'),
			 ('2025-06-01', 'k2', 'K-paid-at-the-month-end',    '2025-05-01 00:00+02', 10.25, 'EUR', '2025-07-01 00:00+02'),
			 -- M: a credit note "paid" on June 20 is no payment; the last real one is April 1 00:00 ->
			 --    30 + 31 + 30 = 91 days; an unpaid zero invoice owes nothing
			 ('2025-06-01', 'm1', 'M-credit-note',              '2025-03-25 00:00+01', 5, 'EUR', '2025-04-01 00:00+02'),
			 ('2025-06-01', 'm2', 'M-credit-note',              '2025-06-20 00:00+02', -10, 'EUR', '2025-06-20 00:00+02'),
			 ('2025-06-01', 'm3', 'M-credit-note',              '2025-01-10 00:00+01', 0, 'EUR', NULL),
			 -- L has no MRR at the end of June: not hidden churn however long it has not paid
			 ('2025-06-01', 'l1', 'L-churned-in-june',          '2025-01-01 00:00+01', 45, 'EUR', '2025-01-02 00:00+01');
			""";

	/** May computed, flagging three customers. */
	private static final String MAY_FLAGGED_THREE = """
			INSERT INTO mart.monthly_metric (month, metric, value) VALUES ('2025-05-01', 'hidden_churn_customers', 3);
			INSERT INTO mart.hidden_churn_customer (month, customer_id, mrr, last_paid_at, oldest_unpaid_issued_at,
			                                        days_since_last_payment, days_overdue, reason) VALUES
			 ('2025-05-01', 'A-paid-exactly-60-days-ago', 100, '2025-03-01 00:00+01', NULL, 61, NULL, 'no_payment'),
			 ('2025-05-01', 'L-churned-in-june', 45, '2025-01-02 00:00+01', NULL, 149, NULL, 'no_payment'),
			 ('2025-05-01', 'X-gone', 12, NULL, '2025-02-01 00:00+01', 120, 119, 'both');
			""";

	@Test
	void flagsCustomersActiveAtTheMonthEndWhoStoppedPaying() {
		DataSource reporting = database();
		new JdbcTemplate(reporting).execute(JUNE_STAGING);

		calculate(reporting, 60);

		// customer mrr last_paid oldest_unpaid days_since_last_payment days_overdue reason, "-" for null
		assertThat(new JdbcTemplate(reporting).queryForList("""
				SELECT concat_ws(' ', customer_id, mrr,
				                 coalesce(to_char(last_paid_at AT TIME ZONE 'Europe/Berlin', 'YYYY-MM-DD"T"HH24:MI'), '-'),
				                 coalesce(to_char(oldest_unpaid_issued_at AT TIME ZONE 'Europe/Berlin', 'YYYY-MM-DD"T"HH24:MI'), '-'),
				                 coalesce(days_since_last_payment::text, '-'), coalesce(days_overdue::text, '-'), reason)
				FROM mart.hidden_churn_customer WHERE month = '2025-06-01' ORDER BY customer_id
				""", String.class)).containsExactly(
				"A-paid-exactly-60-days-ago 100.00 2025-05-02T00:00 - 60 - no_payment",
				"D-unpaid-exactly-60-days 50.00 2025-06-21T00:00 2025-05-02T00:00 10 60 overdue",
				"F-both 300.00 2025-03-10T12:00 2025-04-01T00:00 112 91 both",
				"G-never-paid-old 20.00 - - 77 - no_payment",
				"I-invoices-after-june 40.00 2025-04-02T00:00 - 90 - no_payment",
				"J-paid-after-june 60.50 2025-06-01T00:00 2025-04-20T00:00 30 72 overdue",
				"K-paid-at-the-month-end 10.25 2025-06-10T00:00 2025-05-01T00:00 21 61 overdue",
				"M-credit-note 5.00 2025-04-01T00:00 - 91 - no_payment");
		// 100 + 50 + 300 + 20 + 40 + 60.50 + 10.25 + 5 = 585.75; May was never computed
		assertThat(metrics(reporting, JUNE_1)).containsEntry("hidden_churn_customers", new BigDecimal("8"))
			.containsEntry("hidden_churn_mrr", new BigDecimal("585.75"))
			.containsEntry("hidden_churn_confirmed", null)
			.containsEntry("hidden_churn_confirmed_rate", null);
	}

	@Test
	void theNumberOfDaysIsConfigurable() {
		DataSource reporting = database();
		new JdbcTemplate(reporting).execute(JUNE_STAGING);

		calculate(reporting, 90);

		// at least 90 days: F (112 and 91 days), I (90 days without payment), M (91 days without payment)
		assertThat(new JdbcTemplate(reporting).queryForList(
				"SELECT customer_id || ':' || reason FROM mart.hidden_churn_customer WHERE month = '2025-06-01' ORDER BY 1",
				String.class))
			.containsExactly("F-both:both", "I-invoices-after-june:no_payment", "M-credit-note:no_payment");
		assertThat(metrics(reporting, JUNE_1)).containsEntry("hidden_churn_customers", new BigDecimal("3"))
			.containsEntry("hidden_churn_mrr", new BigDecimal("345.00"));
	}

	@Test
	void confirmsLastMonthsHiddenChurnersWhoHaveNoMrrAtTheMonthEnd() {
		DataSource reporting = database();
		JdbcTemplate jdbc = new JdbcTemplate(reporting);
		jdbc.execute(JUNE_STAGING);
		// A is still active at the end of June, L and X have no MRR at the end of June -> 2 confirmed
		// of 3 = 0.666666.. -> 0.666667
		jdbc.execute(MAY_FLAGGED_THREE);

		calculate(reporting, 60);

		assertThat(metrics(reporting, JUNE_1)).containsEntry("hidden_churn_confirmed", new BigDecimal("2"))
			.containsEntry("hidden_churn_confirmed_rate", new BigDecimal("0.666667"));
	}

	@Test
	void confirmsNoneWithoutARateWhenLastMonthFlaggedNobody() {
		DataSource reporting = database();
		JdbcTemplate jdbc = new JdbcTemplate(reporting);
		jdbc.execute(JUNE_STAGING);
		jdbc.execute("INSERT INTO mart.monthly_metric (month, metric, value) VALUES ('2025-05-01', 'hidden_churn_customers', 0)");

		calculate(reporting, 60);

		assertThat(metrics(reporting, JUNE_1)).containsEntry("hidden_churn_confirmed", BigDecimal.ZERO)
			.containsEntry("hidden_churn_confirmed_rate", null);
	}

	@Test
	void aMonthWithoutActiveCustomersHasNoHiddenChurn() {
		DataSource reporting = database();

		calculate(reporting, 60);

		assertThat(metrics(reporting, JUNE_1)).containsEntry("hidden_churn_customers", BigDecimal.ZERO)
			.containsEntry("hidden_churn_mrr", new BigDecimal("0.00"));
	}

	@Test
	void isNotJudgedWhenBillingHoldsNoInvoice() {
		DataSource reporting = database();
		JdbcTemplate jdbc = new JdbcTemplate(reporting);
		jdbc.execute(JUNE_STAGING);
		// the same customers without a single invoice: G alone, billed since April 15 (77 days), would
		// pass for a customer who never paid, and so would every customer billed since January
		jdbc.execute("DELETE FROM staging.invoice_history");
		// May's list, two of whom have no MRR at the end of June: nothing to confirm them against
		jdbc.execute(MAY_FLAGGED_THREE);

		calculate(reporting, 60);

		assertThat(jdbc.queryForObject("SELECT count(*) FROM mart.hidden_churn_customer WHERE month = '2025-06-01'",
				Integer.class)).isZero();
		assertThat(metrics(reporting, JUNE_1)).containsEntry("hidden_churn_customers", null)
			.containsEntry("hidden_churn_mrr", null)
			.containsEntry("hidden_churn_confirmed", null)
			.containsEntry("hidden_churn_confirmed_rate", null);
	}

	@Test
	void replacesItsRowsWhenTheMonthIsComputedAgain() {
		DataSource reporting = database();
		new JdbcTemplate(reporting).execute(JUNE_STAGING);

		calculate(reporting, 60);
		calculate(reporting, 60);

		assertThat(new JdbcTemplate(reporting).queryForObject(
				"SELECT count(*) FROM mart.hidden_churn_customer WHERE month = '2025-06-01'", Integer.class))
			.isEqualTo(8);
		assertThat(metrics(reporting, JUNE_1)).containsEntry("hidden_churn_customers", new BigDecimal("8"));
		// May's list is untouched by June's run
		assertThat(metrics(reporting, MAY_1)).isEmpty();
	}

	@Test
	void writesTheListByMrrWithDatesInTheReportingTimeZone(@TempDir Path directory) throws IOException {
		DataSource reporting = database();
		JdbcTemplate jdbc = new JdbcTemplate(reporting);
		jdbc.execute(JUNE_STAGING);
		jdbc.execute("""
				INSERT INTO mart.month_run (month, job_execution_id, started_at, time_zone, currency, classifier_sha256)
				VALUES ('2025-06-01', 1, now(), 'Europe/Berlin', 'EUR', 'x')
				""");
		calculate(reporting, 60);

		new MonthlyCsvWriter(reporting, List.of(new RetentionCsvFiles().hiddenChurnCsv()), CustomerIds.inFull())
			.write(JUNE, directory);

		// A was paid at 2025-05-02 00:00 Berlin, which is still May 1 in UTC
		assertThat(Files.readAllLines(directory.resolve("hidden-churn.csv"), StandardCharsets.UTF_8)).containsExactly(
				"customer_id,mrr,last_paid_at,oldest_unpaid_issued_at,days_since_last_payment,days_overdue,reason",
				"F-both,300.00,2025-03-10,2025-04-01,112,91,both",
				"A-paid-exactly-60-days-ago,100.00,2025-05-02,,60,,no_payment",
				"J-paid-after-june,60.50,2025-06-01,2025-04-20,30,72,overdue",
				"D-unpaid-exactly-60-days,50.00,2025-06-21,2025-05-02,10,60,overdue",
				"I-invoices-after-june,40.00,2025-04-02,,90,,no_payment",
				"G-never-paid-old,20.00,,,77,,no_payment",
				"K-paid-at-the-month-end,10.25,2025-06-10,2025-05-01,21,61,overdue",
				"M-credit-note,5.00,2025-04-01,,91,,no_payment");
	}

	private static DataSource database() {
		DataSource reporting = TestPostgres.migratedReportingDatabase("hidden_churn");
		return reporting;
	}

	private static void calculate(DataSource reporting, int hiddenChurnDays) {
		JdbcClient jdbc = JdbcClient.create(reporting);
		new HiddenChurnCalculation(jdbc, new MetricStore(jdbc), hiddenChurnDays)
			.calculate(new MonthContext(JUNE, Path.of("unused")));
	}

	private static Map<String, Object> metrics(DataSource reporting, LocalDate month) {
		Map<String, Object> metrics = new LinkedHashMap<>();
		new JdbcTemplate(reporting).query("SELECT metric, value FROM mart.monthly_metric WHERE month = ?",
				rs -> {
					metrics.put(rs.getString("metric"), rs.getBigDecimal("value"));
				}, month);
		return metrics;
	}

}
