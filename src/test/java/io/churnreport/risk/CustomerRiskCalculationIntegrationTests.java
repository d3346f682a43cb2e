package io.churnreport.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.churnreport.month.MetricStore;
import io.churnreport.month.MonthContext;
import io.churnreport.month.ReportingMonth;
import io.churnreport.report.CustomerIds;
import io.churnreport.report.MonthlyCsvWriter;
import io.churnreport.support.TestPostgres;
import io.churnreport.system.ChurnProperties;

/**
 * A hand-built history in which one thing tells the churners apart: an unpaid invoice.
 * <ul>
 * <li>200 customers (S001 to S200) have MRR 50 from July 2024 to July 2025 and pay every month's
 * invoice (issued on the 15th) two days later.</li>
 * <li>Ten customers a month (cohorts C2025-01 to C2025-07) have the same MRR and payments from
 * July 2024 until their cohort's month, and none after: they churn the month after. In their last
 * month they also leave an invoice unpaid, issued on the 20th (11 or fewer days before the
 * month's end, so not late).</li>
 * </ul>
 * Every other feature is the same for everyone: tenure (all started in July 2024), MRR, no
 * subscription periods, no cancellation requests, the latest payment on the 17th.
 */
class CustomerRiskCalculationIntegrationTests {

	private static final ReportingMonth JUNE = month(2025, 6);

	private static final ReportingMonth JULY = month(2025, 7);

	private static final String HISTORY = """
			INSERT INTO staging.customer_month_mrr (run_month, customer_id, month, mrr, mrr_at_previous_rates)
			SELECT '2025-07-01', 'S' || lpad(s::text, 3, '0'), m::date, 50, 50
			FROM generate_series(1, 200) s, generate_series('2024-07-01'::date, '2025-07-01', '1 month') m;

			INSERT INTO staging.customer_month_mrr (run_month, customer_id, month, mrr, mrr_at_previous_rates)
			SELECT '2025-07-01', 'C' || to_char(c, 'YYYY-MM') || '-' || lpad(k::text, 2, '0'), m::date, 50, 50
			FROM generate_series('2025-01-01'::date, '2025-07-01', '1 month') c, generate_series(1, 10) k,
			     generate_series('2024-07-01'::date, c, '1 month') m;

			INSERT INTO staging.invoice_history (invoice_id, customer_id, issued_at, amount, currency, paid_at, run_month)
			SELECT customer_id || '/' || to_char(month, 'YYYY-MM'), customer_id, (month + 14)::timestamp AT TIME ZONE 'UTC',
			       50, 'EUR', (month + 16)::timestamp AT TIME ZONE 'UTC', '2025-07-01'
			FROM staging.customer_month_mrr;

			INSERT INTO staging.invoice_history (invoice_id, customer_id, issued_at, amount, currency, paid_at, run_month)
			SELECT customer_id || '/unpaid', customer_id, (month + 19)::timestamp AT TIME ZONE 'UTC', 50, 'EUR', NULL,
			       '2025-07-01'
			FROM staging.customer_month_mrr
			WHERE customer_id LIKE 'C%' AND month = to_date(substr(customer_id, 2, 7), 'YYYY-MM');
			""";

	@TempDir
	Path directory;

