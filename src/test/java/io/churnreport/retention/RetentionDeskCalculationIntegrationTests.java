package io.churnreport.retention;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.churnreport.month.MetricStore;
import io.churnreport.month.MonthContext;
import io.churnreport.month.ReportingMonth;
import io.churnreport.report.CustomerIds;
import io.churnreport.report.MonthlyCsvWriter;
import io.churnreport.support.TestPostgres;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retention desk of June 2025 (UTC) on hand-written CRM cancellations, billing periods,
 * month-end MRR and churned customers, with a two-reason classifier.
 */
class RetentionDeskCalculationIntegrationTests {

	private static final ReportingMonth JUNE = new ReportingMonth(YearMonth.of(2025, 6), ZoneOffset.UTC);

	private static final LocalDate JUNE_1 = LocalDate.of(2025, 6, 1);

	private static final String CLASSIFIER = """
			reasons:
			  - code: price_too_high
			    label: Price too high
			    category: price
			    class: managed
			  - code: moved_abroad
			    label: Moved abroad
			    category: relocation
			    class: unmanaged
			""";

	/** Requests from 2025-06-01 00:00 up to, not including, 2025-07-01 00:00 UTC count for June. */
	private static final String JUNE_REQUESTS = """
			INSERT INTO staging.cancellation (run_month, customer_id, requested_at, effective_at, reason_code, reason_text,
			                                  competitor, outcome) VALUES
			 ('2025-06-01', 'r1', '2025-06-01 00:00+00', NULL, 'price_too_high', NULL, NULL, 'saved'),
			 ('2025-06-01', 'r2', '2025-06-10 09:00+00', '2025-06-30 00:00+00', 'price_too_high', NULL, 'Rival', 'churned'),
			 ('2025-06-01', 'r3', '2025-06-11 09:00+00', NULL, ' PRICE_TOO_HIGH ', NULL, NULL, 'saved'),
			 ('2025-06-01', 'r4', '2025-06-12 09:00+00', '2025-06-20 00:00+00', NULL, 'no reason', NULL, 'churned'),
			 ('2025-06-01', 'r5', '2025-06-13 09:00+00', NULL, '', NULL, NULL, 'saved'),
			 ('2025-06-01', 'r6', '2025-06-14 09:00+00', '2025-06-20 00:00+00', 'legacy_17', NULL, NULL, 'churned'),
			 ('2025-06-01', 'r7', '2025-06-30 23:59:59+00', NULL, 'moved_abroad', NULL, NULL, 'pending'),
			 -- outside June
			 ('2025-06-01', 'r8', '2025-07-01 00:00+00', NULL, 'price_too_high', NULL, NULL, 'saved'),
			 ('2025-06-01', 'r9', '2025-05-31 23:59:59+00', NULL, 'price_too_high', NULL, NULL, 'churned');
			""";

	private DataSource reporting;

	private JdbcTemplate jdbc;

	@TempDir
	Path config;

	@BeforeEach
	void createDatabaseAndClassifier() throws IOException {
		reporting = TestPostgres.migratedReportingDatabase("retention_desk");
		jdbc = new JdbcTemplate(reporting);
		Files.writeString(config.resolve("churn-reasons.yml"), CLASSIFIER);
	}

	@Test
	void countsTheMonthsRequestsSavedAndLost() {
		jdbc.execute(JUNE_REQUESTS);

		calculate();

		// r1..r7: 7 requests; saved r1, r3, r5 = 3; lost r2, r4, r6 = 3; r7 still pending;
		// save rate 3 / 7 = 0.4285714.. -> 0.428571
		assertThat(metrics()).containsEntry("cancellation_requests", new BigDecimal("7"))
			.containsEntry("saved", new BigDecimal("3"))
			.containsEntry("lost_at_desk", new BigDecimal("3"))
			.containsEntry("save_rate", new BigDecimal("0.428571"));
	}

	@Test
	void countsRequestsByReasonWithTheClassifiersLabels() {
		jdbc.execute(JUNE_REQUESTS);

		calculate();

		// price_too_high: r1, r2 and r3 (recorded as " PRICE_TOO_HIGH "), 2 saved of 3 = 0.666667;
		// no code: r4 (null) and r5 (blank), 1 of 2 = 0.5; legacy_17 is not in the classifier, so
		// its label is its code; moved_abroad: r7, pending
		assertThat(jdbc.queryForList("""
				SELECT concat_ws(' | ', reason_code, reason_label, requests, saved, lost, coalesce(save_rate::text, '-'))
				FROM mart.retention_desk_by_reason WHERE month = '2025-06-01' ORDER BY requests DESC, reason_code
				""", String.class)).containsExactly("price_too_high | Price too high | 3 | 2 | 1 | 0.666667",
				"(none) | (none) | 2 | 1 | 1 | 0.500000", "legacy_17 | legacy_17 | 1 | 0 | 1 | 0.000000",
				"moved_abroad | Moved abroad | 1 | 0 | 0 | 0.000000");
	}

