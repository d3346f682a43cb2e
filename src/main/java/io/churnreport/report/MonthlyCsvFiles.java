package io.churnreport.report;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/** The CSV files of the monthly churn job, in the order they are written. */
@Configuration(proxyBeanMethods = false)
public class MonthlyCsvFiles {

	@Bean
	@Order(1)
	CsvFile summaryCsv() {
		return new CsvFile("summary.csv", """
				SELECT m.metric, m.value
				FROM mart.monthly_metric m JOIN mart.metric_definition d USING (metric)
				WHERE m.month = :month
				ORDER BY d.display_order, m.metric
				""", List.of("metric", "value"));
	}

	@Bean
	@Order(2)
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
	@Order(3)
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

}
