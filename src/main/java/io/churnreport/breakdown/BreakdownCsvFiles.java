package io.churnreport.breakdown;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.churnreport.report.CsvFile;

/** The month's CSV files of the churn breakdowns. */
@Configuration(proxyBeanMethods = false)
public class BreakdownCsvFiles {

	@Bean
	CsvFile departuresToCompetitorsCsv() {
		return new CsvFile("departures-to-competitors.csv", """
				SELECT competitor, customers, mrr_lost, customers_12m AS customers_trailing_12m,
				       mrr_lost_12m AS mrr_lost_trailing_12m
				FROM mart.churn_by_competitor
				WHERE month = :month
				ORDER BY customers DESC, mrr_lost DESC, customers_12m DESC, mrr_lost_12m DESC, competitor
				""", List.of("competitor", "customers", "mrr_lost", "customers_trailing_12m", "mrr_lost_trailing_12m"));
	}

	/** The MRR churn rate is derived here from the stored MRR; empty when the row started with no MRR. */
	@Bean
	CsvFile churnBySegmentCsv() {
		return new CsvFile("churn-by-segment.csv", """
				SELECT dimension, value, customers_start, customers_churned, churn_rate, mrr_start, mrr_churned,
				       round(mrr_churned / nullif(mrr_start, 0), 6) AS mrr_churn_rate,
				       churned_managed, churned_unmanaged, churned_unclassified, churned_no_reason
				FROM mart.churn_by_segment
				WHERE month = :month
				ORDER BY array_position(ARRAY['segment', 'region', 'plan'], dimension), value = '(none)', value
				""", List.of("dimension", "value", "customers_start", "customers_churned", "churn_rate", "mrr_start",
				"mrr_churned", "mrr_churn_rate", "churned_managed", "churned_unmanaged", "churned_unclassified",
				"churned_no_reason"));
	}

}