	@Test
	void theUnpaidInvoiceIsLearnedRankedFirstAndNamedAsTheFactor() throws IOException {
		DataSource reporting = history();

		calculate(reporting, JULY);

		JdbcClient mart = JdbcClient.create(reporting);
		// in July: the 200 who stay and July's cohort, whose unpaid invoice is all that sets them apart
		List<Map<String, Object>> scored = mart.sql("""
				SELECT customer_id, band, array_to_string(factors, ',') AS factors, explanation, tenure_months
				FROM mart.risk_customer WHERE month = '2025-07-01' ORDER BY score DESC, customer_id
				""").query().listOfRows();
		assertThat(scored).hasSize(210);
		for (Map<String, Object> customer : scored.subList(0, 10)) {
			assertThat(customer.get("customer_id").toString()).startsWith("C2025-07-");
			assertThat(customer).containsEntry("band", "red")
				.containsEntry("factors", "unpaid_invoices")
				.containsEntry("explanation", "1 unpaid invoice")
				.containsEntry("tenure_months", 12);
		}
		for (Map<String, Object> customer : scored.subList(10, 210)) {
			assertThat(customer.get("customer_id").toString()).startsWith("S");
			assertThat(customer).containsEntry("band", "green").containsEntry("factors", "").containsEntry("explanation", "");
		}
		// learned from January to June: 6 months, each with its 10 churners
		assertThat(mart.sql("SELECT scored, labelled_months, training_churners FROM mart.risk_model WHERE month = '2025-07-01'")
			.query().singleRow()).containsEntry("scored", true).containsEntry("labelled_months", 6)
			.containsEntry("training_churners", 60);
		double unpaid = mart.sql("SELECT (coefficients ->> 'unpaid_invoices')::float8 FROM mart.risk_model")
			.query(Double.class).single();
		assertThat(unpaid).isPositive();
		assertThat(metrics(reporting, JULY)).containsEntry("at_risk_red_customers", new BigDecimal("10"))
			.containsEntry("at_risk_red_mrr", new BigDecimal("500.00"))
			.containsEntry("at_risk_yellow_customers", BigDecimal.ZERO)
			.containsEntry("at_risk_yellow_mrr", new BigDecimal("0.00"));

		new MonthlyCsvWriter(reporting, List.of(new RiskCsvFiles().atRiskCustomersCsv()), CustomerIds.inFull())
			.write(JULY, directory);
		List<String> csv = Files.readAllLines(directory.resolve("at-risk-customers.csv"), StandardCharsets.UTF_8);
		assertThat(csv).hasSize(211);
		assertThat(csv.get(0)).isEqualTo("customer_id,band,score,mrr,tenure_months,factors,explanation");
		assertThat(csv.get(1)).startsWith("C2025-07-01,red,0.").endsWith(",50.00,12,unpaid_invoices,1 unpaid invoice");
		assertThat(csv.get(210)).startsWith("S200,green,0.").endsWith(",50.00,12,,");
	}

	/**
	 * June's list checked against July, by hand: 220 customers were on it (200 who stay, June's and
	 * July's cohorts); June's 10 churned in July and scored above the 210 others, who all scored
	 * alike. AUC 1. The top decile is 22 customers: the 10 churners and 12 of the tie: precision
	 * 10/22 = 0.454545, recall 1. Everyone's tenure was 11 months, so the tenure rule ties all 220:
	 * AUC 0.5, and its top decile holds 22/220 of the 10 churners: precision 1/22 = 0.045455, a lift
	 * of 10. The red band is exactly the 10 churners.
	 */
	@Test
	void lastMonthsListIsCheckedAgainstWhoChurnedAndAgainstTheTenureRule() {
		DataSource reporting = history();

		calculate(reporting, JUNE);
		calculate(reporting, JULY);

		assertThat(JdbcClient.create(reporting).sql("SELECT * FROM mart.risk_backtest WHERE month = '2025-07-01'")
			.query().singleRow()).containsEntry("customers", 220)
			.containsEntry("churners", 10)
			.containsEntry("auc", new BigDecimal("1.000000"))
			.containsEntry("naive_auc", new BigDecimal("0.500000"))
			.containsEntry("top_decile_precision", new BigDecimal("0.454545"))
			.containsEntry("top_decile_recall", new BigDecimal("1.000000"))
			.containsEntry("naive_top_decile_precision", new BigDecimal("0.045455"))
			.containsEntry("lift_over_naive", new BigDecimal("10.000000"))
			.containsEntry("red_precision", new BigDecimal("1.000000"))
			.containsEntry("red_recall", new BigDecimal("1.000000"))
			.containsEntry("beats_naive_rule", true);
		assertThat(metrics(reporting, JULY)).containsEntry("risk_list_auc", new BigDecimal("1.000000"))
			.containsEntry("risk_tenure_rule_auc", new BigDecimal("0.500000"));
		// June had no list before it to check
		assertThat(metrics(reporting, JUNE)).containsEntry("risk_list_auc", null);
	}

