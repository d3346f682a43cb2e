package io.churnreport.metrics;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import io.churnreport.support.TestPostgres;
import io.churnreport.system.ChurnProperties.ChurnDefinition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import io.churnreport.month.ReportingMonth;
import io.churnreport.month.MetricStore;
import io.churnreport.month.Metric;

/**
 * MRR movements, bridge and revenue rates on hand-written month-end MRR. Every expected value is
 * worked out by hand in the comments.
 */
class MrrMovementCalculationIntegrationTests {

	private static final ReportingMonth JANUARY = ReportingMonth.of("2025-01", ZoneOffset.UTC);

	private static final ReportingMonth FEBRUARY = ReportingMonth.of("2025-02", ZoneOffset.UTC);

	private static final ReportingMonth MARCH = ReportingMonth.of("2025-03", ZoneOffset.UTC);

	private static final BigDecimal GROSS_MARGIN = new BigDecimal("0.8");

	private SingleConnectionDataSource connection;

	private JdbcClient reporting;

	private MetricStore metricStore;

	private MrrMovementCalculation calculation;

	@BeforeEach
	void migrate() {
		String database = TestPostgres.newDatabase("mrr_movement");
		DataSource dataSource = TestPostgres.dataSource(database);
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
		// one connection for the test: the embedded server's data source opens one per statement
		this.connection = new SingleConnectionDataSource(TestPostgres.jdbcUrl(database),
				TestPostgres.server().username(), "", true);
		this.reporting = JdbcClient.create(this.connection);
		this.metricStore = new MetricStore(this.reporting);
		this.calculation = new MrrMovementCalculation(this.reporting, this.metricStore, GROSS_MARGIN);
	}

	@AfterEach
	void closeConnection() {
		this.connection.destroy();
	}

	/**
	 * Run of March 2025 (month-end MRR of January, February and March):
	 * <pre>
	 * customer            Jan     Feb     Mar at Feb rates   Mar      movement in March
	 * c1 up+down          100     100      80                 80      contraction 20 (150 on the 10th, 80 on the 20th: net only)
	 * c2 cancels 1 of 2    80      80      50                 50      contraction 30 (50 + 30, the 30 cancelled; not churn)
	 * c3 back              40       -      45                 45      reactivation 45 (churned in February)
	 * c4 leaves            60      60       -                  -      churn 60
	 * c5 EUR, FX only       -     110     110                115.50   unchanged, fx +5.50
	 * c6 EUR, upgrade       -     200     250                240      expansion 50, fx -10
	 * c7 joins              -       -      70                 70      new 70
	 * c8 steady            25      25      25                 25      unchanged
	 * c9 upgrade            -      90     120                120      expansion 30
	 * </pre>
	 * mrr_start = 100 + 80 + 60 + 110 + 200 + 25 + 90 = 665.00 (7 customers);
	 * mrr_end = 80 + 50 + 45 + 115.50 + 240 + 70 + 25 + 120 = 745.50 (8 customers).
	 * new 70, reactivation 45, expansion 50 + 30 = 80, contraction 20 + 30 = 50, churned 60,
	 * fx 5.50 - 10 = -4.50; 665 + 70 + 45 + 80 - 50 - 60 - 4.50 = 745.50: the bridge ties.
	 */
	private void marchFixture() {
		mrr(MARCH, "c1", JANUARY, "100", "100");
		mrr(MARCH, "c1", FEBRUARY, "100", "100");
		mrr(MARCH, "c1", MARCH, "80", "80");
		mrr(MARCH, "c2", JANUARY, "80", "80");
		mrr(MARCH, "c2", FEBRUARY, "80", "80");
		mrr(MARCH, "c2", MARCH, "50", "50");
		mrr(MARCH, "c3", JANUARY, "40", "40");
		mrr(MARCH, "c3", MARCH, "45", "45");
		mrr(MARCH, "c4", JANUARY, "60", "60");
		mrr(MARCH, "c4", FEBRUARY, "60", "60");
		mrr(MARCH, "c5", FEBRUARY, "110", "108");
		mrr(MARCH, "c5", MARCH, "115.50", "110");
		mrr(MARCH, "c6", FEBRUARY, "200", "190");
		mrr(MARCH, "c6", MARCH, "240", "250");
		mrr(MARCH, "c7", MARCH, "70", "70");
		mrr(MARCH, "c8", JANUARY, "25", "25");
		mrr(MARCH, "c8", FEBRUARY, "25", "25");
		mrr(MARCH, "c8", MARCH, "25", "25");
		mrr(MARCH, "c9", FEBRUARY, "90", "90");
		mrr(MARCH, "c9", MARCH, "120", "120");
		churned(MARCH, "c4", "60");
	}

