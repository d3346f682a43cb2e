package io.churnreport.plan;

import java.math.BigDecimal;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.churnreport.classify.ChurnReason;
import io.churnreport.classify.ChurnReasonCatalog;
import io.churnreport.month.MetricStore;
import io.churnreport.month.MonthCalculation;
import io.churnreport.month.MonthContext;
import io.churnreport.month.ReportingMonth;
import io.churnreport.month.MetricScales;
import io.churnreport.month.Metric;
import io.churnreport.month.MonthData;
import io.churnreport.month.MetricSection;

/**
 * The month against the churn plan of targets.yml: target and variance of the churn rate and of
 * the managed churn rate, the churn rate's trailing 3-month average, each reason category against
 * its threshold (mart.category_threshold), and the alerts all of that raises (mart.alert). Reads
 * the month's summary metrics and churn by reason from the mart, so it runs after them.
 */
@Component
public class ChurnPlanCalculation implements MonthCalculation {

	private static final String TRAILING_CHURN_RATES = """
			SELECT value
			FROM mart.monthly_metric
			WHERE metric = 'churn_rate' AND value IS NOT NULL
			  AND month >= :from AND month < :month
			""";

	// Categories are matched like reason codes, ignoring case and blanks; unclassified and
	// no-reason churn have no category and are left to the churn rate as a whole.
	private static final String CHURNED_BY_CATEGORY = """
			SELECT min(trim(category)) AS category, sum(customers) AS customers
			FROM mart.churn_by_reason
			WHERE month = :month AND category IS NOT NULL AND trim(category) <> ''
			GROUP BY lower(trim(category))
			""";

	private static final String DELETE_ALERTS = "DELETE FROM mart.alert WHERE month = :month";

	private static final String INSERT_ALERT = """
			INSERT INTO mart.alert (month, alert_type, subject, actual, threshold, message)
			VALUES (:month, :alertType, :subject, :actual, :threshold, :message)
			""";

	private static final String DELETE_CATEGORIES = "DELETE FROM mart.category_threshold WHERE month = :month";

	private static final String INSERT_CATEGORY = """
			INSERT INTO mart.category_threshold (month, category, customers, customers_start, churn_rate_contribution,
			                                     threshold, exceeded)
			VALUES (:month, :category, :customers, :customersStart, :contribution, :threshold, :exceeded)
			""";

	private final JdbcClient reporting;

	private final MetricStore metricStore;

	public ChurnPlanCalculation(JdbcClient reporting, MetricStore metricStore) {
		this.reporting = reporting;
		this.metricStore = metricStore;
	}

	@Override
	public int calculate(MonthContext context) {
		ReportingMonth month = context.month();
		LocalDate day = month.firstDay();
		ChurnTargets targets = targets(context);

		BigDecimal customersStart = metric(day, Metric.CUSTOMERS_START);
		BigDecimal churnRate = metric(day, Metric.CHURN_RATE);
		BigDecimal churnedManaged = metric(day, Metric.CHURNED_MANAGED);
		BigDecimal targetChurnRate = targets.targetChurnRate(month.month()).orElse(null);
		BigDecimal managedChurnRate = ratio(churnedManaged, customersStart);
		BigDecimal targetManagedChurnRate = targets.targetManagedChurnRate(month.month()).orElse(null);
		List<BigDecimal> trailingRates = reporting.sql(TRAILING_CHURN_RATES)
			.param("from", day.minusMonths(PlanAlert.TRAILING_MONTHS))
			.param("month", day)
			.query(BigDecimal.class)
			.list();
		BigDecimal trailingAverage = average(trailingRates);

		Map<Metric, BigDecimal> metrics = new LinkedHashMap<>();
		metrics.put(Metric.TARGET_CHURN_RATE, targetChurnRate);
		metrics.put(Metric.CHURN_RATE_VARIANCE, difference(churnRate, targetChurnRate));
		metrics.put(Metric.MANAGED_CHURN_RATE, managedChurnRate);
		metrics.put(Metric.TARGET_MANAGED_CHURN_RATE, targetManagedChurnRate);
		metrics.put(Metric.MANAGED_CHURN_RATE_VARIANCE, difference(managedChurnRate, targetManagedChurnRate));
		metrics.put(Metric.CHURN_RATE_TRAILING_3M_AVG, trailingAverage);

		List<CategoryThresholdStatus> categories = categories(day, customersStart, targets);
		List<PlanAlert> alerts = new ArrayList<>();
		// strictly above: a month exactly on target or exactly at a threshold raises nothing
		if (churnRate != null && targetChurnRate != null && churnRate.compareTo(targetChurnRate) > 0) {
			alerts.add(PlanAlert.aboveTarget("churn_rate", "Churn rate", churnRate, targetChurnRate));
		}
		if (managedChurnRate != null && targetManagedChurnRate != null
				&& managedChurnRate.compareTo(targetManagedChurnRate) > 0) {
			alerts.add(PlanAlert.aboveTarget("managed_churn_rate", "Managed churn rate", managedChurnRate,
					targetManagedChurnRate));
		}
		if (churnRate != null && trailingAverage != null
				&& churnRate.subtract(trailingAverage).abs().compareTo(targets.churnRateMove()) > 0) {
			alerts.add(PlanAlert.churnRateMove(churnRate, trailingAverage, trailingRates.size(), targets.churnRateMove()));
		}
		categories.stream()
			.filter(category -> Boolean.TRUE.equals(category.exceeded()))
			.forEach(category -> alerts.add(PlanAlert.categoryThreshold(category.category(), category.customers(),
					category.churnRateContribution(), category.threshold())));
		metrics.put(Metric.ALERTS_RAISED, BigDecimal.valueOf(alerts.size()));

		metricStore.save(month, metrics);
		saveCategories(day, categories);
		saveAlerts(day, alerts);
		return metrics.size() + categories.size() + alerts.size();
	}

