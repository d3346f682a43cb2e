package io.churnreport.report;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The CSV files of the monthly churn job, in the order they are written. */
@Configuration(proxyBeanMethods = false)
public class MonthlyCsvFiles {

	@Bean
	CsvFile summaryCsv() {
		return new CsvFile("summary.csv", """
				SELECT m.metric, m.value
				FROM mart.monthly_metric m JOIN mart.metric_definition d USING (metric)
				WHERE m.month = :month
				ORDER BY d.display_order, m.metric
				""", List.of("metric", "value"));
	}

	@Bean
	CsvFile churnByReasonCsv() {
		return new CsvFile("churn-by-reason.csv", """
				SELECT reason_class, category, reason_code, reason_label, customers, mrr_lost
				FROM mart.churn_by_reason
				WHERE month = :month
				ORDER BY array_position(ARRAY['managed', 'unmanaged', 'unclassified', 'no_reason'], reason_class),
				         customers DESC, mrr_lost DESC, reason_code
				""", List.of("reason_class", "category", "reason_code", "reason_label", "customers", "mrr_lost"));
	}

	@Bean
	CsvFile cohortRetentionCsv() {
		return new CsvFile("cohort-retention.csv", """
				SELECT to_char(cohort_month, 'YYYY-MM') AS cohort_month, months_since, customers_active, cohort_size,
				       retention_rate, cohort_mrr, mrr_active, revenue_retention_rate
				FROM mart.cohort_retention
				WHERE month = :month
				ORDER BY cohort_month, months_since
				""", List.of("cohort_month", "months_since", "customers_active", "cohort_size", "retention_rate",
						"cohort_mrr", "mrr_active", "revenue_retention_rate"));
	}

	/**
	 * What a forced rerun changed: every metric whose value differs from the version it replaced
	 * (no rows for a month that was not restated).
	 */
	@Bean
	CsvFile restatementCsv() {
		return new CsvFile("restatement.csv", """
				WITH run AS (
				    SELECT version FROM mart.month_run WHERE month = :month AND version > 1
				), previous AS (
				    SELECT h.metric, h.value FROM mart_history.monthly_metric h, run
				    WHERE h.month = :month AND h.version = run.version - 1
				), restated AS (
				    SELECT metric, value FROM mart.monthly_metric WHERE month = :month
				)
				SELECT run.version - 1 AS previous_version, run.version AS restated_version, d.metric,
				       previous.value AS previous_value, restated.value AS restated_value,
				       restated.value - previous.value AS difference
				FROM run CROSS JOIN mart.metric_definition d
				LEFT JOIN previous ON previous.metric = d.metric
				LEFT JOIN restated ON restated.metric = d.metric
				WHERE (previous.metric IS NOT NULL OR restated.metric IS NOT NULL)
				  AND restated.value IS DISTINCT FROM previous.value
				ORDER BY d.display_order, d.metric
				""", List.of("previous_version", "restated_version", "metric", "previous_value", "restated_value",
				"difference"));
	}

}