	@Test
	void classifiesEachCustomerMonthOnceByItsMonthEndState() {
		marchFixture();
		new MonthlySummaryCalculation(this.reporting, this.metricStore).calculate(MARCH);

		// every customer active at the end of February or of March has one row: c1 to c9
		assertThat(this.calculation.calculate(MARCH)).isEqualTo(9);

		assertThat(this.reporting.sql("""
				SELECT customer_id, movement, mrr_previous, mrr_current_at_previous_rates, mrr_current, amount, fx_effect
				FROM mart.mrr_movement WHERE month = :month ORDER BY customer_id
				""").param("month", MARCH.firstDay()).query(Movement.class).list()).containsExactly(
				new Movement("c1", "contraction", money("100.00"), money("80.00"), money("80.00"), money("-20.00"),
						money("0.00")),
				new Movement("c2", "contraction", money("80.00"), money("50.00"), money("50.00"), money("-30.00"),
						money("0.00")),
				new Movement("c3", "reactivation", money("0.00"), money("45.00"), money("45.00"), money("45.00"),
						money("0.00")),
				new Movement("c4", "churn", money("60.00"), null, money("0.00"), money("-60.00"), money("0.00")),
				// 110 at February's rates, still 110 at February's rates in March, 115.50 at March's
				new Movement("c5", "unchanged", money("110.00"), money("110.00"), money("115.50"), money("0.00"),
						money("5.50")),
				// 200 -> 250 at February's rates is expansion; the weaker currency takes 10 off
				new Movement("c6", "expansion", money("200.00"), money("250.00"), money("240.00"), money("50.00"),
						money("-10.00")),
				new Movement("c7", "new", money("0.00"), money("70.00"), money("70.00"), money("70.00"), money("0.00")),
				new Movement("c8", "unchanged", money("25.00"), money("25.00"), money("25.00"), money("0.00"),
						money("0.00")),
				new Movement("c9", "expansion", money("90.00"), money("120.00"), money("120.00"), money("30.00"),
						money("0.00")));
	}

	@Test
	void storesTheMovementTotalsAndRatesOfTheMonth() {
		marchFixture();
		new MonthlySummaryCalculation(this.reporting, this.metricStore).calculate(MARCH);
		this.calculation.calculate(MARCH);

		Map<String, String> metrics = metrics(MARCH);
		assertThat(metrics).containsEntry("mrr_start", "665.00").containsEntry("mrr_end", "745.50");
		assertThat(metrics).containsEntry("mrr_new", "70.00")
			.containsEntry("mrr_reactivation", "45.00")
			.containsEntry("mrr_expansion", "80.00")
			.containsEntry("mrr_contraction", "50.00")
			.containsEntry("mrr_churned", "60.00")
			.containsEntry("mrr_fx", "-4.50");
		// (60 + 50) / 665 = 0.16541353 -> 0.165414
		assertThat(metrics).containsEntry("gross_mrr_churn_rate", "0.165414");
		// (60 + 50 - 80 - 45) / 665 = -15 / 665 = -0.02255639: negative churn
		assertThat(metrics).containsEntry("net_mrr_churn_rate", "-0.022556");
		// (665 - 50 - 60) / 665 = 555 / 665 = 0.83458647
		assertThat(metrics).containsEntry("grr", "0.834586");
		// (665 + 80 - 50 - 60) / 665 = 635 / 665 = 0.95488722
		assertThat(metrics).containsEntry("nrr", "0.954887");
		// (70 + 80) / (50 + 60) = 150 / 110 = 1.36363636
		assertThat(metrics).containsEntry("quick_ratio", "1.363636");
		// 745.50 / 8 = 93.1875 -> 93.19
		assertThat(metrics).containsEntry("arpu", "93.19");
		// churn rate 1 / 7 = 0.142857; 1 / 0.142857 = 7.0000140 -> 7.00 months
		assertThat(metrics).containsEntry("churn_rate", "0.142857").containsEntry("avg_lifetime_months", "7.00");
		// 93.19 * 0.8 / 0.142857 = 74.552 / 0.142857 = 521.8645 -> 521.86
		assertThat(metrics).containsEntry("ltv", "521.86");
	}