	/**
	 * In August the signal the model learned stops holding: July's cohort, red for its unpaid
	 * invoice, all stay, and ten of the 200 alike (S001 to S010) leave. By hand, on July's 210: each
	 * churner ties with the 190 other S (a half each) and scores below the 10 red, so the model's AUC
	 * is 10 x 95 / (10 x 200) = 0.475. Everyone has 12 months' tenure, so the tenure rule scores all
	 * alike: 0.5, and the model does worse. Its top decile (21) holds the 10 red and 11 of the
	 * 200-way tie, 11 x 10/200 = 0.55 churners: precision 0.55/21 = 0.026190, against the rule's
	 * 21 x 10/210 = 1 churner: 1/21 = 0.047619, a lift of 0.55. The red band caught no churner.
	 */
	@Test
	void whenTheModelDoesWorseThanTheTenureRuleTheCheckSaysSo() {
		DataSource reporting = history();
		new JdbcTemplate(reporting).execute("""
				INSERT INTO staging.customer_month_mrr (run_month, customer_id, month, mrr, mrr_at_previous_rates)
				SELECT '2025-08-01', customer_id, '2025-08-01', 50, 50
				FROM staging.customer_month_mrr
				WHERE month = '2025-07-01' AND customer_id NOT BETWEEN 'S001' AND 'S010'
				""");

		calculate(reporting, JULY);
		calculate(reporting, month(2025, 8));

		assertThat(JdbcClient.create(reporting).sql("SELECT * FROM mart.risk_backtest WHERE month = '2025-08-01'")
			.query().singleRow()).containsEntry("customers", 210)
			.containsEntry("churners", 10)
			.containsEntry("auc", new BigDecimal("0.475000"))
			.containsEntry("naive_auc", new BigDecimal("0.500000"))
			.containsEntry("top_decile_precision", new BigDecimal("0.026190"))
			.containsEntry("top_decile_recall", new BigDecimal("0.055000"))
			.containsEntry("naive_top_decile_precision", new BigDecimal("0.047619"))
			.containsEntry("lift_over_naive", new BigDecimal("0.550000"))
			.containsEntry("red_precision", new BigDecimal("0.000000"))
			.containsEntry("red_recall", new BigDecimal("0.000000"))
			.containsEntry("beats_naive_rule", false);
	}

	/**
	 * The churn of a customer's kind, by hand, for July: it reads January to June, whose next months
	 * are known. Segment SMB holds S001 to S050 and every cohort, ENT the others; S151 to S200 are
	 * on plan P2, the rest on none; no one has a region.
	 * <ul>
	 * <li>Customer-months: the cohorts 70 + 60 + 50 + 40 + 30 + 20 = 270 with 60 churners; S001 to
	 * S050 300, S051 to S150 600, S151 to S200 300, none churned. All: 1,470 with 60, a rate of 2/49.</li>
	 * <li>SMB: (60 + 100 x 2/49) / (570 + 100), against 2/49: 3,140/1,340 = 2.343284. ENT:
	 * (0 + 100 x 2/49) / (900 + 100) against 2/49: 0.1.</li>
	 * <li>No plan: (60 + 100 x 2/49) / (1,170 + 100) against 2/49: 3,140/2,540 = 1.236220. P2:
	 * 100/400 = 0.25. Everyone in one region ('' for none): exactly 1.</li>
	 * <li>Managed reasons: 2 of each cohort's 10. Only months computed have known reasons: March to
	 * June (their next months April to June are in mart.month_run, July is being computed). There,
	 * 940 customer-months (cohorts 140, the 200 x 4), 8 of them churned for a managed reason: 2/235.
	 * SMB without a plan: 340 with 8, (8 + 100 x 2/235) / 440 against 2/235 = 2,080/880 = 2.363636;
	 * ENT without a plan: 400 with none, 0.2; ENT on P2: 200 with none, 0.333333.</li>
	 * </ul>
	 */
	@Test
	void theChurnOfEachKindOfCustomerIsReadFromTheMonthsBeforeAgainstAllCustomers() {
		DataSource reporting = history();
		kindsOfCustomers(reporting);
		churnedCustomers(reporting, LocalDate.of(2000, 1, 1), JULY.firstDay());

		calculate(reporting, JULY);

		assertThat(features(reporting, "S001")).containsEntry("segment_churn", 2.343284)
			.containsEntry("plan_churn", 1.236220)
			.containsEntry("region_churn", 1.0)
			.containsEntry("similar_managed_churn", 2.363636);
		assertThat(features(reporting, "S100")).containsEntry("segment_churn", 0.1)
			.containsEntry("plan_churn", 1.236220)
			.containsEntry("similar_managed_churn", 0.2);
		assertThat(features(reporting, "S200")).containsEntry("segment_churn", 0.1)
			.containsEntry("plan_churn", 0.25)
			.containsEntry("similar_managed_churn", 0.333333);
	}

