package io.churnreport.report;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/** The PDF reports written for every month, in this order, and the spreadsheet beside each. */
@Configuration(proxyBeanMethods = false)
public class ReportsConfiguration {

	@Bean
	@Order(1)
	ReportRenderer managementReportRenderer() {
		return new ReportRenderer(ReportRenderer.MANAGEMENT_REPORT, "Monthly churn report");
	}

	@Bean
	@Order(2)
	ReportRenderer financeReportRenderer() {
		return new ReportRenderer(ReportRenderer.FINANCE_REPORT, "Monthly finance report");
	}

	@Bean
	SpreadsheetFile managementReportSpreadsheet() {
		return new SpreadsheetFile(ReportRenderer.MANAGEMENT_REPORT + ".xlsx",
				List.of("summary.csv", "churn-by-reason.csv", "cohort-retention.csv", "departures-to-competitors.csv",
						"retention-desk.csv", "hidden-churn.csv", "at-risk-customers.csv", "alerts.csv", "trend.csv",
						"data-quality.csv"));
	}

	@Bean
	SpreadsheetFile financeReportSpreadsheet() {
		return new SpreadsheetFile(ReportRenderer.FINANCE_REPORT + ".xlsx",
				List.of("summary.csv", "cohort-retention.csv", "churn-by-segment.csv", "trend.csv"));
	}

}