	@Test
	void runningTheMonthAgainReplacesItsRows() {
		marchFixture();
		new MonthlySummaryCalculation(this.reporting, this.metricStore).calculate(MARCH);
		this.calculation.calculate(MARCH);
		this.calculation.calculate(MARCH);

		assertThat(this.reporting.sql("SELECT count(*) FROM mart.mrr_movement").query(Integer.class).single())
			.isEqualTo(9);
		assertThat(metrics(MARCH)).containsEntry("mrr_new", "70.00");
	}

	/**
	 * The first month ever: nothing at the start, so every rate over mrr_start is undefined, and
	 * without churned customers the quick ratio too; the customer churn rate is undefined, so are
	 * the lifetime and LTV. ARPU = (100 + 50) / 2 = 75.00.
	 */
	@Test
	void ratesOverAnEmptyStartAreEmpty() {
		mrr(JANUARY, "c1", JANUARY, "100", "100");
		mrr(JANUARY, "c2", JANUARY, "50", "50");
		new MonthlySummaryCalculation(this.reporting, this.metricStore).calculate(JANUARY);
		this.calculation.calculate(JANUARY);

		Map<String, String> metrics = metrics(JANUARY);
		assertThat(metrics).containsEntry("mrr_start", "0.00")
			.containsEntry("mrr_new", "150.00")
			.containsEntry("mrr_reactivation", "0.00")
			.containsEntry("mrr_expansion", "0.00")
			.containsEntry("mrr_contraction", "0.00")
			.containsEntry("mrr_churned", "0.00")
			.containsEntry("mrr_fx", "0.00")
			.containsEntry("arpu", "75.00");
		assertThat(metrics).containsEntry("gross_mrr_churn_rate", null)
			.containsEntry("net_mrr_churn_rate", null)
			.containsEntry("grr", null)
			.containsEntry("nrr", null)
			.containsEntry("quick_ratio", null)
			.containsEntry("churn_rate", null)
			.containsEntry("avg_lifetime_months", null)
			.containsEntry("ltv", null);
	}

	/**
	 * February, one steady customer (100 -> 100): churn rate 0, so no lifetime, no LTV, and no
	 * quick ratio (nothing lost); gross MRR churn 0 / 100 = 0, GRR = NRR = 100 / 100 = 1.
	 */
	@Test
	void noChurnLeavesLifetimeLtvAndQuickRatioEmpty() {
		mrr(FEBRUARY, "c1", JANUARY, "100", "100");
		mrr(FEBRUARY, "c1", FEBRUARY, "100", "100");
		new MonthlySummaryCalculation(this.reporting, this.metricStore).calculate(FEBRUARY);
		this.calculation.calculate(FEBRUARY);

		Map<String, String> metrics = metrics(FEBRUARY);
		assertThat(metrics).containsEntry("churn_rate", "0.000000")
			.containsEntry("gross_mrr_churn_rate", "0.000000")
			.containsEntry("net_mrr_churn_rate", "0.000000")
			.containsEntry("grr", "1.000000")
			.containsEntry("nrr", "1.000000")
			.containsEntry("quick_ratio", null)
			.containsEntry("arpu", "100.00")
			.containsEntry("avg_lifetime_months", null)
			.containsEntry("ltv", null);
	}

