package io.churnreport.plan;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Types;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.churnreport.month.MetricStore;
import io.churnreport.month.MonthContext;
import io.churnreport.month.ReportingMonth;
import io.churnreport.support.TestPostgres;
import io.churnreport.system.InvalidConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The churn plan on hand-written mart rows: summary metrics of earlier months and the month's
 * churn by reason, as the calculations before this one leave them. Expected values are worked out
 * by hand in the comments.
 */
class ChurnPlanCalculationIntegrationTests {

	private static final ReportingMonth APRIL = new ReportingMonth(YearMonth.of(2025, 4), ZoneOffset.UTC);

	private static final List<String> PLAN_METRICS = List.of("target_churn_rate", "churn_rate_variance",
			"managed_churn_rate", "target_managed_churn_rate", "managed_churn_rate_variance", "churn_rate_trailing_3m_avg",
			"alerts_raised");

	@TempDir
	Path config;

	private JdbcClient reporting;

	private ChurnPlanCalculation calculation;

	@BeforeEach
	void database() throws Exception {
		DataSource dataSource = TestPostgres.migratedReportingDatabase("plan");
		this.reporting = JdbcClient.create(dataSource);
		this.calculation = new ChurnPlanCalculation(this.reporting, new MetricStore(this.reporting));
		// the classifier the category thresholds are checked against
		Files.writeString(this.config.resolve("churn-reasons.yml"), """
				reasons:
				  - {code: price_too_high, category: price, class: managed}
				  - {code: price_increase, category: price, class: managed}
				  - {code: competitor_offer, category: competitor, class: managed}
				  - {code: slow_support, category: support, class: managed}
				  - {code: moved_away, category: relocation, class: unmanaged}
				""");
	}

	@Test
	void comparesTheMonthWithItsTargetsThresholdsAndTrailingAverage() throws Exception {
		targets("""
				target-churn-rate: 0.025
				target-managed-churn-rate: 0.015
				category-thresholds:
				  price: 0.01
				  competitor: 0.01
				  support: 0.005
				""");
		// churn rates of the previous three months: (0.02 + 0.025 + 0.03) / 3 = 0.025
		churnRate("2025-01", "0.020000");
		churnRate("2025-02", "0.025000");
		churnRate("2025-03", "0.030000");
		// April: 200 at start, 8 churned (0.04): 5 managed (price 2 + 1, competitor 2), 2 relocation, 1 no reason
		summary("2025-04", 200, "0.040000", 5);
		churnByReason("2025-04", "managed", "price", "price_too_high", 2);
		churnByReason("2025-04", "managed", "price", "price_increase", 1);
		churnByReason("2025-04", "managed", "competitor", "competitor_offer", 2);
		churnByReason("2025-04", "unmanaged", "relocation", "moved_away", 2);
		churnByReason("2025-04", "no_reason", null, null, 1);

		int rows = calculation.calculate(new MonthContext(APRIL, config));

		Map<String, BigDecimal> metrics = planMetrics("2025-04");
		assertThat(metrics.get("target_churn_rate")).isEqualByComparingTo("0.025");
		assertThat(metrics.get("churn_rate_variance")).isEqualTo(new BigDecimal("0.015000")); // 0.04 - 0.025
		assertThat(metrics.get("managed_churn_rate")).isEqualTo(new BigDecimal("0.025000")); // 5 / 200
		assertThat(metrics.get("target_managed_churn_rate")).isEqualByComparingTo("0.015");
		assertThat(metrics.get("managed_churn_rate_variance")).isEqualTo(new BigDecimal("0.010000")); // 0.025 - 0.015
		assertThat(metrics.get("churn_rate_trailing_3m_avg")).isEqualTo(new BigDecimal("0.025000"));
		assertThat(metrics.get("alerts_raised")).isEqualByComparingTo("4");
		// |0.04 - 0.025| = 0.015 > 0.01 (the default move): bound 0.025 + 0.01 = 0.035.
		// price 3 / 200 = 0.015 > 0.01; competitor 2 / 200 = 0.01 is exactly at its threshold: no alert.
		assertThat(alerts("2025-04")).containsExactly(
				new PlanAlert("above_target", "churn_rate", new BigDecimal("0.040000"), new BigDecimal("0.025000"),
						"Churn rate 4.00% is 1.50 points above the target of 2.50%"),
				new PlanAlert("above_target", "managed_churn_rate", new BigDecimal("0.025000"), new BigDecimal("0.015000"),
						"Managed churn rate 2.50% is 1.00 point above the target of 1.50%"),
				new PlanAlert("churn_rate_move", "churn_rate", new BigDecimal("0.040000"), new BigDecimal("0.035000"),
						"Churn rate 4.00% is 1.50 points above the 3-month average of 2.50%"),
				new PlanAlert("category_threshold", "price", new BigDecimal("0.015000"), new BigDecimal("0.010000"),
						"Reason category price: 3 churned customers, 1.50% of customers at start, above its threshold of 1.00%"));
		// every churned category and every category with a threshold (support churned none);
		// relocation has no threshold, no-reason churn no category
		assertThat(categories("2025-04")).containsExactly(
				new CategoryThresholdStatus("competitor", 2, new BigDecimal("200"), new BigDecimal("0.010000"),
						new BigDecimal("0.010000"), false),
				new CategoryThresholdStatus("price", 3, new BigDecimal("200"), new BigDecimal("0.015000"),
						new BigDecimal("0.010000"), true),
				new CategoryThresholdStatus("relocation", 2, new BigDecimal("200"), new BigDecimal("0.010000"), null, null),
				new CategoryThresholdStatus("support", 0, new BigDecimal("200"), new BigDecimal("0.000000"),
						new BigDecimal("0.005000"), false));
		// 7 metrics + 4 categories + 4 alerts
		assertThat(rows).isEqualTo(15);
	}

