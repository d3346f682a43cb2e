package io.churnreport.report;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/** The PDF reports written for every month, in this order. */
@Configuration(proxyBeanMethods = false)
public class ReportsConfiguration {

	@Bean
	@Order(1)
	ReportRenderer managementReportRenderer() {
		return new ReportRenderer(ReportRenderer.MANAGEMENT_REPORT, "Monthly churn report");
	}

}