	/**
	 * February, the only customer (100 in January) leaves: no customers at the end, so no ARPU and
	 * no LTV; churn rate 1 / 1 = 1, lifetime 1 / 1 = 1.00 month; quick ratio 0 / 100 = 0; gross
	 * MRR churn 100 / 100 = 1, GRR = NRR = 0.
	 */
	@Test
	void noCustomersAtTheEndLeavesArpuAndLtvEmpty() {
		mrr(FEBRUARY, "c1", JANUARY, "100", "100");
		churned(FEBRUARY, "c1", "100");
		new MonthlySummaryCalculation(this.reporting, this.metricStore).calculate(FEBRUARY);
		this.calculation.calculate(FEBRUARY);

		Map<String, String> metrics = metrics(FEBRUARY);
		assertThat(metrics).containsEntry("mrr_churned", "100.00")
			.containsEntry("churn_rate", "1.000000")
			.containsEntry("gross_mrr_churn_rate", "1.000000")
			.containsEntry("net_mrr_churn_rate", "1.000000")
			.containsEntry("grr", "0.000000")
			.containsEntry("nrr", "0.000000")
			.containsEntry("quick_ratio", "0.000000")
			.containsEntry("arpu", null)
			.containsEntry("avg_lifetime_months", "1.00")
			.containsEntry("ltv", null);
	}

	@Test
	void aBridgeThatDoesNotTieFailsNamingTheMonthAndEveryTerm() {
		marchFixture();
		new MonthlySummaryCalculation(this.reporting, this.metricStore).calculate(MARCH);
		// a summary that disagrees with the customer rows by one cent
		this.metricStore.save(MARCH, Map.of(Metric.MRR_END, new BigDecimal("745.51")));

		assertThatThrownBy(() -> this.calculation.calculate(MARCH)).isInstanceOf(IllegalStateException.class)
			.hasMessage("MRR bridge of 2025-03 does not tie: mrr_start 665.00 + mrr_new 70.00 + mrr_reactivation 45.00"
					+ " + mrr_expansion 80.00 - mrr_contraction 50.00 - mrr_churned 60.00 + mrr_fx -4.50 = 745.50"
					+ " != mrr_end 745.51");
		assertThat(metrics(MARCH)).doesNotContainKey("mrr_new");
	}

	@Test
	void aMonthWithoutItsSummaryIsRefused() {
		marchFixture();

		assertThatThrownBy(() -> this.calculation.calculate(MARCH)).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("mrr_start of 2025-03 is missing");
	}

	/**
	 * The same situations from subscription periods, through the month-end MRR of the run of March
	 * (reporting in USD; 1 EUR = 1.10 USD at the end of February, 1.155 at the end of March):
	 * <ul>
	 * <li>u: 100 from 1 Feb, upgraded to 150 on 10 Mar, downgraded to 80 on 20 Mar: 100 -> 80,
	 * contraction 20, counted once;</li>
	 * <li>t: two subscriptions of 50 and 30 since 15 Jan, the 30 cancelled on 5 Mar: 80 -> 50,
	 * contraction 30, not churn;</li>
	 * <li>e: 100 EUR a month since 1 Feb: 110.00 at the end of February; in March 100 * 1.10 =
	 * 110.00 at February's rate and 100 * 1.155 = 115.50 at March's: unchanged, FX +5.50.</li>
	 * </ul>
	 * mrr_start = 100 + 80 + 110 = 290.00; mrr_end = 80 + 50 + 115.50 = 245.50;
	 * 290 - 50 + 5.50 = 245.50.
	 */
	@Test
	void netsPlanChangesWithinTheMonthAndSeparatesExchangeRatesFromSubscriptionPeriods(@TempDir Path config)
			throws IOException {
		Files.writeString(config.resolve("fx-rates.csv"), """
				month,currency,rate
				2025-02,EUR,1.10
				2025-03,EUR,1.155
				""");
		period("u-1", "u", "2025-02-01T00:00Z", "2025-03-10T00:00Z", "100", "USD", null);
		period("u-1", "u", "2025-03-10T00:00Z", "2025-03-20T00:00Z", "150", "USD", null);
		period("u-1", "u", "2025-03-20T00:00Z", null, "80", "USD", null);
		period("t-1", "t", "2025-01-15T00:00Z", null, "50", "USD", null);
		period("t-2", "t", "2025-01-15T00:00Z", "2025-03-05T00:00Z", "30", "USD", "voluntary");
		period("e-1", "e", "2025-02-01T00:00Z", null, "100", "EUR", null);
		new MonthEndMrr(this.reporting, ChurnDefinition.SUBSCRIPTION, "USD").calculate(MARCH, config);
		new MonthlySummaryCalculation(this.reporting, this.metricStore).calculate(MARCH);

		assertThat(this.calculation.calculate(MARCH)).isEqualTo(3);

		assertThat(this.reporting.sql("""
				SELECT customer_id, movement, mrr_previous, mrr_current_at_previous_rates, mrr_current, amount, fx_effect
				FROM mart.mrr_movement WHERE month = :month ORDER BY customer_id
				""").param("month", MARCH.firstDay()).query(Movement.class).list()).containsExactly(
				new Movement("e", "unchanged", money("110.00"), money("110.00"), money("115.50"), money("0.00"),
						money("5.50")),
				new Movement("t", "contraction", money("80.00"), money("50.00"), money("50.00"), money("-30.00"),
						money("0.00")),
				new Movement("u", "contraction", money("100.00"), money("80.00"), money("80.00"), money("-20.00"),
						money("0.00")));
		assertThat(metrics(MARCH)).containsEntry("mrr_start", "290.00")
			.containsEntry("mrr_end", "245.50")
			.containsEntry("customers_churned", "0")
			.containsEntry("mrr_contraction", "50.00")
			.containsEntry("mrr_expansion", "0.00")
			.containsEntry("mrr_churned", "0.00")
			.containsEntry("mrr_fx", "5.50");
	}

