package io.churnreport.breakdown;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import io.churnreport.metrics.MonthlySummaryCalculation;
import io.churnreport.month.ReportingMonth;
import io.churnreport.month.Metric;
import io.churnreport.report.CustomerIds;
import io.churnreport.report.MonthlyCsvWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.churnreport.breakdown.BreakdownTestDatabase.num;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Churn by segment, region and plan for March 2025 (UTC). Customers at the start of March (MRR at
 * the end of February):
 *
 * <pre>
 * customer  segment   region  periods open at the end of Feb (MRR)        plan        Feb MRR  churned in March
 * C1        consumer  north   basic 20                                    basic         20.00  -
 * C2        consumer  south   basic 20 USD, tv 14 KWD = 35 USD            tv            55.00  managed
 * C3        business  (null)  pro 1200/12 = 100, pro-addon 100            pro (tie)    200.00  unmanaged
 * C4        (null)    north   basic 20 (trial premium 500 and legacy      basic         20.00  no_reason
 *                             ended 15 Feb ignored)
 * C5        "  "      south   basic until 1 Mar 00:00 (open at the end    basic         20.00  -
 *                             of Feb); tv from 1 Mar 00:00 (not yet)
 * C6        business  north   plan code null, 80                          (none)        80.00  unclassified
 * C7        (no customer row) basic 20                                    basic         20.00  -
 * N1        consumer  north   new in March: not at start, not churned
 * totals    7 at start, 4 churned, MRR 415.00 at start, 355.00 churned, 1 of each reason class
 *
 * dimension value     start churned rate      mrr_start mrr_churned mrr_churn_rate  m u c n
 * segment   business  2     2       1.000000  280.00    280.00      1.000000        0 1 1 0
 * segment   consumer  2     1       0.500000   75.00     55.00      0.733333        1 0 0 0
 * segment   (none)    3     1       0.333333   60.00     20.00      0.333333        0 0 0 1   C4, C5 blank, C7 missing
 * region    north     3     2       0.666667  120.00    100.00      0.833333        0 0 1 1
 * region    south     2     1       0.500000   75.00     55.00      0.733333        1 0 0 0
 * region    (none)    2     1       0.500000  220.00    200.00      0.909091        0 1 0 0
 * plan      basic     4     1       0.250000   80.00     20.00      0.250000        0 0 0 1
 * plan      pro       1     1       1.000000  200.00    200.00      1.000000        0 1 0 0
 * plan      tv        1     1       1.000000   55.00     55.00      1.000000        1 0 0 0
 * plan      (none)    1     1       1.000000   80.00     80.00      1.000000        0 0 1 0
 * </pre>
 *
 * C1 is also staged by the February run as a business customer; March reads only its own run.
 * C2's plan is ranked in the reporting currency (USD) at February's rate, KWD = 2.5: 14 KWD is
 * 35 USD and beats basic's 20; unconverted (14 < 20), or at March's rate 0.1 (1.40), it would not.
 */
class SegmentChurnCalculationIntegrationTests {

	private static final String HEADER = "dimension,value,customers_start,customers_churned,churn_rate,mrr_start,"
			+ "mrr_churned,mrr_churn_rate,churned_managed,churned_unmanaged,churned_unclassified,churned_no_reason\n";

	private static BreakdownTestDatabase database;

	private static SegmentChurnCalculation calculation;

	@TempDir
	Path directory;