	@Override
	public MonthData reads() {
		return MonthData.metrics(Metric.CUSTOMERS_START, Metric.CHURN_RATE, Metric.CHURNED_MANAGED)
			.andTables("mart.churn_by_reason");
	}

	@Override
	public MonthData writes() {
		return MonthData.metricsOf(MetricSection.PLAN).andTables("mart.alert", "mart.category_threshold");
	}

	private static ChurnTargets targets(MonthContext context) {
		ChurnTargets targets = ChurnTargets.of(context.inputs());
		if (!targets.categoryThresholds().isEmpty()) {
			targets.checkCategories(
					ChurnReasonCatalog.of(context.inputs()).reasons().stream().map(ChurnReason::category).toList(),
					context.configDirectory());
		}
		return targets;
	}

	/**
	 * Every category that churned customers this month, and every category with a threshold
	 * (with 0 customers when it churned none), in order of name.
	 */
	private List<CategoryThresholdStatus> categories(LocalDate day, BigDecimal customersStart, ChurnTargets targets) {
		Map<String, String> names = new TreeMap<>();
		Map<String, Long> customers = new TreeMap<>();
		for (CategoryCount count : reporting.sql(CHURNED_BY_CATEGORY).param("month", day).query(CategoryCount.class).list()) {
			names.put(ChurnTargets.normalise(count.category()), count.category());
			customers.put(ChurnTargets.normalise(count.category()), count.customers());
		}
		targets.categoryThresholds().keySet().forEach(category -> names.putIfAbsent(ChurnTargets.normalise(category), category));
		List<CategoryThresholdStatus> statuses = new ArrayList<>();
		names.forEach((key, category) -> {
			long churned = customers.getOrDefault(key, 0L);
			BigDecimal contribution = ratio(BigDecimal.valueOf(churned), customersStart);
			BigDecimal threshold = targets.categoryThreshold(category).orElse(null);
			Boolean exceeded = (contribution == null || threshold == null) ? null : contribution.compareTo(threshold) > 0;
			statuses.add(new CategoryThresholdStatus(category, churned, customersStart, contribution, threshold, exceeded));
		});
		return statuses;
	}

	private void saveCategories(LocalDate day, List<CategoryThresholdStatus> categories) {
		reporting.sql(DELETE_CATEGORIES).param("month", day).update();
		categories.forEach(category -> reporting.sql(INSERT_CATEGORY)
			.param("month", day)
			.param("category", category.category())
			.param("customers", category.customers())
			.param("customersStart", category.customersStart() == null ? null : category.customersStart().intValueExact(),
					Types.INTEGER)
			.param("contribution", category.churnRateContribution(), Types.NUMERIC)
			.param("threshold", category.threshold(), Types.NUMERIC)
			.param("exceeded", category.exceeded(), Types.BOOLEAN)
			.update());
	}

	private void saveAlerts(LocalDate day, List<PlanAlert> alerts) {
		reporting.sql(DELETE_ALERTS).param("month", day).update();
		alerts.forEach(alert -> reporting.sql(INSERT_ALERT)
			.param("month", day)
			.param("alertType", alert.alertType())
			.param("subject", alert.subject())
			.param("actual", alert.actual())
			.param("threshold", alert.threshold())
			.param("message", alert.message())
			.update());
	}

	private BigDecimal metric(LocalDate day, Metric name) {
		return metricStore.find(day, name).orElse(null);
	}

	/** numerator / denominator as a rate; null when either is missing or the denominator is zero. */
	static BigDecimal ratio(BigDecimal numerator, BigDecimal denominator) {
		return numerator == null || denominator == null ? null : MetricScales.rate(numerator, denominator);
	}

	/** actual - target as a rate; null when either is missing. */
	static BigDecimal difference(BigDecimal actual, BigDecimal target) {
		if (actual == null || target == null) {
			return null;
		}
		return MetricScales.rate(actual.subtract(target));
	}

	/** The mean of the rates; null when there are none. */
	static BigDecimal average(List<BigDecimal> rates) {
		if (rates.isEmpty()) {
			return null;
		}
		BigDecimal sum = rates.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
		return MetricScales.rate(sum, BigDecimal.valueOf(rates.size()));
	}

	record CategoryCount(String category, long customers) {
	}

}