	/**
	 * The churners of June are July's, which the month's run publishes in the transaction that then
	 * computes customers at risk: counted outside it, June would keep no managed churner for good
	 * (its next month's reasons known). By hand: June's cohort, 10 SMB customers without a plan or
	 * region, all churned in July, 2 of them (01 and 02) for a managed reason.
	 */
	@Test
	void theMonthBeforeCountsTheChurnersTheMonthPublishesInItsOwnTransaction() {
		DataSource reporting = history();
		kindsOfCustomers(reporting);
		churnedCustomers(reporting, LocalDate.of(2000, 1, 1), JUNE.firstDay());

		new TransactionTemplate(new DataSourceTransactionManager(reporting)).executeWithoutResult(status -> {
			churnedCustomers(reporting, JULY.firstDay(), JULY.firstDay());
			calculate(reporting, JULY);
		});

		assertThat(JdbcClient.create(reporting).sql("""
				SELECT churners || ' churners, ' || managed_churners || ' managed, reasons known: ' || reasons_known
				FROM staging.risk_cell_month
				WHERE month = '2025-06-01' AND segment = 'SMB' AND region = '' AND plan_code = ''
				""").query(String.class).single()).isEqualTo("10 churners, 2 managed, reasons known: true");
	}

	/**
	 * Segments (C and S001 to S050 SMB, the others ENT), plan P2 for S151 to S200, and April to June
	 * computed (in mart.month_run).
	 */
	private static void kindsOfCustomers(DataSource reporting) {
		new JdbcTemplate(reporting).execute("""
				INSERT INTO staging.customer (run_month, customer_id, created_at, segment, region)
				SELECT DISTINCT '2025-07-01'::date, customer_id, '2024-07-01'::timestamptz,
				       CASE WHEN customer_id LIKE 'C%' OR customer_id <= 'S050' THEN 'SMB' ELSE 'ENT' END, NULL
				FROM staging.customer_month_mrr;

				INSERT INTO staging.subscription_period (run_month, subscription_id, customer_id, plan_code, valid_from,
				                                         valid_to, amount, interval_months, currency, is_trial, end_cause)
				SELECT '2025-07-01', 'sub-' || s, 'S' || lpad(s::text, 3, '0'), 'P2', '2024-07-01', NULL, 600, 12, 'EUR',
				       false, NULL
				FROM generate_series(151, 200) s;

				INSERT INTO mart.month_run (month, job_execution_id, started_at, time_zone, currency, classifier_sha256)
				SELECT m::date, 1, now(), 'UTC', 'EUR', 'test'
				FROM generate_series('2025-04-01'::date, '2025-06-01', '1 month') m;
				""");
	}