	@Test
	void aMonthWithoutRequestsHasNoSaveRate() {
		calculate();

		assertThat(metrics()).containsEntry("cancellation_requests", BigDecimal.ZERO)
			.containsEntry("saved", BigDecimal.ZERO)
			.containsEntry("lost_at_desk", BigDecimal.ZERO)
			.containsEntry("save_rate", null)
			.containsEntry("saved_then_churned_90d", BigDecimal.ZERO);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM mart.retention_desk_by_reason", Integer.class)).isZero();
	}

	@Test
	void replacesItsRowsWhenTheMonthIsComputedAgain() {
		jdbc.execute(JUNE_REQUESTS);
		jdbc.execute(SAVED_THEN_CHURNED);

		calculate();
		calculate();

		assertThat(jdbc.queryForObject("SELECT count(*) FROM mart.retention_desk_by_reason WHERE month = '2025-06-01'",
				Integer.class)).isEqualTo(4);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM mart.saved_then_churned_customer WHERE month = '2025-06-01'",
				Integer.class)).isEqualTo(4);
	}

	/**
	 * Customers churned in June (in mart.churned_customer, MRR at the end of May and none at the end
	 * of June), with their saves. Each churns at the end of its last paid period ending in June.
	 * Saved on 2025-03-10 12:00: + 89 days = 2025-06-07 12:00 (22 days to April 1, + 30 + 31 = 83
	 * to June 1, + 6 = 89).
	 */
	private static final String SAVED_THEN_CHURNED = """
			INSERT INTO mart.churned_customer (month, customer_id, mrr_lost, reason_class) VALUES
			 ('2025-06-01', 'day-89', 10.00, 'no_reason'),
			 ('2025-06-01', 'day-90', 20.00, 'no_reason'),
			 ('2025-06-01', 'day-91', 30.00, 'no_reason'),
			 ('2025-06-01', 'two-saves', 40.00, 'no_reason'),
			 ('2025-06-01', 'saved-after-churn', 50.00, 'no_reason'),
			 ('2025-06-01', 'lost-not-saved', 60.00, 'no_reason'),
			 ('2025-06-01', 'churned-before', 70.00, 'no_reason'),
			 ('2025-06-01', 'saved-in-trial', 80.00, 'no_reason'),
			 ('2025-06-01', 'no-billing-end', 90.00, 'no_reason');

			INSERT INTO staging.customer_month_mrr (run_month, customer_id, month, mrr, mrr_at_previous_rates)
			SELECT '2025-06-01', c, m::date, 10, 10
			FROM unnest(ARRAY['day-89', 'day-90', 'day-91', 'two-saves', 'saved-after-churn', 'lost-not-saved']) AS c,
			     unnest(ARRAY['2025-01-01', '2025-02-01', '2025-03-01', '2025-04-01', '2025-05-01']) AS m;
			INSERT INTO staging.customer_month_mrr (run_month, customer_id, month, mrr, mrr_at_previous_rates) VALUES
			 -- churned in April after its save, back in May
			 ('2025-06-01', 'churned-before', '2025-03-01', 70, 70),
			 ('2025-06-01', 'churned-before', '2025-05-01', 70, 70),
			 -- in trial (no MRR) until May
			 ('2025-06-01', 'saved-in-trial', '2025-05-01', 80, 80),
			 ('2025-06-01', 'no-billing-end', '2025-05-01', 90, 90);

			INSERT INTO staging.subscription_period (run_month, subscription_id, customer_id, plan_code, valid_from, valid_to,
			                                         amount, interval_months, currency, is_trial, end_cause) VALUES
			 ('2025-06-01', 's89', 'day-89', 'p', '2025-01-01 00:00+00', '2025-06-07 12:00+00', 10, 1, 'USD', false, 'voluntary'),
			 ('2025-06-01', 's90', 'day-90', 'p', '2025-01-01 00:00+00', '2025-06-08 12:00+00', 10, 1, 'USD', false, 'voluntary'),
			 ('2025-06-01', 's91', 'day-91', 'p', '2025-01-01 00:00+00', '2025-06-09 12:00+00', 10, 1, 'USD', false, 'voluntary'),
			 -- two subscriptions: the later end (June 20) is the churn
			 ('2025-06-01', 'st1', 'two-saves', 'p', '2025-01-01 00:00+00', '2025-06-05 00:00+00', 5, 1, 'USD', false, 'voluntary'),
			 ('2025-06-01', 'st2', 'two-saves', 'p', '2025-01-01 00:00+00', '2025-06-20 00:00+00', 5, 1, 'USD', false, 'voluntary'),
			 ('2025-06-01', 'sa', 'saved-after-churn', 'p', '2025-01-01 00:00+00', '2025-06-15 00:00+00', 10, 1, 'USD', false, 'voluntary'),
			 ('2025-06-01', 'sl', 'lost-not-saved', 'p', '2025-01-01 00:00+00', '2025-06-15 00:00+00', 10, 1, 'USD', false, 'voluntary'),
			 ('2025-06-01', 'sc1', 'churned-before', 'p', '2025-01-01 00:00+00', '2025-04-15 00:00+00', 70, 1, 'USD', false, 'voluntary'),
			 ('2025-06-01', 'sc2', 'churned-before', 'p', '2025-05-01 00:00+00', '2025-06-10 00:00+00', 70, 1, 'USD', false, 'voluntary'),
			 ('2025-06-01', 'sti', 'saved-in-trial', 'p', '2025-04-01 00:00+00', '2025-05-01 00:00+00', 0, 1, 'USD', true, NULL),
			 ('2025-06-01', 'stp', 'saved-in-trial', 'p', '2025-05-01 00:00+00', '2025-06-30 00:00+00', 80, 1, 'USD', false, 'voluntary');

			INSERT INTO staging.cancellation (run_month, customer_id, requested_at, effective_at, reason_code, reason_text,
			                                  competitor, outcome) VALUES
			 ('2025-06-01', 'day-89', '2025-03-10 12:00+00', NULL, 'price_too_high', NULL, NULL, 'saved'),
			 ('2025-06-01', 'day-90', '2025-03-10 12:00+00', NULL, 'price_too_high', NULL, NULL, 'saved'),
			 ('2025-06-01', 'day-91', '2025-03-10 12:00+00', NULL, 'price_too_high', NULL, NULL, 'saved'),
			 -- the latest save counts: April 1 -> June 20 = 30 + 31 + 19 = 80 days
			 ('2025-06-01', 'two-saves', '2025-01-05 00:00+00', NULL, 'price_too_high', NULL, NULL, 'saved'),
			 ('2025-06-01', 'two-saves', '2025-04-01 00:00+00', NULL, 'price_too_high', NULL, NULL, 'saved'),
			 ('2025-06-01', 'saved-after-churn', '2025-06-25 00:00+00', NULL, NULL, NULL, NULL, 'saved'),
			 ('2025-06-01', 'lost-not-saved', '2025-06-01 00:00+00', '2025-06-15 00:00+00', NULL, NULL, NULL, 'churned'),
			 -- saved April 5, churned April 15 (counted in April), back in May, gone June 10: not again
			 ('2025-06-01', 'churned-before', '2025-04-05 00:00+00', NULL, NULL, NULL, NULL, 'saved'),
			 -- saved April 20 in its trial: no churn until June 30 -> 11 + 31 + 29 = 71 days
			 ('2025-06-01', 'saved-in-trial', '2025-04-20 00:00+00', NULL, NULL, NULL, NULL, 'saved'),
			 -- no billing period ends in June: it churns at June 1 00:00 -> 17 days after May 15
			 ('2025-06-01', 'no-billing-end', '2025-05-15 00:00+00', NULL, NULL, NULL, NULL, 'saved');
			""";

	@Test
	void countsSavedCustomersWhoChurnWithinNinetyDaysInTheMonthTheyChurn() {
		jdbc.execute(SAVED_THEN_CHURNED);

		calculate();

		// day-89 counts, day-90 (exactly 90 days) and day-91 do not
		assertThat(jdbc.queryForList("""
				SELECT concat_ws(' ', customer_id, to_char(saved_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI'),
				                 to_char(churned_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI'), days_to_churn, mrr_lost)
				FROM mart.saved_then_churned_customer WHERE month = '2025-06-01' ORDER BY customer_id
				""", String.class)).containsExactly("day-89 2025-03-10T12:00 2025-06-07T12:00 89 10.00",
				"no-billing-end 2025-05-15T00:00 2025-06-01T00:00 17 90.00",
				"saved-in-trial 2025-04-20T00:00 2025-06-30T00:00 71 80.00",
				"two-saves 2025-04-01T00:00 2025-06-20T00:00 80 40.00");
		assertThat(metrics()).containsEntry("saved_then_churned_90d", new BigDecimal("4"));
	}

	@Test
	void writesTheRequestsByReasonMostFirst(@TempDir Path directory) throws IOException {
		jdbc.execute(JUNE_REQUESTS);
		calculate();

		new MonthlyCsvWriter(reporting, List.of(new RetentionCsvFiles().retentionDeskCsv()), CustomerIds.inFull())
			.write(JUNE, directory);

		assertThat(Files.readAllLines(directory.resolve("retention-desk.csv"), StandardCharsets.UTF_8)).containsExactly(
				"reason_code,reason_label,requests,saved,lost,save_rate", "price_too_high,Price too high,3,2,1,0.666667",
				"(none),(none),2,1,1,0.500000", "legacy_17,legacy_17,1,0,1,0.000000",
				"moved_abroad,Moved abroad,1,0,0,0.000000");
	}

	private void calculate() {
		JdbcClient client = JdbcClient.create(reporting);
		new RetentionDeskCalculation(client, new MetricStore(client)).calculate(new MonthContext(JUNE, config));
	}

	private Map<String, Object> metrics() {
		Map<String, Object> metrics = new LinkedHashMap<>();
		jdbc.query("SELECT metric, value FROM mart.monthly_metric WHERE month = ?",
				rs -> {
					metrics.put(rs.getString("metric"), rs.getBigDecimal("value"));
				}, JUNE_1);
		return metrics;
	}

}
