package io.churnreport.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.churnreport.month.ReportingMonth;
import io.churnreport.support.TestPostgres;

/**
 * Migration V36 turns the features stored as JSON by earlier versions into arrays in the order of
 * the month's codes, and the months they stored are learned from as before.
 */
class RiskFeaturesMigrationIntegrationTests {

	private static final String EVERY_FEATURE_OF_APRIL = """
			{"short_tenure": 14, "tenure": 14, "mrr_down_3m": 0.25, "mrr_down_6m": 0.5, "mrr": 49.9,
			 "monthly_billing": 1, "reactivations": 2, "unpaid_invoices": 3, "late_payments": 4,
			 "days_since_payment": 61, "cancellation_requests": 1, "segment_churn": 0.3333333333333333,
			 "region_churn": 0.8, "plan_churn": 1.5, "similar_managed_churn": 2}""";

	@Test
	void storedJsonFeaturesBecomeArraysInTheOrderOfTheMonthsCodes() {
		DataSource reporting = databaseBeforeV36();
		JdbcTemplate before = new JdbcTemplate(reporting);
		// April scored with every feature there is now; May by a run that had two of them only;
		// June not scored
		before.execute("""
				INSERT INTO mart.risk_model (month, scored, skipped_because, labelled_months, training_rows, training_churners)
				VALUES ('2025-04-01', true, NULL, 3, 100, 10), ('2025-05-01', true, NULL, 3, 100, 10),
				       ('2025-06-01', false, 'too few', 0, 0, 0);
				INSERT INTO mart.risk_customer (month, customer_id, mrr, score, band, tenure_months, factors, explanation, features)
				VALUES ('2025-04-01', 'A', 49.90, 0.5, 'red', 14, '{}', '', '%s'),
				       ('2025-05-01', 'A', 49.90, 0.5, 'red', 15, '{}', '', '{"unpaid_invoices": 2, "mrr_down_3m": 0.75}'),
				       ('2025-05-01', 'B', 10.00, 0.1, 'green', 1, '{}', '', '{"unpaid_invoices": 0, "mrr_down_3m": 0}');
				""".formatted(EVERY_FEATURE_OF_APRIL));

		Flyway.configure().dataSource(reporting).locations("classpath:db/migration").load().migrate();

		JdbcClient mart = JdbcClient.create(reporting);
		assertThat(mart.sql("SELECT month || ' ' || coalesce(array_to_string(feature_codes, ','), '-') FROM mart.risk_model ORDER BY month")
			.query(String.class)
			.list()).containsExactly(
					"2025-04-01 cancellation_requests,days_since_payment,late_payments,monthly_billing,mrr,mrr_down_3m,"
							+ "mrr_down_6m,plan_churn,reactivations,region_churn,segment_churn,short_tenure,"
							+ "similar_managed_churn,tenure,unpaid_invoices",
					"2025-05-01 mrr_down_3m,unpaid_invoices", "2025-06-01 -");
		assertThat(mart.sql("SELECT month || ' ' || customer_id || ' ' || features::text FROM mart.risk_customer ORDER BY month, customer_id")
			.query(String.class)
			.list()).containsExactly("2025-04-01 A {1,61,4,1,49.9,0.25,0.5,1.5,2,0.8,0.3333333333333333,14,2,14,3}",
					"2025-05-01 A {0.75,2}", "2025-05-01 B {0,0}");

		// April is learned from as stored, every value under its own feature; May lacks features
		RiskFeatureQuery features = new RiskFeatureQuery(new JdbcTemplate(reporting));
		ReportingMonth april = ReportingMonth.of("2025-04", ZoneOffset.UTC);
		assertThat(features.scoredWithEveryFeature(april)).isTrue();
		assertThat(features.scoredWithEveryFeature(ReportingMonth.of("2025-05", ZoneOffset.UTC))).isFalse();
		assertThat(features.scoredWithEveryFeature(ReportingMonth.of("2025-06", ZoneOffset.UTC))).isFalse();
		List<RiskFeatureQuery.CustomerFeatures> read = new ArrayList<>();
		features.forEachScored(april, 1, read::add);
		assertThat(read).singleElement().satisfies(customer -> {
			assertThat(customer.customerId()).isEqualTo("A");
			assertThat(customer.mrr()).isEqualByComparingTo(new BigDecimal("49.90"));
			assertThat(customer.tenureMonths()).isEqualTo(14);
			assertThat(customer.raw()).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
					Map.entry(RiskFeature.SHORT_TENURE, 14.0), Map.entry(RiskFeature.TENURE, 14.0),
					Map.entry(RiskFeature.MRR_DOWN_3M, 0.25), Map.entry(RiskFeature.MRR_DOWN_6M, 0.5),
					Map.entry(RiskFeature.MRR, 49.9), Map.entry(RiskFeature.MONTHLY_BILLING, 1.0),
					Map.entry(RiskFeature.REACTIVATIONS, 2.0), Map.entry(RiskFeature.UNPAID_INVOICES, 3.0),
					Map.entry(RiskFeature.LATE_PAYMENTS, 4.0), Map.entry(RiskFeature.DAYS_SINCE_PAYMENT, 61.0),
					Map.entry(RiskFeature.CANCELLATION_REQUESTS, 1.0),
					Map.entry(RiskFeature.SEGMENT_CHURN, 1.0 / 3), Map.entry(RiskFeature.REGION_CHURN, 0.8),
					Map.entry(RiskFeature.PLAN_CHURN, 1.5), Map.entry(RiskFeature.SIMILAR_MANAGED_CHURN, 2.0)));
			// no customer of May's end in the month-end MRR: A churned
			assertThat(customer.churnedNextMonth()).isTrue();
		});
	}

	private static DataSource databaseBeforeV36() {
		DataSource reporting = TestPostgres.dataSource(TestPostgres.newDatabase("risk_features_migration"));
		Flyway.configure().dataSource(reporting).locations("classpath:db/migration").target("35").load().migrate();
		return reporting;
	}

}
