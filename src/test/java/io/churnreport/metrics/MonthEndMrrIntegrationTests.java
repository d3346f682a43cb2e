package io.churnreport.metrics;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.churnreport.support.FixtureInstallation;
import io.churnreport.support.TestPostgres;
import io.churnreport.system.ChurnProperties.ChurnDefinition;
import io.churnreport.system.InvalidConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import io.churnreport.month.ReportingMonth;

/** Month-end MRR in the reporting currency (EUR here), in both churn definitions. */
class MonthEndMrrIntegrationTests {

	private static final ReportingMonth FEBRUARY = ReportingMonth.of("2025-02", ZoneId.of("UTC"));

	@TempDir
	Path config;

	JdbcClient reporting;

	@BeforeEach
	void createReportingDatabase() {
		DataSource dataSource = TestPostgres.migratedReportingDatabase("mrr");
		reporting = JdbcClient.create(dataSource);
		FixtureInstallation.write(config.resolve("fx-rates.csv"), """
				month,currency,rate
				# USD and GBP in EUR at the end of each month
				2025-01,USD,0.90
				2025-02,usd,0.95
				2025-02,GBP,1.20
				""");
	}

	@Test
	void subscriptionPeriodsAreNormalisedToMonthsAndConvertedAtMonthEndRates() {
		period("a", "2025-01-01", null, "30.00", 1, "EUR", false);
		// 100 USD: 90.00 EUR at the end of January, 95.00 at the end of February (90.00 at January's rate)
		period("b", "2025-01-15", null, "100.00", 1, "USD", false);
		// 1200 GBP a year: 100 GBP a month, 120.00 EUR; no January rate is needed, it was not open then
		period("c", "2025-02-01", null, "1200.00", 12, "GBP", false);
		// a December trial is not MRR; the quarterly plan after it is 90 / 3 = 30.00
		period("d", "2024-12-15", "2025-01-01", "0.00", 1, "EUR", true);
		period("d", "2025-01-01", null, "90.00", 3, "EUR", false);

		int rows = new MonthEndMrr(reporting, ChurnDefinition.SUBSCRIPTION, "EUR").calculate(FEBRUARY, config);

		assertThat(rows).isEqualTo(7);
		assertThat(customerMonths()).containsExactly("a 2025-01 30.00 30.00", "a 2025-02 30.00 30.00",
				"b 2025-01 90.00 90.00", "b 2025-02 95.00 90.00", "c 2025-02 120.00 120.00", "d 2025-01 30.00 30.00",
				"d 2025-02 30.00 30.00");
	}

	@Test
	void aPeriodCountsAtTheEndOfEveryMonthItCoversInTheReportingTimeZone() {
		ReportingMonth februaryInBerlin = ReportingMonth.of("2025-02", ZoneId.of("Europe/Berlin"));
		// Berlin is UTC+1 in winter. e starts at 00:30 on 1 February there: not active at the end of January
		periodBetween("e", "2025-01-31T23:30:00Z", null, "10.00");
		// f ends at 00:00 on 1 February in Berlin, the instant January ends: it covered all January
		periodBetween("f", "2025-01-10T00:00:00Z", "2025-01-31T23:00:00Z", "20.00");
		// g ends one second before January does: active at no month end
		periodBetween("g", "2025-01-10T00:00:00Z", "2025-01-31T22:59:59Z", "30.00");
		// h ends at 00:00 on 1 March in Berlin: active at the end of January and February
		periodBetween("h", "2025-01-10T00:00:00Z", "2025-02-28T23:00:00Z", "40.00");
		// i starts after the run month
		periodBetween("i", "2025-03-01T00:00:00Z", null, "50.00");

		int rows = new MonthEndMrr(reporting, ChurnDefinition.SUBSCRIPTION, "EUR")
			.calculate(februaryInBerlin, config);

		assertThat(rows).isEqualTo(4);
		assertThat(customerMonths()).containsExactly("e 2025-02 10.00 10.00", "f 2025-01 20.00 20.00",
				"h 2025-01 40.00 40.00", "h 2025-02 40.00 40.00");
	}