	private void period(String subscription, String customer, String from, String to, String amount, String currency,
			String endCause) {
		this.reporting.sql("""
				INSERT INTO staging.subscription_period (run_month, subscription_id, customer_id, plan_code, valid_from,
				    valid_to, amount, interval_months, currency, is_trial, end_cause)
				VALUES (:run, :subscription, :customer, 'plan', :from, :to, :amount, 1, :currency, false, :endCause)
				""")
			.param("run", MARCH.firstDay())
			.param("subscription", subscription)
			.param("customer", customer)
			.param("from", OffsetDateTime.parse(from))
			.param("to", (to != null) ? OffsetDateTime.parse(to) : null, Types.TIMESTAMP_WITH_TIMEZONE)
			.param("amount", new BigDecimal(amount))
			.param("currency", currency)
			.param("endCause", endCause, Types.VARCHAR)
			.update();
	}

	private void mrr(ReportingMonth run, String customer, ReportingMonth month, String mrr, String atPreviousRates) {
		this.reporting.sql("""
				INSERT INTO staging.customer_month_mrr (run_month, customer_id, month, mrr, mrr_at_previous_rates)
				VALUES (:run, :customer, :month, :mrr, :atPreviousRates)
				""")
			.param("run", run.firstDay())
			.param("customer", customer)
			.param("month", month.firstDay())
			.param("mrr", new BigDecimal(mrr))
			.param("atPreviousRates", new BigDecimal(atPreviousRates))
			.update();
	}

	/** The summary checks that every churned customer is classified. */
	private void churned(ReportingMonth month, String customer, String mrrLost) {
		this.reporting.sql("""
				INSERT INTO mart.churned_customer (month, customer_id, mrr_lost, reason_class)
				VALUES (:month, :customer, :mrrLost, 'no_reason')
				""")
			.param("month", month.firstDay())
			.param("customer", customer)
			.param("mrrLost", new BigDecimal(mrrLost))
			.update();
	}

	private Map<String, String> metrics(ReportingMonth month) {
		Map<String, String> metrics = new HashMap<>();
		this.reporting.sql("SELECT metric, value FROM mart.monthly_metric WHERE month = :month")
			.param("month", month.firstDay())
			.query((rs, n) -> {
				BigDecimal value = rs.getBigDecimal("value");
				metrics.put(rs.getString("metric"), (value != null) ? value.toPlainString() : null);
				return null;
			})
			.list();
		return metrics;
	}

	private static BigDecimal money(String amount) {
		return new BigDecimal(amount);
	}

	record Movement(String customerId, String movement, BigDecimal mrrPrevious, BigDecimal mrrCurrentAtPreviousRates,
			BigDecimal mrrCurrent, BigDecimal amount, BigDecimal fxEffect) {
	}

}
