package io.churnreport.risk;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.churnreport.report.CsvFile;

/** The month's scored customers, riskiest first, as a CSV file (and a sheet of the management spreadsheet). */
@Configuration(proxyBeanMethods = false)
public class RiskCsvFiles {

	@Bean
	CsvFile atRiskCustomersCsv() {
		return new CsvFile("at-risk-customers.csv", """
				SELECT customer_id, band, score, mrr, tenure_months, array_to_string(factors, ';') AS factors, explanation
				FROM mart.risk_customer
				WHERE month = :month
				ORDER BY score DESC, mrr DESC, customer_id
				""", List.of("customer_id", "band", "score", "mrr", "tenure_months", "factors", "explanation"));
	}

}