	@Test
	void aMissingRateFailsNamingTheCurrencyAndMonth() {
		period("c", "2025-02-01", null, "1200.00", 12, "GBP", false);
		FixtureInstallation.write(config.resolve("fx-rates.csv"), "month,currency,rate\n2025-02,USD,0.95\n");

		assertThatThrownBy(() -> new MonthEndMrr(reporting, ChurnDefinition.SUBSCRIPTION, "EUR")
			.calculate(FEBRUARY, config)).isInstanceOf(InvalidConfigurationException.class)
			.hasMessageContaining("No exchange rate for GBP in 2025-02")
			.hasMessageContaining("add a line 2025-02,GBP,");
	}

	@Test
	void inTheActivityDefinitionInvoicesAboveZeroMakeACustomerActiveInTheirMonth() {
		// x: 50 in January with a credit note of -20 (not counted); a zero invoice in February is no activity
		invoice("x", "2025-01-10T10:00:00Z", "50.00", "EUR");
		invoice("x", "2025-01-20T10:00:00Z", "-20.00", "EUR");
		invoice("x", "2025-02-05T10:00:00Z", "0.00", "EUR");
		// y: 100 USD in February = 95.00 EUR (90.00 at January's rate)
		invoice("y", "2025-02-28T23:30:00Z", "100.00", "USD");
		// z: after the run month
		invoice("z", "2025-03-01T00:00:00Z", "40.00", "EUR");

		new MonthEndMrr(reporting, ChurnDefinition.ACTIVITY, "EUR").calculate(FEBRUARY, config);

		assertThat(customerMonths()).containsExactly("x 2025-01 50.00 50.00", "y 2025-02 95.00 90.00");
	}

	@Test
	void runningAgainReplacesTheMonthsRows() {
		period("a", "2025-01-01", null, "30.00", 1, "EUR", false);
		MonthEndMrr monthEndMrr = new MonthEndMrr(reporting, ChurnDefinition.SUBSCRIPTION, "EUR");

		monthEndMrr.calculate(FEBRUARY, config);
		monthEndMrr.calculate(FEBRUARY, config);

		assertThat(customerMonths()).containsExactly("a 2025-01 30.00 30.00", "a 2025-02 30.00 30.00");
	}

	private List<String> customerMonths() {
		return reporting.sql("""
				SELECT customer_id || ' ' || to_char(month, 'YYYY-MM') || ' ' || mrr || ' ' || mrr_at_previous_rates
				FROM staging.customer_month_mrr WHERE run_month = '2025-02-01' ORDER BY customer_id, month
				""").query(String.class).list();
	}

	private void period(String customer, String from, String to, String amount, int interval, String currency,
			boolean trial) {
		reporting.sql("""
				INSERT INTO staging.subscription_period (run_month, subscription_id, customer_id, plan_code, valid_from,
				    valid_to, amount, interval_months, currency, is_trial)
				VALUES ('2025-02-01', :customer || '-' || :from, :customer, 'plan', CAST(:from AS date) AT TIME ZONE 'UTC',
				        CAST(:to AS date) AT TIME ZONE 'UTC', CAST(:amount AS numeric), :interval, :currency, :trial)
				""")
			.param("customer", customer)
			.param("from", from)
			.param("to", to)
			.param("amount", amount)
			.param("interval", interval)
			.param("currency", currency)
			.param("trial", trial)
			.update();
	}

	private void periodBetween(String customer, String from, String to, String amount) {
		reporting.sql("""
				INSERT INTO staging.subscription_period (run_month, subscription_id, customer_id, plan_code, valid_from,
				    valid_to, amount, interval_months, currency, is_trial)
				VALUES ('2025-02-01', :customer, :customer, 'plan', CAST(:from AS timestamptz), CAST(:to AS timestamptz),
				        CAST(:amount AS numeric), 1, 'EUR', false)
				""")
			.param("customer", customer)
			.param("from", from)
			.param("to", to)
			.param("amount", amount)
			.update();
	}

	private void invoice(String customer, String issuedAt, String amount, String currency) {
		reporting.sql("""
				INSERT INTO staging.invoice_history (run_month, invoice_id, customer_id, issued_at, amount, currency)
				VALUES ('2025-02-01', :customer || :issuedAt, :customer, CAST(:issuedAt AS timestamptz),
				        CAST(:amount AS numeric), :currency)
				""")
			.param("customer", customer)
			.param("issuedAt", issuedAt)
			.param("amount", amount)
			.param("currency", currency)
			.update();
	}

}