	@Test
	void nothingExactlyAtATargetOrAtTheMoveLimitRaisesAnAlert() throws Exception {
		targets("""
				target-churn-rate: 0.035
				target-managed-churn-rate: 0.02
				alerts:
				  churn-rate-move: 0.01
				""");
		churnRate("2025-01", "0.020000");
		churnRate("2025-02", "0.025000");
		churnRate("2025-03", "0.030000");
		// 7 / 200 = 0.035: on target, and 0.035 - 0.025 = 0.01 exactly the allowed move; 4 / 200 = 0.02 managed
		summary("2025-04", 200, "0.035000", 4);

		calculation.calculate(new MonthContext(APRIL, config));

		Map<String, BigDecimal> metrics = planMetrics("2025-04");
		assertThat(metrics.get("churn_rate_variance")).isEqualTo(new BigDecimal("0.000000"));
		assertThat(metrics.get("managed_churn_rate_variance")).isEqualTo(new BigDecimal("0.000000"));
		assertThat(metrics.get("alerts_raised")).isEqualByComparingTo("0");
		assertThat(alerts("2025-04")).isEmpty();
	}

	@Test
	void aFallBeyondTheMoveLimitIsAnAlertToo() {
		churnRate("2025-01", "0.020000");
		churnRate("2025-02", "0.025000");
		churnRate("2025-03", "0.030000");
		// 2 / 200 = 0.01: 0.015 below the average of 0.025; the bound is 0.025 - 0.01 = 0.015
		summary("2025-04", 200, "0.010000", 1);

		calculation.calculate(new MonthContext(APRIL, config));

		assertThat(alerts("2025-04")).containsExactly(new PlanAlert("churn_rate_move", "churn_rate",
				new BigDecimal("0.010000"), new BigDecimal("0.015000"),
				"Churn rate 1.00% is 1.50 points below the 3-month average of 2.50%"));
	}