	/** The cohorts' churners of the months given, 2 of each 10 for a managed reason. */
	private static void churnedCustomers(DataSource reporting, LocalDate fromMonth, LocalDate toMonth) {
		JdbcClient.create(reporting).sql("""
				INSERT INTO mart.churned_customer (month, customer_id, mrr_lost, reason_class)
				SELECT churn_month, customer_id, 50,
				       CASE WHEN right(customer_id, 2) IN ('01', '02') THEN 'managed' ELSE 'unmanaged' END
				FROM (SELECT (to_date(substr(customer_id, 2, 7), 'YYYY-MM') + interval '1 month')::date AS churn_month,
				             customer_id
				      FROM staging.customer_month_mrr
				      WHERE customer_id LIKE 'C%' AND month = to_date(substr(customer_id, 2, 7), 'YYYY-MM')) AS churned
				WHERE churn_month BETWEEN :fromMonth AND :toMonth
				""").param("fromMonth", fromMonth).param("toMonth", toMonth).update();
	}

	/**
	 * Returns count over the last 12 months (August 2024 to July 2025 for July), by hand:
	 * <ul>
	 * <li>R1, from July 2024, away in October 2024 and March 2025: back in November and April, 2.</li>
	 * <li>R2, in May 2024, away June to August, back in September 2024: 1, though its months
	 * before the 12 are not read.</li>
	 * <li>R3, new in February 2025 and there since: its first month is no return, 0.</li>
	 * <li>R4, in March 2024, away April to July, back in August 2024: 1.</li>
	 * <li>R5, March to May 2024, away in June, back in July 2024, 13 months before: 0.</li>
	 * </ul>
	 * Tenure counts from the first month, however long ago: 12, 14, 5, 16 and 16 months.
	 */
	@Test
	void returnsAreCountedOverTheLast12MonthsAndTenureFromTheFirstMonth() {
		DataSource reporting = history();
		new JdbcTemplate(reporting).execute("""
				INSERT INTO staging.customer_month_mrr (run_month, customer_id, month, mrr, mrr_at_previous_rates)
				SELECT '2025-07-01', customer_id, m::date, 50, 50
				FROM (VALUES ('R1', '2024-07-01'::date), ('R2', '2024-05-01'), ('R3', '2025-02-01'), ('R4', '2024-03-01'),
				             ('R5', '2024-03-01')) AS r(customer_id, first_month),
				     generate_series(first_month, '2025-07-01', '1 month') m
				WHERE (customer_id, m::date) NOT IN (('R1', '2024-10-01'), ('R1', '2025-03-01'), ('R2', '2024-06-01'),
				                                     ('R2', '2024-07-01'), ('R2', '2024-08-01'), ('R4', '2024-04-01'),
				                                     ('R4', '2024-05-01'), ('R4', '2024-06-01'), ('R4', '2024-07-01'),
				                                     ('R5', '2024-06-01'))
				""");

		calculate(reporting, JULY);

		assertThat(JdbcClient.create(reporting).sql("""
				SELECT r.customer_id || ' ' || r.features[array_position(m.feature_codes, 'reactivations')] || ' ' || r.tenure_months
				FROM mart.risk_customer r JOIN mart.risk_model m USING (month)
				WHERE r.month = '2025-07-01' AND r.customer_id LIKE 'R%' ORDER BY r.customer_id
				""").query(String.class).list()).containsExactly("R1 2 12", "R2 1 14", "R3 0 5", "R4 1 16", "R5 0 16");
	}

	/** The relative churn features the month stored for a customer, rounded to 6 decimals. */
	private static Map<String, Double> features(DataSource reporting, String customerId) {
		Map<String, Double> features = new HashMap<>();
		JdbcClient.create(reporting)
			.sql("""
					SELECT stored.code AS key, round(stored.value::numeric, 6)::float8 AS value
					FROM mart.risk_customer r JOIN mart.risk_model m USING (month),
					     unnest(m.feature_codes, r.features) AS stored (code, value)
					WHERE r.month = '2025-07-01' AND r.customer_id = :customer AND stored.code LIKE '%churn'
					""")
			.param("customer", customerId)
			.query((java.sql.ResultSet rows) -> {
				features.put(rows.getString("key"), rows.getDouble("value"));
			});
		return features;
	}

