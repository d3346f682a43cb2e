package io.churnreport.metrics;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import io.churnreport.support.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import io.churnreport.month.ReportingMonth;
import io.churnreport.month.MetricStore;
import io.churnreport.month.Metric;

/**
 * On random month-end MRR histories of any seed (customers joining, leaving, coming back, moving
 * up and down, some billed in a currency whose rate moves), every month's MRR bridge and customer
 * bridge tie, and the per-customer movements agree with the customer counts of the summary.
 */
@TestInstance(Lifecycle.PER_CLASS)
class MrrBridgePropertyIntegrationTests {

	private static final YearMonth FIRST_MONTH = YearMonth.of(2024, 10);

	private static final int MONTHS = 9;

	private static final int CUSTOMERS = 80;

	private SingleConnectionDataSource connection;

	private JdbcClient reporting;

	private MetricStore metricStore;

	private MonthlySummaryCalculation summary;

	private MrrMovementCalculation calculation;

	@BeforeAll
	void migrate() {
		String database = TestPostgres.newDatabase("mrr_bridge_property");
		DataSource dataSource = TestPostgres.dataSource(database);
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
		// one connection for the test: the embedded server's data source opens one per statement
		this.connection = new SingleConnectionDataSource(TestPostgres.jdbcUrl(database),
				TestPostgres.server().username(), "", true);
		this.reporting = JdbcClient.create(this.connection);
		this.metricStore = new MetricStore(this.reporting);
		this.summary = new MonthlySummaryCalculation(this.reporting, this.metricStore);
		this.calculation = new MrrMovementCalculation(this.reporting, this.metricStore, new BigDecimal("0.7"));
	}

	@AfterAll
	void closeConnection() {
		this.connection.destroy();
	}

	@BeforeEach
	void clear() {
		this.reporting.sql("DELETE FROM staging.customer_month_mrr").update();
		this.reporting.sql("DELETE FROM mart.mrr_movement").update();
		this.reporting.sql("DELETE FROM mart.monthly_metric").update();
	}

	@ParameterizedTest
	@ValueSource(longs = { 1, 2, 3, 7, 42, 1234, 98765, -5 })
	void everyMonthTies(long seed) {
		generate(seed);
		// counted over the months, to show that the data exercises every kind of movement
		Map<String, Integer> movementsSeen = new LinkedHashMap<>();
		for (int i = 0; i < MONTHS; i++) {
			ReportingMonth month = new ReportingMonth(FIRST_MONTH.plusMonths(i), ZoneOffset.UTC);
			// the constructor of CustomerBridge refuses start + new + reactivated - churned != end
			CustomerBridge customers = this.summary.customerBridge(month);
			Map<Metric, BigDecimal> summaryMetrics = new LinkedHashMap<>();
			summaryMetrics.put(Metric.CUSTOMERS_END, BigDecimal.valueOf(customers.customersEnd()));
			summaryMetrics.put(Metric.CHURN_RATE, customers.churnRate());
			summaryMetrics.put(Metric.MRR_START, customers.mrrStart());
			summaryMetrics.put(Metric.MRR_END, customers.mrrEnd());
			this.metricStore.save(month, summaryMetrics);

			int rows = this.calculation.calculate(month);

			BigDecimal bridged = metric(month, Metric.MRR_START).add(metric(month, Metric.MRR_NEW))
				.add(metric(month, Metric.MRR_REACTIVATION))
				.add(metric(month, Metric.MRR_EXPANSION))
				.subtract(metric(month, Metric.MRR_CONTRACTION))
				.subtract(metric(month, Metric.MRR_CHURNED))
				.add(metric(month, Metric.MRR_FX));
			assertThat(bridged).as("MRR bridge of %s, seed %d", month, seed).isEqualByComparingTo(metric(month, Metric.MRR_END));
			assertThat(metric(month, Metric.MRR_CONTRACTION)).isNotNegative();
			assertThat(metric(month, Metric.MRR_CHURNED)).isNotNegative();
			assertThat(metric(month, Metric.MRR_EXPANSION)).isNotNegative();

			Map<String, Integer> counts = movementCounts(month);
			counts.forEach((movement, count) -> movementsSeen.merge(movement, count, Integer::sum));
			assertThat(counts.getOrDefault("new", 0)).as("new in %s", month).isEqualTo((int) customers.customersNew());
			assertThat(counts.getOrDefault("reactivation", 0)).as("reactivations in %s", month)
				.isEqualTo((int) customers.customersReactivated());
			assertThat(counts.getOrDefault("churn", 0)).as("churn in %s", month)
				.isEqualTo((int) customers.customersChurned());
			assertThat((long) rows).isEqualTo(customers.customersStart() + customers.customersNew()
					+ customers.customersReactivated());
		}
		assertThat(movementsSeen.keySet()).contains("new", "reactivation", "expansion", "contraction", "churn",
				"unchanged");
	}

	/**
	 * Month-end MRR in cents for every customer and month, as the month-end MRR calculation stages
	 * it: a row only when the MRR is above zero, one history of every month kept across the runs. A third of the customers pay in a currency whose rate moves up to 5 % a month, so
	 * their MRR at the previous month's rates differs from their MRR.
	 */
	private void generate(long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		YearMonth lastMonth = FIRST_MONTH.plusMonths(MONTHS - 1);
		for (int c = 0; c < CUSTOMERS; c++) {
			String customer = "c" + c;
			boolean foreign = random.nextInt(3) == 0;
			long cents = 0;
			for (int i = 0; i < MONTHS; i++) {
				int roll = random.nextInt(100);
				if (cents == 0) {
					// inactive: joins (or comes back) now and then
					cents = (roll < 25) ? 1_000 + random.nextInt(50_000) : 0;
				}
				else if (roll < 10) {
					cents = 0;
				}
				else if (roll < 30) {
					cents += random.nextInt(20_000);
				}
				else if (roll < 50) {
					cents = Math.max(1, cents - random.nextInt(20_000));
				}
				if (cents > 0) {
					long atPreviousRates = foreign ? Math.max(1, cents * (95 + random.nextInt(11)) / 100) : cents;
					insert(lastMonth, customer, FIRST_MONTH.plusMonths(i), cents, atPreviousRates);
				}
			}
		}
	}

	private void insert(YearMonth run, String customer, YearMonth month, long cents, long atPreviousRatesCents) {
		this.reporting.sql("""
				INSERT INTO staging.customer_month_mrr (run_month, customer_id, month, mrr, mrr_at_previous_rates)
				VALUES (:run, :customer, :month, :mrr, :atPreviousRates)
				""")
			.param("run", run.atDay(1))
			.param("customer", customer)
			.param("month", month.atDay(1))
			.param("mrr", BigDecimal.valueOf(cents, 2))
			.param("atPreviousRates", BigDecimal.valueOf(atPreviousRatesCents, 2))
			.update();
	}

	private BigDecimal metric(ReportingMonth month, Metric name) {
		return this.metricStore.find(month.firstDay(), name).orElseThrow(() -> new AssertionError(name + " missing"));
	}

	private Map<String, Integer> movementCounts(ReportingMonth month) {
		Map<String, Integer> counts = new LinkedHashMap<>();
		this.reporting.sql("SELECT movement, count(*) AS n FROM mart.mrr_movement WHERE month = :month GROUP BY movement")
			.param("month", month.firstDay())
			.query((rs, n) -> counts.put(rs.getString("movement"), rs.getInt("n")))
			.list();
		return counts;
	}

}