	@Test
	void theTrailingAverageTakesTheMonthsPresentOfThePreviousThree() {
		// one month present (M-1); M-4 and M+1 are outside the window
		churnRate("2024-12", "0.500000");
		churnRate("2025-03", "0.030000");
		churnRate("2025-05", "0.900000");
		summary("2025-04", 100, "0.030000", 0);

		calculation.calculate(new MonthContext(APRIL, config));

		assertThat(planMetrics("2025-04").get("churn_rate_trailing_3m_avg")).isEqualTo(new BigDecimal("0.030000"));

		// two present (M-1 and M-3, M-2 not run): (0.03 + 0.02) / 2 = 0.025
		churnRate("2025-01", "0.020000");
		calculation.calculate(new MonthContext(APRIL, config));
		assertThat(planMetrics("2025-04").get("churn_rate_trailing_3m_avg")).isEqualTo(new BigDecimal("0.025000"));

		// M-2 run but with no customers at start (churn rate null): still the average of two
		metric("2025-02", "churn_rate", null);
		calculation.calculate(new MonthContext(APRIL, config));
		assertThat(planMetrics("2025-04").get("churn_rate_trailing_3m_avg")).isEqualTo(new BigDecimal("0.025000"));

		// three present: (0.02 + 0.01 + 0.03) / 3 = 0.02; 0.03 - 0.02 = 0.01 is not beyond the move
		reporting.sql("UPDATE mart.monthly_metric SET value = 0.010000 WHERE month = '2025-02-01' AND metric = 'churn_rate'")
			.update();
		calculation.calculate(new MonthContext(APRIL, config));
		assertThat(planMetrics("2025-04").get("churn_rate_trailing_3m_avg")).isEqualTo(new BigDecimal("0.020000"));
		assertThat(alerts("2025-04")).isEmpty();
	}

	@Test
	void theTrailingAverageIsRoundedHalfUpToSixDecimals() {
		// (0.01 + 0.01 + 0.02) / 3 = 0.0133333... -> 0.013333; (0.01 + 0.02 + 0.02) / 3 = 0.0166666... -> 0.016667
		churnRate("2025-01", "0.010000");
		churnRate("2025-02", "0.010000");
		churnRate("2025-03", "0.020000");
		summary("2025-04", 100, "0.020000", 0);

		calculation.calculate(new MonthContext(APRIL, config));
		assertThat(planMetrics("2025-04").get("churn_rate_trailing_3m_avg")).isEqualTo(new BigDecimal("0.013333"));

		reporting.sql("UPDATE mart.monthly_metric SET value = 0.020000 WHERE month = '2025-02-01' AND metric = 'churn_rate'")
			.update();
		calculation.calculate(new MonthContext(APRIL, config));
		assertThat(planMetrics("2025-04").get("churn_rate_trailing_3m_avg")).isEqualTo(new BigDecimal("0.016667"));
	}

	@Test
	void withoutTargetsFileOrEarlierMonthsOnlyTheManagedRateIsDefined() {
		// 3 managed of 120 = 0.025; no earlier month: no average, so no move alert
		summary("2025-04", 120, "0.050000", 3);
		churnByReason("2025-04", "managed", "price", "price_too_high", 3);

		calculation.calculate(new MonthContext(APRIL, config));

		Map<String, BigDecimal> metrics = planMetrics("2025-04");
		assertThat(metrics).containsOnlyKeys(PLAN_METRICS);
		assertThat(metrics.get("target_churn_rate")).isNull();
		assertThat(metrics.get("churn_rate_variance")).isNull();
		assertThat(metrics.get("managed_churn_rate")).isEqualTo(new BigDecimal("0.025000"));
		assertThat(metrics.get("target_managed_churn_rate")).isNull();
		assertThat(metrics.get("managed_churn_rate_variance")).isNull();
		assertThat(metrics.get("churn_rate_trailing_3m_avg")).isNull();
		assertThat(metrics.get("alerts_raised")).isEqualByComparingTo("0");
		assertThat(alerts("2025-04")).isEmpty();
		// 3 / 120 = 0.025
		assertThat(categories("2025-04")).containsExactly(new CategoryThresholdStatus("price", 3, new BigDecimal("120"),
				new BigDecimal("0.025000"), null, null));
	}

	@Test
	void aMonthWithoutCustomersAtStartHasNoRatesAndRaisesNothing() throws Exception {
		targets("""
				target-churn-rate: 0.025
				target-managed-churn-rate: 0.015
				category-thresholds:
				  price: 0.01
				""");
		churnRate("2025-03", "0.030000");
		// no customers at the start: the churn rate is null (as MonthlySummaryCalculation stores it)
		summary("2025-04", 0, null, 0);

		calculation.calculate(new MonthContext(APRIL, config));

		Map<String, BigDecimal> metrics = planMetrics("2025-04");
		assertThat(metrics.get("target_churn_rate")).isEqualByComparingTo("0.025");
		assertThat(metrics.get("churn_rate_variance")).isNull();
		assertThat(metrics.get("managed_churn_rate")).isNull();
		assertThat(metrics.get("managed_churn_rate_variance")).isNull();
		assertThat(metrics.get("churn_rate_trailing_3m_avg")).isEqualTo(new BigDecimal("0.030000"));
		assertThat(metrics.get("alerts_raised")).isEqualByComparingTo("0");
		assertThat(categories("2025-04")).containsExactly(
				new CategoryThresholdStatus("price", 0, new BigDecimal("0"), null, new BigDecimal("0.010000"), null));
	}