	@Test
	void withTooLittleHistoryTheModelIsSkippedSayingWhyAndTheMonthGoesOn() {
		DataSource reporting = history();
		ReportingMonth september2024 = month(2024, 9);

		calculate(reporting, september2024);

		// July and August 2024 have customers, June 2024 none: 2 months, fewer than 3
		assertThat(JdbcClient.create(reporting).sql("SELECT scored, skipped_because FROM mart.risk_model").query().singleRow())
			.containsEntry("scored", false)
			.containsEntry("skipped_because",
					"only 2 earlier months with customers, fewer than churn.risk.minimum-labelled-months (3)");
		assertThat(JdbcClient.create(reporting).sql("SELECT count(*) FROM mart.risk_customer").query(Long.class).single())
			.isZero();
		assertThat(metrics(reporting, september2024)).containsEntry("at_risk_red_customers", null)
			.containsEntry("at_risk_red_mrr", null);
	}

	@Test
	void theSameMonthGivesTheSameScoresWhenComputedAgain() {
		DataSource reporting = history();
		calculate(reporting, JULY);
		List<String> first = scores(reporting);

		calculate(reporting, JULY);

		assertThat(scores(reporting)).hasSize(210).isEqualTo(first);
	}

	/**
	 * The month's customers are read on a connection of their own, beside the step's writing of
	 * their scores, unless the step's transaction wrote tables they are read from (here the payments
	 * kept, computed from the invoice history in it): the same scores either way.
	 */
	@Test
	void customersReadOnAConnectionOfTheirOwnAreScoredAsInTheStepsTransaction() {
		DataSource inTransaction = history();
		new TransactionTemplate(new DataSourceTransactionManager(inTransaction)).executeWithoutResult(status -> {
			RiskFeatureQuery query = new RiskFeatureQuery(new JdbcTemplate(inTransaction));
			assertThat(query.prepareRunMonth(JULY).readableElsewhere()).as("payments computed in it").isFalse();
			calculate(inTransaction, JULY);
		});
		DataSource elsewhere = history("risk_elsewhere");
		RiskFeatureQuery query = new RiskFeatureQuery(new JdbcTemplate(elsewhere));
		TransactionTemplate step = new TransactionTemplate(new DataSourceTransactionManager(elsewhere));
		// the payments kept brought to July's end and committed, as the invoices' merge leaves them
		step.executeWithoutResult(status -> query.prepareRunMonth(JULY));
		step.executeWithoutResult(status -> {
			assertThat(query.prepareRunMonth(JULY).readableElsewhere()).as("nothing read written in it").isTrue();
			calculate(elsewhere, JULY);
		});

		assertThat(scores(elsewhere)).hasSize(210).isEqualTo(scores(inTransaction));
	}

	/**
	 * A month scored by its own run is learned from the features that run stored, which are what
	 * describing it again gives: July learns the same model either way. March is not scored (its
	 * 6 months hold 20 churners), so July describes January to March again and reads April to June.
	 */
	@Test
	void monthsScoredBeforeAreLearnedFromTheFeaturesTheirRunStored() {
		DataSource fromScratch = history();
		calculate(fromScratch, JULY);
		DataSource monthByMonth = history("risk_month_by_month");
		for (int month = 3; month <= 6; month++) {
			calculate(monthByMonth, month(2025, month));
		}
		assertThat(JdbcClient.create(monthByMonth).sql("SELECT month FROM mart.risk_customer GROUP BY month ORDER BY month")
			.query(String.class).list()).containsExactly("2025-04-01", "2025-05-01", "2025-06-01");

		calculate(monthByMonth, JULY);

		assertThat(scores(monthByMonth, JULY)).hasSize(210).isEqualTo(scores(fromScratch, JULY));
		assertThat(coefficients(monthByMonth)).isEqualTo(coefficients(fromScratch));

		// were the stored features not read, this would change nothing
		JdbcClient.create(monthByMonth).sql("""
				UPDATE mart.risk_customer r SET features[array_position(m.feature_codes, 'unpaid_invoices')] = 0
				FROM mart.risk_model m
				WHERE m.month = r.month AND r.month BETWEEN '2025-04-01' AND '2025-06-01'
				""").update();
		calculate(monthByMonth, JULY);
		assertThat(coefficients(monthByMonth)).isNotEqualTo(coefficients(fromScratch));
	}