	@BeforeAll
	static void insertCustomersPeriodsAndChurn() {
		database = BreakdownTestDatabase.create("segment_churn");
		database.execute("""
				INSERT INTO staging.customer (run_month, customer_id, created_at, segment, region) VALUES
				 ('2025-03-01', 'C1', '2024-01-10 00:00+00', 'consumer', 'north'),
				 ('2025-03-01', 'C2', '2024-01-10 00:00+00', 'consumer', 'south'),
				 ('2025-03-01', 'C3', '2024-01-10 00:00+00', 'business', NULL),
				 ('2025-03-01', 'C4', '2024-01-10 00:00+00', NULL,       'north'),
				 ('2025-03-01', 'C5', '2024-01-10 00:00+00', '  ',       'south'),
				 ('2025-03-01', 'C6', '2024-01-10 00:00+00', 'business', 'north'),
				 ('2025-03-01', 'N1', '2025-03-02 00:00+00', 'consumer', 'north'),
				 ('2025-02-01', 'C1', '2024-01-10 00:00+00', 'business', 'west');
				INSERT INTO staging.subscription_period
				    (run_month, subscription_id, customer_id, plan_code, valid_from, valid_to, amount, interval_months, is_trial)
				VALUES
				 ('2025-03-01', 's1',  'C1', 'basic',     '2024-06-01 00:00+00', NULL,                   20, 1,  false),
				 ('2025-03-01', 's2a', 'C2', 'basic',     '2024-06-01 00:00+00', '2025-03-15 00:00+00',  20, 1,  false),
				 ('2025-03-01', 's2b', 'C2', 'tv',        '2024-06-01 00:00+00', '2025-03-15 00:00+00',  14, 1,  false),
				 ('2025-03-01', 's3a', 'C3', 'pro-addon', '2024-06-01 00:00+00', '2025-03-20 00:00+00', 100, 1,  false),
				 ('2025-03-01', 's3b', 'C3', 'pro',       '2024-06-01 00:00+00', '2025-03-20 00:00+00', 1200, 12, false),
				 ('2025-03-01', 's4l', 'C4', 'legacy',    '2024-06-01 00:00+00', '2025-02-15 00:00+00', 900, 1,  false),
				 ('2025-03-01', 's4a', 'C4', 'basic',     '2025-02-15 00:00+00', '2025-03-10 00:00+00',  20, 1,  false),
				 ('2025-03-01', 's4t', 'C4', 'premium',   '2025-02-20 00:00+00', '2025-03-10 00:00+00', 500, 1,  true),
				 ('2025-03-01', 's5a', 'C5', 'basic',     '2024-06-01 00:00+00', '2025-03-01 00:00+00',  20, 1,  false),
				 ('2025-03-01', 's5b', 'C5', 'tv',        '2025-03-01 00:00+00', NULL,                   35, 1,  false),
				 ('2025-03-01', 's6',  'C6', NULL,        '2024-06-01 00:00+00', '2025-03-05 00:00+00',  80, 1,  false),
				 ('2025-03-01', 's7',  'C7', 'basic',     '2024-06-01 00:00+00', NULL,                   20, 1,  false),
				 ('2025-03-01', 'sn',  'N1', 'pro',       '2025-03-02 00:00+00', NULL,                   50, 1,  false);
				UPDATE staging.subscription_period SET currency = 'USD' WHERE subscription_id = 's2a';
				UPDATE staging.subscription_period SET currency = 'kwd' WHERE subscription_id = 's2b';
				INSERT INTO staging.fx_rate (run_month, month, currency, rate) VALUES
				 ('2025-03-01', '2025-02-01', 'KWD', 2.5),
				 ('2025-03-01', '2025-03-01', 'KWD', 0.1);
				INSERT INTO staging.customer_month_mrr (run_month, customer_id, month, mrr, mrr_at_previous_rates) VALUES
				 ('2025-03-01', 'C1', '2025-02-01',  20.00,  20.00), ('2025-03-01', 'C1', '2025-03-01', 20.00, 20.00),
				 ('2025-03-01', 'C2', '2025-02-01',  55.00,  55.00),
				 ('2025-03-01', 'C3', '2025-02-01', 200.00, 200.00),
				 ('2025-03-01', 'C4', '2025-02-01',  20.00,  20.00),
				 ('2025-03-01', 'C5', '2025-02-01',  20.00,  20.00), ('2025-03-01', 'C5', '2025-03-01', 35.00, 35.00),
				 ('2025-03-01', 'C6', '2025-02-01',  80.00,  80.00),
				 ('2025-03-01', 'C7', '2025-02-01',  20.00,  20.00), ('2025-03-01', 'C7', '2025-03-01', 20.00, 20.00),
				 ('2025-03-01', 'N1', '2025-03-01',  50.00,  50.00);
				INSERT INTO mart.churned_customer (month, customer_id, mrr_lost, reason_class) VALUES
				 ('2025-03-01', 'C2',  55.00, 'managed'),
				 ('2025-03-01', 'C3', 200.00, 'unmanaged'),
				 ('2025-03-01', 'C4',  20.00, 'no_reason'),
				 ('2025-03-01', 'C6',  80.00, 'unclassified'),
				 ('2025-02-01', 'C9',  70.00, 'managed');
				""");
		calculation = new SegmentChurnCalculation(database.jdbc, "USD");
	}

	@Test
	void splitsTheMonthsChurnBySegmentRegionAndPlan() throws IOException {
		calculation.calculate(BreakdownTestDatabase.context("2025-03", "UTC"));
		calculation.calculate(BreakdownTestDatabase.context("2025-03", "UTC"));

		assertThat(csv("2025-03")).isEqualTo(HEADER + """
				segment,business,2,2,1.000000,280.00,280.00,1.000000,0,1,1,0
				segment,consumer,2,1,0.500000,75.00,55.00,0.733333,1,0,0,0
				segment,(none),3,1,0.333333,60.00,20.00,0.333333,0,0,0,1
				region,north,3,2,0.666667,120.00,100.00,0.833333,0,0,1,1
				region,south,2,1,0.500000,75.00,55.00,0.733333,1,0,0,0
				region,(none),2,1,0.500000,220.00,200.00,0.909091,0,1,0,0
				plan,basic,4,1,0.250000,80.00,20.00,0.250000,0,0,0,1
				plan,pro,1,1,1.000000,200.00,200.00,1.000000,0,1,0,0
				plan,tv,1,1,1.000000,55.00,55.00,1.000000,1,0,0,0
				plan,(none),1,1,1.000000,80.00,80.00,1.000000,0,0,1,0
				""");
	}