	@Test
	void aMonthOverrideReplacesTheTargetOfThatMonthOnly() throws Exception {
		targets("""
				target-churn-rate: 0.025
				monthly-targets:
				  2025-04: 0.05
				""");
		summary("2025-04", 100, "0.040000", 2);
		summary("2025-05", 100, "0.040000", 2);

		calculation.calculate(new MonthContext(APRIL, config));
		calculation.calculate(new MonthContext(new ReportingMonth(YearMonth.of(2025, 5), ZoneOffset.UTC), config));

		// April: 0.04 - 0.05 = -0.01, below target: no alert
		assertThat(planMetrics("2025-04").get("target_churn_rate")).isEqualByComparingTo("0.05");
		assertThat(planMetrics("2025-04").get("churn_rate_variance")).isEqualTo(new BigDecimal("-0.010000"));
		assertThat(alerts("2025-04")).isEmpty();
		// May: the file-wide 0.025; 0.04 - 0.025 = 0.015; against April's 0.04 it did not move
		assertThat(planMetrics("2025-05").get("target_churn_rate")).isEqualByComparingTo("0.025");
		assertThat(planMetrics("2025-05").get("churn_rate_variance")).isEqualTo(new BigDecimal("0.015000"));
		assertThat(alerts("2025-05")).extracting(PlanAlert::alertType).containsExactly("above_target");
	}

	@Test
	void runningAgainReplacesTheMonthsRowsWithoutTouchingOtherMonths() throws Exception {
		targets("""
				target-churn-rate: 0.025
				category-thresholds:
				  price: 0.01
				""");
		churnRate("2025-03", "0.020000");
		summary("2025-04", 100, "0.040000", 2);
		churnByReason("2025-04", "managed", "price", "price_too_high", 2);
		// another month's plan rows, which the run of April must leave alone
		reporting.sql("""
				INSERT INTO mart.alert (month, alert_type, subject, actual, threshold, message)
				VALUES ('2025-03-01', 'above_target', 'churn_rate', 0.03, 0.025, 'March')
				""").update();

		int first = calculation.calculate(new MonthContext(APRIL, config));
		Map<String, BigDecimal> metricsFirst = planMetrics("2025-04");
		List<PlanAlert> alertsFirst = alerts("2025-04");
		List<CategoryThresholdStatus> categoriesFirst = categories("2025-04");
		int second = calculation.calculate(new MonthContext(APRIL, config));

		// above target, move 0.04 - 0.02 = 0.02 > 0.01, price 2 / 100 = 0.02 > 0.01
		assertThat(alertsFirst).extracting(PlanAlert::alertType)
			.containsExactly("above_target", "churn_rate_move", "category_threshold");
		assertThat(second).isEqualTo(first);
		assertThat(planMetrics("2025-04")).isEqualTo(metricsFirst);
		assertThat(alerts("2025-04")).isEqualTo(alertsFirst);
		assertThat(categories("2025-04")).isEqualTo(categoriesFirst);

		// the operator drops the targets: the month's plan rows follow on the next run
		Files.delete(config.resolve(ChurnTargets.FILE_NAME));
		calculation.calculate(new MonthContext(APRIL, config));
		assertThat(alerts("2025-04")).extracting(PlanAlert::alertType).containsExactly("churn_rate_move");
		assertThat(planMetrics("2025-04").get("target_churn_rate")).isNull();
		assertThat(planMetrics("2025-04").get("alerts_raised")).isEqualByComparingTo("1");
		assertThat(categories("2025-04")).extracting(CategoryThresholdStatus::threshold).containsOnlyNulls();
		assertThat(alerts("2025-03")).extracting(PlanAlert::message).containsExactly("March");
	}