	/**
	 * In the month's pipeline the model is trained beside the calculations before this one (each
	 * month learned from in a transaction of its own), and the calculation takes it in its turn, in
	 * the step's transaction: the same model and scores as trained in its turn.
	 */
	@Test
	void aModelTrainedAheadOfItsTurnIsTheModelTrainedInItsTurn() {
		DataSource inTurn = history();
		calculate(inTurn, JULY);
		DataSource ahead = history("risk_ahead");
		CustomerRiskCalculation calculation = calculation(ahead);
		MonthContext july = new MonthContext(JULY, Path.of("config"));

		new TransactionTemplate(new DataSourceTransactionManager(ahead)).executeWithoutResult(status -> {
			Future<?> training = calculation.startReading(july).orElseThrow();
			calculation.calculate(july);
			assertThat(training).isDone();
		});

		assertThat(scores(ahead, JULY)).hasSize(210).isEqualTo(scores(inTurn, JULY));
		assertThat(coefficients(ahead)).isEqualTo(coefficients(inTurn));
	}

	private static String coefficients(DataSource reporting) {
		return JdbcClient.create(reporting)
			.sql("SELECT coefficients::text FROM mart.risk_model WHERE month = '2025-07-01'")
			.query(String.class)
			.single();
	}

	private static List<String> scores(DataSource reporting, ReportingMonth month) {
		return JdbcClient.create(reporting)
			.sql("SELECT customer_id || ' ' || score || ' ' || band FROM mart.risk_customer WHERE month = :month ORDER BY customer_id")
			.param("month", month.firstDay())
			.query(String.class)
			.list();
	}

	private static List<String> scores(DataSource reporting) {
		return JdbcClient.create(reporting)
			.sql("SELECT customer_id || ' ' || score || ' ' || band FROM mart.risk_customer ORDER BY customer_id")
			.query(String.class)
			.list();
	}

	private static DataSource history() {
		return history("risk");
	}

	private static DataSource history(String database) {
		DataSource reporting = TestPostgres.migratedReportingDatabase(database);
		new JdbcTemplate(reporting).execute(HISTORY);
		return reporting;
	}

	private static void calculate(DataSource reporting, ReportingMonth month) {
		calculation(reporting).calculate(new MonthContext(month, Path.of("config")));
	}

	private static CustomerRiskCalculation calculation(DataSource reporting) {
		ChurnProperties.Risk settings = new ChurnProperties.Risk(6, 3, 30, 300_000, new BigDecimal("0.05"),
				new BigDecimal("0.15"));
		return new CustomerRiskCalculation(reporting, new MetricStore(JdbcClient.create(reporting)), settings,
				Locale.ENGLISH, 2);
	}

	private static Map<String, BigDecimal> metrics(DataSource reporting, ReportingMonth month) {
		Map<String, BigDecimal> metrics = new HashMap<>();
		JdbcClient.create(reporting)
			.sql("SELECT metric, value FROM mart.monthly_metric WHERE month = :month")
			.param("month", month.firstDay())
			.query((java.sql.ResultSet rows) -> {
				metrics.put(rows.getString("metric"), rows.getBigDecimal("value"));
			});
		return metrics;
	}

	private static ReportingMonth month(int year, int month) {
		return new ReportingMonth(YearMonth.of(year, month), ZoneOffset.UTC);
	}

}