	@Test
	void rowsOfEachDimensionSumToTheMonthsTotals() {
		calculation.calculate(BreakdownTestDatabase.context("2025-03", "UTC"));
		Map<Metric, BigDecimal> summary = new MonthlySummaryCalculation(database.jdbc, database.metricStore)
			.calculate(ReportingMonth.of("2025-03", ZoneOffset.UTC));
		// the month's totals by hand, and as the summary metrics report them
		assertThat(summary).containsEntry(Metric.CUSTOMERS_START, num("7"))
			.containsEntry(Metric.CUSTOMERS_CHURNED, num("4"))
			.containsEntry(Metric.MRR_START, num("415.00"));

		List<Map<String, Object>> sums = database.jdbc.sql("""
				SELECT dimension, sum(customers_start) AS customers_start, sum(customers_churned) AS customers_churned,
				       sum(mrr_start) AS mrr_start, sum(mrr_churned) AS mrr_churned,
				       sum(churned_managed) AS churned_managed, sum(churned_unmanaged) AS churned_unmanaged,
				       sum(churned_unclassified) AS churned_unclassified, sum(churned_no_reason) AS churned_no_reason
				FROM mart.churn_by_segment WHERE month = '2025-03-01'
				GROUP BY dimension ORDER BY dimension
				""").query().listOfRows();

		assertThat(sums).extracting(row -> row.get("dimension")).containsExactly("plan", "region", "segment");
		for (Map<String, Object> sum : sums) {
			assertThat(num(sum.get("customers_start").toString())).as("customers_start by %s", sum.get("dimension"))
				.isEqualByComparingTo(summary.get(Metric.CUSTOMERS_START));
			assertThat(num(sum.get("customers_churned").toString())).isEqualByComparingTo(summary.get(Metric.CUSTOMERS_CHURNED));
			assertThat((BigDecimal) sum.get("mrr_start")).isEqualByComparingTo(summary.get(Metric.MRR_START));
			assertThat((BigDecimal) sum.get("mrr_churned")).isEqualByComparingTo("355.00");
			assertThat(num(sum.get("churned_managed").toString())).isEqualByComparingTo(summary.get(Metric.CHURNED_MANAGED));
			assertThat(num(sum.get("churned_unmanaged").toString()))
				.isEqualByComparingTo(summary.get(Metric.CHURNED_UNMANAGED));
			assertThat(num(sum.get("churned_unclassified").toString()))
				.isEqualByComparingTo(summary.get(Metric.CHURNED_UNCLASSIFIED));
			assertThat(num(sum.get("churned_no_reason").toString()))
				.isEqualByComparingTo(summary.get(Metric.CHURNED_NO_REASON));
		}
	}

	@Test
	void writesNoRowsForAMonthWithoutCustomers() throws IOException {
		int rows = calculation.calculate(BreakdownTestDatabase.context("2024-01", "UTC"));

		assertThat(rows).isZero();
		assertThat(csv("2024-01")).isEqualTo(HEADER);
	}

	@Test
	void leavesRatesEmptyWhenARowStartedWithNoCustomersOrMrr() throws IOException {
		// a churned customer without MRR at the start of the month (possible only if the churn
		// definition changes) still counts in the churn columns, under (none) as nothing is staged
		database.execute("""
				INSERT INTO mart.churned_customer (month, customer_id, mrr_lost, reason_class) VALUES
				 ('2025-06-01', 'Z1', 15.00, 'no_reason');
				""");

		calculation.calculate(BreakdownTestDatabase.context("2025-06", "UTC"));

		assertThat(csv("2025-06")).isEqualTo(HEADER + """
				segment,(none),0,1,,0.00,15.00,,0,0,0,1
				region,(none),0,1,,0.00,15.00,,0,0,0,1
				plan,(none),0,1,,0.00,15.00,,0,0,0,1
				""");
	}

	private String csv(String month) throws IOException {
		new MonthlyCsvWriter(database.dataSource, List.of(new BreakdownCsvFiles().churnBySegmentCsv()), CustomerIds.inFull())
			.write(ReportingMonth.of(month, ZoneOffset.UTC), directory);
		return Files.readString(directory.resolve("churn-by-segment.csv"));
	}

}