	@Test
	void aThresholdForACategoryTheClassifierDoesNotKnowStopsTheCalculation() throws Exception {
		targets("""
				category-thresholds:
				  prices: 0.01
				""");
		summary("2025-04", 100, "0.040000", 2);

		assertThatThrownBy(() -> calculation.calculate(new MonthContext(APRIL, config)))
			.isInstanceOf(InvalidConfigurationException.class)
			.hasMessageContaining("category-thresholds.prices: churn-reasons.yml has no reason in category 'prices'")
			.hasMessageContaining("competitor, price, relocation, support");
	}

	@Test
	void categoriesAreMatchedIgnoringCase() throws Exception {
		targets("""
				category-thresholds:
				  PRICE: 0.01
				""");
		summary("2025-04", 100, "0.020000", 2);
		churnByReason("2025-04", "managed", "price", "price_too_high", 2);

		calculation.calculate(new MonthContext(APRIL, config));

		// 2 / 100 = 0.02 > 0.01; the category is shown as the classifier names it
		assertThat(categories("2025-04")).containsExactly(new CategoryThresholdStatus("price", 2, new BigDecimal("100"),
				new BigDecimal("0.020000"), new BigDecimal("0.010000"), true));
		assertThat(alerts("2025-04")).extracting(PlanAlert::subject).containsExactly("price");
	}

	// ------------------------------------------------------------------ mart rows

	private void targets(String yaml) throws Exception {
		Files.writeString(config.resolve(ChurnTargets.FILE_NAME), yaml);
	}

	private void churnRate(String month, String churnRate) {
		metric(month, "churn_rate", churnRate == null ? null : new BigDecimal(churnRate));
	}

	private void summary(String month, long customersStart, String churnRate, long churnedManaged) {
		metric(month, "customers_start", BigDecimal.valueOf(customersStart));
		churnRate(month, churnRate);
		metric(month, "churned_managed", BigDecimal.valueOf(churnedManaged));
	}

	private void metric(String month, String metric, BigDecimal value) {
		reporting.sql("""
				INSERT INTO mart.monthly_metric (month, metric, value) VALUES (:month, :metric, :value)
				ON CONFLICT (month, metric) DO UPDATE SET value = excluded.value
				""")
			.param("month", firstDay(month))
			.param("metric", metric)
			.param("value", value, Types.NUMERIC)
			.update();
	}

	private void churnByReason(String month, String reasonClass, String category, String reasonCode, int customers) {
		reporting.sql("""
				INSERT INTO mart.churn_by_reason (month, reason_class, category, reason_code, reason_label, customers, mrr_lost)
				VALUES (:month, :reasonClass, :category, :reasonCode, :reasonCode, :customers, 10.00 * :customers)
				""")
			.param("month", firstDay(month))
			.param("reasonClass", reasonClass)
			.param("category", category, Types.VARCHAR)
			.param("reasonCode", reasonCode, Types.VARCHAR)
			.param("customers", customers)
			.update();
	}

	private Map<String, BigDecimal> planMetrics(String month) {
		Map<String, BigDecimal> metrics = new LinkedHashMap<>();
		reporting.sql("SELECT metric, value FROM mart.monthly_metric WHERE month = :month AND metric IN (:metrics)")
			.param("month", firstDay(month))
			.param("metrics", PLAN_METRICS)
			.query(rs -> {
				metrics.put(rs.getString("metric"), rs.getBigDecimal("value"));
			});
		return metrics;
	}

	private List<PlanAlert> alerts(String month) {
		return reporting.sql("""
				SELECT alert_type, subject, actual, threshold, message FROM mart.alert WHERE month = :month
				ORDER BY array_position(ARRAY['above_target', 'churn_rate_move', 'category_threshold'], alert_type), subject
				""").param("month", firstDay(month)).query(PlanAlert.class).list();
	}

	private List<CategoryThresholdStatus> categories(String month) {
		return reporting.sql("""
				SELECT category, customers, customers_start, churn_rate_contribution, threshold, exceeded
				FROM mart.category_threshold WHERE month = :month ORDER BY category
				""").param("month", firstDay(month)).query(CategoryThresholdStatus.class).list();
	}

	private static LocalDate firstDay(String month) {
		return ReportingMonth.parseMonth(month).atDay(1);
	}

}
