package io.churnreport.retention;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.churnreport.report.CsvFile;

/** The month's hidden churn list and retention desk by reason, as CSV files. */
@Configuration(proxyBeanMethods = false)
public class RetentionCsvFiles {

	/**
	 * Dates are shown on the reporting time zone's calendar, the one the month was computed in
	 * (mart.month_run); a CSV writer would otherwise print timestamps in the JVM's zone.
	 */
	@Bean
	CsvFile hiddenChurnCsv() {
		return new CsvFile("hidden-churn.csv", """
				SELECT h.customer_id, h.mrr,
				       to_char(h.last_paid_at AT TIME ZONE coalesce(r.time_zone, 'UTC'), 'YYYY-MM-DD') AS last_paid_at,
				       to_char(h.oldest_unpaid_issued_at AT TIME ZONE coalesce(r.time_zone, 'UTC'), 'YYYY-MM-DD')
				           AS oldest_unpaid_issued_at,
				       h.days_since_last_payment, h.days_overdue, h.reason
				FROM mart.hidden_churn_customer h
				LEFT JOIN mart.month_run r ON r.month = h.month
				WHERE h.month = :month
				ORDER BY h.mrr DESC, h.customer_id
				""", List.of("customer_id", "mrr", "last_paid_at", "oldest_unpaid_issued_at", "days_since_last_payment",
				"days_overdue", "reason"));
	}

	@Bean
	CsvFile retentionDeskCsv() {
		return new CsvFile("retention-desk.csv", """
				SELECT reason_code, reason_label, requests, saved, lost, save_rate
				FROM mart.retention_desk_by_reason
				WHERE month = :month
				ORDER BY requests DESC, reason_code
				""", List.of("reason_code", "reason_label", "requests", "saved", "lost", "save_rate"));
	}

}
