package io.churnreport.plan;

import java.util.ArrayList;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.churnreport.month.Metric;
import io.churnreport.report.CsvFile;

/** The churn plan's CSV files: the month's alerts and the 12-month trend of the key metrics. */
@Configuration(proxyBeanMethods = false)
public class PlanCsvFiles {

	/** The trend's metrics, in column order after the month. */
	static final List<Metric> TREND_METRICS = List.of(Metric.CUSTOMERS_START, Metric.CUSTOMERS_NEW, Metric.CUSTOMERS_CHURNED, Metric.CUSTOMERS_END, Metric.CHURN_RATE, Metric.MRR_START, Metric.MRR_END, Metric.MRR_NEW, Metric.MRR_EXPANSION, Metric.MRR_CONTRACTION, Metric.MRR_CHURNED, Metric.NET_MRR_CHURN_RATE, Metric.NRR, Metric.ARPU, Metric.CHURNED_MANAGED, Metric.CHURNED_UNMANAGED, Metric.TARGET_CHURN_RATE);

	@Bean
	CsvFile alertsCsv() {
		return new CsvFile("alerts.csv", """
				SELECT alert_type, subject, actual, threshold, message
				FROM mart.alert
				WHERE month = :month
				ORDER BY array_position(ARRAY['above_target', 'churn_rate_move', 'category_threshold'], alert_type), subject
				""", List.of("alert_type", "subject", "actual", "threshold", "message"));
	}

	@Bean
	CsvFile trendCsv() {
		return new CsvFile("trend.csv", trendSql(), columns());
	}

	/**
	 * One row per month from M-11 to M that the mart has metrics for, read as stored (months
	 * already run are not recomputed). Each metric is its own filtered aggregate, so a metric a
	 * month does not have (or the mart does not know) is an empty cell, never an error.
	 */
	static String trendSql() {
		StringBuilder sql = new StringBuilder("SELECT to_char(month, 'YYYY-MM') AS month");
		TREND_METRICS.forEach(metric -> sql.append(",\n       max(value) FILTER (WHERE metric = '")
			.append(metric.metricName())
			.append("') AS ")
			.append(metric.metricName()));
		return sql.append("""

				FROM mart.monthly_metric
				WHERE month > CAST(:month AS date) - interval '12 months' AND month <= CAST(:month AS date)
				GROUP BY month
				ORDER BY month
				""").toString();
	}

	private static List<String> columns() {
		List<String> columns = new ArrayList<>();
		columns.add("month");
		TREND_METRICS.forEach(metric -> columns.add(metric.metricName()));
		return List.copyOf(columns);
	}

}
