package io.churnreport.quality;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.churnreport.month.ReportingMonth;
import io.churnreport.support.TestPostgres;
import io.churnreport.system.ChurnProperties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each rule of {@link SourceContractRules}, run by {@link SourceDataCheck} on hand-made staged rows
 * of March 2025 in a real PostgreSQL, as of 2 April 2025 00:00 UTC. Every test starts from the same
 * clean rows (two customers, a subscription period each, an invoice each, one cancellation that
 * explains the one voluntary end) and adds the dirty ones; the expected quarantine lists each
 * quarantined row as "source rule tag", where the tag is the row's region (customers), plan_code
 * (subscriptions), invoice_id (invoices) or reason_text (cancellations), as written below.
 */
class SourceContractRulesIntegrationTests {

	private static final ReportingMonth MARCH = ReportingMonth.of("2025-03", ZoneOffset.UTC);

	private static final OffsetDateTime NOW = OffsetDateTime.parse("2025-04-02T00:00:00Z");

	/** Clean rows of March, and rows of a February run that must not be touched. */
	private static final String CLEAN_ROWS = """
			INSERT INTO staging.customer (run_month, customer_id, created_at, segment, region) VALUES
			 ('2025-03-01', 'c1', '2024-01-01T00:00Z', 'consumer', 'base-c1'),
			 ('2025-03-01', 'c2', '2024-06-01T00:00Z', 'business', 'base-c2'),
			 ('2025-02-01', NULL, '2024-01-01T00:00Z', NULL, 'february-without-id'),
			 ('2025-02-01', 'feb-only', '2024-01-01T00:00Z', NULL, 'february-only');
			INSERT INTO staging.subscription_period (run_month, subscription_id, customer_id, plan_code, valid_from, valid_to,
			                                         amount, interval_months, currency, is_trial, end_cause) VALUES
			 ('2025-03-01', 's1', 'c1', 'base-s1', '2024-01-01T00:00Z', NULL, 10, 1, 'EUR', false, NULL),
			 ('2025-03-01', 's2', 'c2', 'base-s2', '2024-06-01T00:00Z', '2025-03-01T00:00Z', 120, 12, NULL, false, 'voluntary');
			INSERT INTO staging.invoice (run_month, invoice_id, customer_id, issued_at, amount, currency, paid_at) VALUES
			 ('2025-03-01', 'i1', 'c1', '2025-03-01T00:00Z', 10, 'EUR', '2025-03-02T00:00Z'),
			 ('2025-03-01', 'i2', 'c2', '2024-06-01T00:00Z', 120, 'eur', NULL);
			INSERT INTO staging.cancellation (run_month, customer_id, requested_at, effective_at, reason_code, reason_text,
			                                  competitor, outcome) VALUES
			 ('2025-03-01', 'c2', '2025-02-10T09:00Z', '2025-03-01T00:00Z', 'price', 'base-x1', NULL, 'churned');
			""";

	private static final String QUARANTINED = """
			SELECT label FROM (
			    SELECT array_position(ARRAY['customers', 'subscriptions', 'invoices', 'cancellations'], source) AS position,
			           source || ' ' || rule || ' ' || CASE source
			               WHEN 'customers' THEN source_row->>'region'
			               WHEN 'subscriptions' THEN source_row->>'plan_code'
			               WHEN 'invoices' THEN coalesce(source_row->>'invoice_id', '(no id) ' || (source_row->>'customer_id'))
			               ELSE source_row->>'reason_text' END AS label
			    FROM quality.quarantined_row
			    WHERE run_month = '2025-03-01'
			) quarantined
			ORDER BY position, label COLLATE "C"
			""";

	private static final String FINDINGS = """
			SELECT source || ' ' || rule || ' ' || action || ' ' || rows || '/' || rows_extracted
			FROM staging.data_quality
			WHERE run_month = '2025-03-01'
			ORDER BY array_position(ARRAY['customers', 'subscriptions', 'invoices', 'cancellations'], source), rule COLLATE "C"
			""";

	private static DataSource dataSource;

	private static JdbcClient jdbc;

	@BeforeAll
	static void createReportingDatabase() {
		dataSource = TestPostgres.migratedReportingDatabase("source_contract_rules");
		jdbc = JdbcClient.create(dataSource);
	}

	@BeforeEach
	void cleanRows() {
		execute("""
				TRUNCATE staging.customer, staging.subscription_period, staging.invoice, staging.cancellation,
				         staging.data_quality, quality.quarantined_row
				""");
		execute(CLEAN_ROWS);
	}

	@Test
	void cleanRowsPassUntouchedAndOtherMonthsAreNotChecked() {
		SourceDataFindings findings = check();

		assertThat(findings.findings()).isEmpty();
		assertThat(findings.rowsExtracted()).containsExactly(Map.entry("customers", 2L),
				Map.entry("subscriptions", 2L), Map.entry("invoices", 2L), Map.entry("cancellations", 1L));
		assertThat(quarantined()).isEmpty();
		assertThat(findingRows()).isEmpty();
		assertThat(count("staging.customer")).isEqualTo(4);
		assertThat(count("staging.subscription_period")).isEqualTo(2);
		assertThat(count("staging.invoice")).isEqualTo(2);
		assertThat(count("staging.cancellation")).isEqualTo(1);
	}

	@Test
	void nullOrBlankCustomerIdIsQuarantinedInEverySource() {
		execute("""
				INSERT INTO staging.customer (run_month, customer_id, created_at, region) VALUES
				 ('2025-03-01', NULL, '2024-01-01T00:00Z', 'no-id'),
				 ('2025-03-01', '  ', '2024-01-01T00:00Z', 'blank-id');
				INSERT INTO staging.subscription_period (run_month, subscription_id, customer_id, plan_code, valid_from, amount,
				                                         interval_months, currency, is_trial) VALUES
				 ('2025-03-01', 's3', NULL, 'sub-no-customer', '2024-01-01T00:00Z', 5, 1, 'EUR', false);
				INSERT INTO staging.invoice (run_month, invoice_id, customer_id, issued_at, amount, currency) VALUES
				 ('2025-03-01', 'i3', '', '2025-03-05T00:00Z', 5, 'EUR');
				INSERT INTO staging.cancellation (run_month, customer_id, requested_at, reason_text, outcome) VALUES
				 ('2025-03-01', NULL, '2025-03-05T00:00Z', 'crm-no-customer', 'saved');
				""");

		check();

		assertThat(quarantined()).containsExactly("customers null_customer_id blank-id",
				"customers null_customer_id no-id", "subscriptions null_customer_id sub-no-customer",
				"invoices null_customer_id i3", "cancellations null_customer_id crm-no-customer");
		assertThat(findingRows()).containsExactly("customers null_customer_id quarantined 2/4",
				"subscriptions null_customer_id quarantined 1/3", "invoices null_customer_id quarantined 1/3",
				"cancellations null_customer_id quarantined 1/2");
		assertThat(count("staging.customer")).as("the clean rows and February's").isEqualTo(4);
	}

	@Test
	void nullRequiredFieldsAreQuarantined() {
		execute("""
				INSERT INTO staging.subscription_period (run_month, subscription_id, customer_id, plan_code, valid_from, amount,
				                                         interval_months, currency, is_trial) VALUES
				 ('2025-03-01', NULL, 'c1', 'no-subscription-id', '2024-01-01T00:00Z', 5, 1, 'EUR', false),
				 ('2025-03-01', 's4', 'c1', 'no-valid-from', NULL, 5, 1, 'EUR', false),
				 ('2025-03-01', 's5', 'c1', 'no-amount', '2024-01-01T00:00Z', NULL, 1, 'EUR', false),
				 ('2025-03-01', 's6', 'c1', 'no-interval', '2024-01-01T00:00Z', 5, NULL, 'EUR', false),
				 ('2025-03-01', 's7', 'c1', 'no-trial-flag', '2024-01-01T00:00Z', 5, 1, 'EUR', NULL);
				INSERT INTO staging.invoice (run_month, invoice_id, customer_id, issued_at, amount, currency) VALUES
				 ('2025-03-01', NULL, 'c1', '2025-03-03T00:00Z', 5, 'EUR'),
				 ('2025-03-01', 'i4', 'c1', NULL, 5, 'EUR'),
				 ('2025-03-01', 'i5', 'c1', '2025-03-03T00:00Z', NULL, 'EUR');
				INSERT INTO staging.cancellation (run_month, customer_id, requested_at, reason_text, outcome) VALUES
				 ('2025-03-01', 'c1', NULL, 'no-requested-at', 'churned'),
				 ('2025-03-01', 'c1', '2025-03-04T00:00Z', 'no-outcome', NULL);
				""");

		check();

		assertThat(quarantined()).containsExactly("subscriptions null_required_field no-amount",
				"subscriptions null_required_field no-interval", "subscriptions null_required_field no-subscription-id",
				"subscriptions null_required_field no-trial-flag", "subscriptions null_required_field no-valid-from",
				"invoices null_required_field (no id) c1", "invoices null_required_field i4",
				"invoices null_required_field i5", "cancellations null_required_field no-outcome",
				"cancellations null_required_field no-requested-at");
		assertThat(findingRows()).containsExactly("subscriptions null_required_field quarantined 5/7",
				"invoices null_required_field quarantined 3/5", "cancellations null_required_field quarantined 2/3");
	}

	@Test
	void exactCopiesKeepOneRowAndQuarantineTheOthers() {
		execute("""
				INSERT INTO staging.customer (run_month, customer_id, created_at, segment, region) VALUES
				 ('2025-03-01', 'c3', '2024-02-01T00:00Z', 'consumer', 'copied'),
				 ('2025-03-01', 'c3', '2024-02-01T00:00Z', 'consumer', 'copied'),
				 ('2025-03-01', 'c3', '2024-02-01T00:00Z', 'consumer', 'copied');
				INSERT INTO staging.subscription_period SELECT * FROM staging.subscription_period WHERE subscription_id = 's1';
				INSERT INTO staging.invoice SELECT * FROM staging.invoice WHERE invoice_id = 'i1';
				INSERT INTO staging.cancellation SELECT * FROM staging.cancellation;
				""");

		check();

		assertThat(quarantined()).containsExactly("customers duplicate_row copied", "customers duplicate_row copied",
				"subscriptions duplicate_row base-s1", "invoices duplicate_row i1", "cancellations duplicate_row base-x1");
		assertThat(findingRows()).containsExactly("customers duplicate_row quarantined 2/5",
				"subscriptions duplicate_row quarantined 1/3", "invoices duplicate_row quarantined 1/3",
				"cancellations duplicate_row quarantined 1/2");
		// one of each is kept
		assertThat(jdbc.sql("SELECT count(*) FROM staging.customer WHERE customer_id = 'c3'").query(Long.class).single())
			.isEqualTo(1);
		assertThat(count("staging.subscription_period")).isEqualTo(2);
		assertThat(count("staging.invoice")).isEqualTo(2);
		assertThat(count("staging.cancellation")).isEqualTo(1);
	}

	@Test
	void conflictingVersionsOfOneRecordAreAllQuarantinedAndWhatDependsOnThemToo() {
		execute("""
				INSERT INTO staging.customer (run_month, customer_id, created_at, region) VALUES
				 ('2025-03-01', 'c3', '2024-02-01T00:00Z', 'north-version'),
				 ('2025-03-01', 'c3', '2024-02-01T00:00Z', 'south-version');
				INSERT INTO staging.subscription_period (run_month, subscription_id, customer_id, plan_code, valid_from, amount,
				                                         interval_months, currency, is_trial) VALUES
				 ('2025-03-01', 's8', 'c3', 'of-conflicting-customer', '2024-02-01T00:00Z', 5, 1, 'EUR', false),
				 ('2025-03-01', 's1', 'c1', 'base-s1-repriced', '2024-01-01T00:00Z', 12, 1, 'EUR', false);
				INSERT INTO staging.invoice (run_month, invoice_id, customer_id, issued_at, amount, currency) VALUES
				 ('2025-03-01', 'i2', 'c2', '2024-06-01T00:00Z', 130, 'eur');
				INSERT INTO staging.cancellation (run_month, customer_id, requested_at, reason_text, outcome) VALUES
				 ('2025-03-01', 'c2', '2025-02-10T09:00Z', 'other-version', 'saved');
				""");

		check();

		// c3's subscription has no customer left; c2's voluntary end has no cancellation left: flagged
		assertThat(quarantined()).containsExactly("customers conflicting_duplicate north-version",
				"customers conflicting_duplicate south-version", "subscriptions conflicting_duplicate base-s1",
				"subscriptions conflicting_duplicate base-s1-repriced",
				"subscriptions unknown_customer of-conflicting-customer", "invoices conflicting_duplicate i2",
				"invoices conflicting_duplicate i2", "cancellations conflicting_duplicate base-x1",
				"cancellations conflicting_duplicate other-version");
		assertThat(findingRows()).containsExactly("customers conflicting_duplicate quarantined 2/4",
				"subscriptions conflicting_duplicate quarantined 2/4", "subscriptions unknown_customer quarantined 1/4",
				"subscriptions voluntary_end_without_cancellation kept-and-flagged 1/4",
				"invoices conflicting_duplicate quarantined 2/3", "cancellations conflicting_duplicate quarantined 2/2");
	}

	@Test
	void aRecordGivenMoreThanOnceIsJudgedOnTheRowsTheRulesBeforeLeft() {
		execute("""
				INSERT INTO staging.customer (run_month, customer_id, created_at, region) VALUES
				 ('2025-03-01', 'c4', '2024-02-01T00:00Z', 'copy-of-c4'),
				 ('2025-03-01', 'c4', '2024-02-01T00:00Z', 'copy-of-c4'),
				 ('2025-03-01', 'c4', '2024-02-01T00:00Z', 'other-c4'),
				 ('2025-03-01', 'c5', '2026-01-01T00:00Z', 'c5-from-the-future'),
				 ('2025-03-01', 'c5', '2024-02-01T00:00Z', 'c5-kept');
				""");

		check();

		// c4: the exact copy goes first, then the two versions left conflict; c5: once its future-dated row is
		// gone, its id is no longer shared, so the other row is kept
		assertThat(quarantined()).containsExactly("customers conflicting_duplicate copy-of-c4",
				"customers conflicting_duplicate other-c4", "customers duplicate_row copy-of-c4",
				"customers future_date c5-from-the-future");
		assertThat(findingRows()).containsExactly("customers conflicting_duplicate quarantined 2/7",
				"customers duplicate_row quarantined 1/7", "customers future_date quarantined 1/7");
		assertThat(jdbc.sql("SELECT region FROM staging.customer WHERE customer_id = 'c5'").query(String.class).list())
			.containsExactly("c5-kept");
	}

	@Test
	void aRowBreakingSeveralRulesIsCountedUnderTheFirstInTheirOrder() {
		execute("""
				INSERT INTO staging.customer (run_month, customer_id, created_at, region) VALUES
				 ('2025-03-01', NULL, '1899-12-31T00:00Z', 'no-id-and-1899');
				INSERT INTO staging.subscription_period (run_month, subscription_id, customer_id, plan_code, valid_from, valid_to,
				                                         amount, interval_months, currency, is_trial, source_problem) VALUES
				 ('2025-03-01', 's50', 'c1', 'not-utf8-and-no-amount', '2024-01-01T00:00Z', NULL, NULL, 1, 'EUR', false,
				  'invalid UTF-8 in plan_code: 0xFF'),
				 ('2025-03-01', 's51', 'c1', 'future-and-ends-before', '2026-02-01T00:00Z', '2026-01-01T00:00Z', 5, 1, 'EUR',
				  false, NULL),
				 ('2025-03-01', 's52', 'c1', 'negative-euro-7-months', '2024-01-01T00:00Z', NULL, -5, 7, 'EURO', false, NULL),
				 ('2025-03-01', 's53', 'c1', 'euro-7-months', '2024-01-01T00:00Z', NULL, 5, 7, 'EURO', false, NULL),
				 ('2025-03-01', 's54', 'c1', '7-months', '2024-01-01T00:00Z', NULL, 5, 7, 'EUR', false, NULL);
				INSERT INTO staging.invoice (run_month, invoice_id, customer_id, issued_at, amount, currency) VALUES
				 ('2025-03-01', 'i-future-huge', 'c1', '2026-01-01T00:00Z', 250000, 'EUR'),
				 ('2025-03-01', 'i-huge-euro', 'c1', '2025-03-03T00:00Z', 250000, 'EURO');
				""");

		check();

		// the README's order: invalid_text, null_customer_id, null_required_field, date_out_of_range, duplicate_row,
		// future_date, period_ends_before_start, negative_amount, amount_above_limit, unknown_currency,
		// interval_not_allowed
		assertThat(quarantined()).containsExactly("customers null_customer_id no-id-and-1899",
				"subscriptions future_date future-and-ends-before", "subscriptions interval_not_allowed 7-months",
				"subscriptions invalid_text not-utf8-and-no-amount", "subscriptions negative_amount negative-euro-7-months",
				"subscriptions unknown_currency euro-7-months", "invoices amount_above_limit i-huge-euro",
				"invoices future_date i-future-huge");
		assertThat(findingRows()).containsExactly("customers null_customer_id quarantined 1/3",
				"subscriptions future_date quarantined 1/7", "subscriptions interval_not_allowed quarantined 1/7",
				"subscriptions invalid_text quarantined 1/7", "subscriptions negative_amount quarantined 1/7",
				"subscriptions unknown_currency quarantined 1/7", "invoices amount_above_limit quarantined 1/4",
				"invoices future_date quarantined 1/4");
		assertThat(count("staging.subscription_period")).isEqualTo(2);
	}

	@Test
	void aPeriodEndingBeforeItStartsIsQuarantinedOneOfNoLengthIsKept() {
		execute("""
				INSERT INTO staging.subscription_period (run_month, subscription_id, customer_id, plan_code, valid_from, valid_to,
				                                         amount, interval_months, currency, is_trial) VALUES
				 ('2025-03-01', 's9', 'c1', 'ends-before-start', '2025-02-10T00:00Z', '2025-02-01T00:00Z', 5, 1, 'EUR', false),
				 ('2025-03-01', 's10', 'c1', 'no-length', '2025-02-01T00:00Z', '2025-02-01T00:00Z', 5, 1, 'EUR', false);
				""");

		check();

		assertThat(quarantined()).containsExactly("subscriptions period_ends_before_start ends-before-start");
		assertThat(findingRows()).containsExactly("subscriptions period_ends_before_start quarantined 1/4");
	}

	@Test
	void overlappingPeriodsOfOneSubscriptionAreAllQuarantined() {
		execute("""
				INSERT INTO staging.subscription_period (run_month, subscription_id, customer_id, plan_code, valid_from, valid_to,
				                                         amount, interval_months, currency, is_trial) VALUES
				 ('2025-03-01', 's11', 'c1', 'earlier', '2023-01-01T00:00Z', '2023-06-01T00:00Z', 5, 1, 'EUR', false),
				 ('2025-03-01', 's11', 'c1', 'overlapped', '2024-01-01T00:00Z', '2025-01-01T00:00Z', 5, 1, 'EUR', false),
				 ('2025-03-01', 's11', 'c1', 'overlapping', '2024-12-01T00:00Z', NULL, 6, 1, 'EUR', false),
				 ('2025-03-01', 's12', 'c1', 'adjacent-1', '2024-01-01T00:00Z', '2025-01-01T00:00Z', 5, 1, 'EUR', false),
				 ('2025-03-01', 's12', 'c1', 'adjacent-2', '2025-01-01T00:00Z', NULL, 6, 1, 'EUR', false),
				 ('2025-03-01', 's13', 'c1', 'open-ended', '2024-01-01T00:00Z', NULL, 5, 1, 'EUR', false),
				 ('2025-03-01', 's13', 'c1', 'inside-open', '2024-06-01T00:00Z', '2024-07-01T00:00Z', 6, 1, 'EUR', false),
				 ('2025-03-01', 's13', 'c1', 'zero-length', '2024-08-01T00:00Z', '2024-08-01T00:00Z', 6, 1, 'EUR', false);
				""");

		check();

		// s12's periods meet without overlapping (valid_to is exclusive); s11 and s12 are different subscriptions
		assertThat(quarantined()).containsExactly("subscriptions overlapping_periods inside-open",
				"subscriptions overlapping_periods open-ended", "subscriptions overlapping_periods overlapped",
				"subscriptions overlapping_periods overlapping");
		assertThat(findingRows()).containsExactly("subscriptions overlapping_periods quarantined 4/10");
	}

	@Test
	void negativeAndAbsurdAmountsAreQuarantinedCreditNotesAreKept() {
		execute("""
				INSERT INTO staging.subscription_period (run_month, subscription_id, customer_id, plan_code, valid_from, amount,
				                                         interval_months, currency, is_trial) VALUES
				 ('2025-03-01', 's14', 'c1', 'negative', '2024-01-01T00:00Z', -5, 1, 'EUR', false),
				 ('2025-03-01', 's15', 'c1', 'above-limit', '2024-01-01T00:00Z', 100000.01, 1, 'EUR', false),
				 ('2025-03-01', 's16', 'c1', 'at-limit', '2024-01-01T00:00Z', 100000, 1, 'EUR', false),
				 ('2025-03-01', 's17', 'c1', 'free', '2024-01-01T00:00Z', 0, 1, 'EUR', false);
				INSERT INTO staging.invoice (run_month, invoice_id, customer_id, issued_at, amount, currency) VALUES
				 ('2025-03-01', 'i-huge', 'c1', '2025-03-03T00:00Z', 250000, 'EUR'),
				 ('2025-03-01', 'i-credit-note', 'c1', '2025-03-03T00:00Z', -10, 'EUR'),
				 ('2025-03-01', 'i-huge-credit', 'c1', '2025-03-03T00:00Z', -100000.5, 'EUR'),
				 ('2025-03-01', 'i-astronomic', 'c1', '2025-03-03T00:00Z', 1e20, 'EUR');
				""");

		check();

		assertThat(quarantined()).containsExactly("subscriptions amount_above_limit above-limit",
				"subscriptions negative_amount negative", "invoices amount_above_limit i-astronomic",
				"invoices amount_above_limit i-huge", "invoices amount_above_limit i-huge-credit");
		assertThat(findingRows()).containsExactly("subscriptions amount_above_limit quarantined 1/6",
				"subscriptions negative_amount quarantined 1/6", "invoices amount_above_limit quarantined 3/6");
	}

	@Test
	void theAmountLimitIsConfigurable() {
		check(Map.of("churn.data-quality.max-amount", "100"));

		assertThat(quarantined()).containsExactly("subscriptions amount_above_limit base-s2",
				"invoices amount_above_limit i2");
	}

	@Test
	void currenciesThatAreNotIso4217CodesAreQuarantined() {
		execute("""
				INSERT INTO staging.subscription_period (run_month, subscription_id, customer_id, plan_code, valid_from, amount,
				                                         interval_months, currency, is_trial) VALUES
				 ('2025-03-01', 's18', 'c1', 'euro', '2024-01-01T00:00Z', 5, 1, 'EURO', false),
				 ('2025-03-01', 's19', 'c1', 'lower-case-usd', '2024-01-01T00:00Z', 5, 1, 'usd', false),
				 ('2025-03-01', 's20', 'c1', 'try', '2024-01-01T00:00Z', 5, 1, 'TRY', false);
				INSERT INTO staging.invoice (run_month, invoice_id, customer_id, issued_at, amount, currency) VALUES
				 ('2025-03-01', 'i-abc', 'c1', '2025-03-03T00:00Z', 5, 'ABC'),
				 ('2025-03-01', 'i-blank', 'c1', '2025-03-03T00:00Z', 5, '');
				""");

		check();

		// a null currency (base-s2) is the reporting currency, as the MRR computation reads it
		assertThat(quarantined()).containsExactly("subscriptions unknown_currency euro",
				"invoices unknown_currency i-abc", "invoices unknown_currency i-blank");
		assertThat(findingRows()).containsExactly("subscriptions unknown_currency quarantined 1/5",
				"invoices unknown_currency quarantined 2/4");
	}

	@Test
	void intervalsOutsideTheAllowedSetAreQuarantined() {
		execute("""
				INSERT INTO staging.subscription_period (run_month, subscription_id, customer_id, plan_code, valid_from, amount,
				                                         interval_months, currency, is_trial) VALUES
				 ('2025-03-01', 's21', 'c1', 'every-2', '2024-01-01T00:00Z', 5, 2, 'EUR', false),
				 ('2025-03-01', 's22', 'c1', 'every-0', '2024-01-01T00:00Z', 5, 0, 'EUR', false),
				 ('2025-03-01', 's23', 'c1', 'every-24', '2024-01-01T00:00Z', 5, 24, 'EUR', false),
				 ('2025-03-01', 's24', 'c1', 'every-36', '2024-01-01T00:00Z', 5, 36, 'EUR', false);
				""");

		check();

		assertThat(quarantined()).containsExactly("subscriptions interval_not_allowed every-0",
				"subscriptions interval_not_allowed every-2");
		assertThat(findingRows()).containsExactly("subscriptions interval_not_allowed quarantined 2/6");
	}

	@Test
	void aFractionalIntervalIsQuarantinedNotRounded() {
		execute("""
				INSERT INTO staging.subscription_period (run_month, subscription_id, customer_id, plan_code, valid_from, amount,
				                                         interval_months, currency, is_trial) VALUES
				 ('2025-03-01', 's27', 'c1', 'every-2.6', '2024-01-01T00:00Z', 5, 2.6, 'EUR', false),
				 ('2025-03-01', 's28', 'c1', 'every-3.0', '2024-01-01T00:00Z', 5, 3.0, 'EUR', false);
				""");

		check();

		// 3.0 is 3 months, an allowed interval
		assertThat(quarantined()).containsExactly("subscriptions interval_not_allowed every-2.6");
	}

	@Test
	void infiniteDatesAndDatesBefore1900OrAfter9999AreQuarantined() {
		execute("""
				INSERT INTO staging.customer (run_month, customer_id, created_at, region) VALUES
				 ('2025-03-01', 'c7', '1899-12-31T23:59:59Z', 'created-1899'),
				 ('2025-03-01', 'c8', '1900-01-01T00:00Z', 'created-1900');
				INSERT INTO staging.subscription_period (run_month, subscription_id, customer_id, plan_code, valid_from, valid_to,
				                                         amount, interval_months, currency, is_trial) VALUES
				 ('2025-03-01', 's31', 'c1', 'from-minus-infinity', '-infinity', NULL, 5, 1, 'EUR', false),
				 ('2025-03-01', 's32', 'c1', 'to-infinity', '2025-01-01T00:00Z', 'infinity', 5, 1, 'EUR', false),
				 ('2025-03-01', 's33', 'c1', 'to-year-10000', '2025-01-01T00:00Z', '10000-01-01T00:00Z', 5, 1, 'EUR', false),
				 ('2025-03-01', 's34', 'c1', 'to-9999-12-31', '2025-01-01T00:00Z', '9999-12-31T23:59:59Z', 5, 1, 'EUR', false);
				INSERT INTO staging.invoice (run_month, invoice_id, customer_id, issued_at, amount, currency, paid_at) VALUES
				 ('2025-03-01', 'i-paid-at-infinity', 'c1', '2025-03-01T00:00Z', 5, 'EUR', 'infinity');
				INSERT INTO staging.cancellation (run_month, customer_id, requested_at, effective_at, reason_text, outcome) VALUES
				 ('2025-03-01', 'c1', '2025-03-20T00:00Z', '-infinity', 'effective-minus-infinity', 'churned');
				""");

		check();

		// 1900-01-01 00:00 and 9999-12-31 are the ends of the range and kept; an infinite end is not an open one
		assertThat(quarantined()).containsExactly("customers date_out_of_range created-1899",
				"subscriptions date_out_of_range from-minus-infinity", "subscriptions date_out_of_range to-infinity",
				"subscriptions date_out_of_range to-year-10000", "invoices date_out_of_range i-paid-at-infinity",
				"cancellations date_out_of_range effective-minus-infinity");
	}

	@Test
	void rowsTheExtractMarkedAsNotUtf8AreQuarantinedBeforeAnyOtherRule() {
		execute("""
				INSERT INTO staging.cancellation (run_month, customer_id, requested_at, reason_text, outcome, source_problem) VALUES
				 ('2025-03-01', NULL, '2025-03-20T00:00Z', 'Trop cher \\xFF', 'churned', 'invalid UTF-8 in reason_text: 0xFF');
				""");

		check();

		assertThat(quarantined()).containsExactly("cancellations invalid_text Trop cher \\xFF");
	}

	@Test
	void theAllowedIntervalsAreConfigurable() {
		check(Map.of("churn.data-quality.allowed-interval-months", "1,3"));

		assertThat(quarantined()).containsExactly("subscriptions interval_not_allowed base-s2");
	}

	@Test
	void datesAfterTheMomentOfTheCheckAreQuarantined() {
		execute("""
				INSERT INTO staging.customer (run_month, customer_id, created_at, region) VALUES
				 ('2025-03-01', 'c9', '2025-04-02T00:00:01Z', 'created-after-the-check');
				INSERT INTO staging.subscription_period (run_month, subscription_id, customer_id, plan_code, valid_from, valid_to,
				                                         amount, interval_months, currency, is_trial) VALUES
				 ('2025-03-01', 's25', 'c1', 'starts-later', '2025-05-01T00:00Z', NULL, 5, 1, 'EUR', false),
				 ('2025-03-01', 's26', 'c1', 'ends-later', '2025-03-01T00:00Z', '2026-01-01T00:00Z', 5, 1, 'EUR', false);
				INSERT INTO staging.invoice (run_month, invoice_id, customer_id, issued_at, amount, currency) VALUES
				 ('2025-03-01', 'i-future', 'c1', '2026-01-01T00:00Z', 5, 'EUR');
				INSERT INTO staging.cancellation (run_month, customer_id, requested_at, effective_at, reason_text, outcome) VALUES
				 ('2025-03-01', 'c1', '2030-01-01T00:00Z', NULL, 'asked-in-2030', 'churned'),
				 ('2025-03-01', 'c1', '2025-03-20T00:00Z', '2025-06-01T00:00Z', 'effective-later', 'churned');
				""");

		check();

		// a scheduled end or a cancellation taking effect later is normal
		assertThat(quarantined()).containsExactly("customers future_date created-after-the-check",
				"subscriptions future_date starts-later", "invoices future_date i-future",
				"cancellations future_date asked-in-2030");
		assertThat(findingRows()).containsExactly("customers future_date quarantined 1/3",
				"subscriptions future_date quarantined 1/4", "invoices future_date quarantined 1/3",
				"cancellations future_date quarantined 1/3");
	}

	@Test
	void rowsOfACustomerBillingDoesNotKnowAreQuarantined() {
		execute("""
				INSERT INTO staging.subscription_period (run_month, subscription_id, customer_id, plan_code, valid_from, amount,
				                                         interval_months, currency, is_trial) VALUES
				 ('2025-03-01', 's27', 'ghost', 'of-ghost', '2024-01-01T00:00Z', 5, 1, 'EUR', false),
				 ('2025-03-01', 's28', 'feb-only', 'of-february-only', '2024-01-01T00:00Z', 5, 1, 'EUR', false);
				INSERT INTO staging.invoice (run_month, invoice_id, customer_id, issued_at, amount, currency) VALUES
				 ('2025-03-01', 'i-ghost', 'ghost', '2025-03-03T00:00Z', 5, 'EUR');
				INSERT INTO staging.cancellation (run_month, customer_id, requested_at, reason_text, outcome) VALUES
				 ('2025-03-01', 'ghost', '2025-03-04T00:00Z', 'crm-ghost', 'churned');
				""");

		check();

		// a customer staged by another month's run does not count
		assertThat(quarantined()).containsExactly("subscriptions unknown_customer of-february-only",
				"subscriptions unknown_customer of-ghost", "invoices unknown_customer i-ghost",
				"cancellations unknown_customer crm-ghost");
		assertThat(findingRows()).containsExactly("subscriptions unknown_customer quarantined 2/4",
				"invoices unknown_customer quarantined 1/3", "cancellations unknown_customer quarantined 1/2");
	}

	@Test
	void voluntaryEndsWithoutACrmCancellationAreKeptAndFlagged() {
		execute("""
				INSERT INTO staging.customer (run_month, customer_id, created_at, region) VALUES
				 ('2025-03-01', 'c3', '2024-01-01T00:00Z', 'c3'), ('2025-03-01', 'c4', '2024-01-01T00:00Z', 'c4'),
				 ('2025-03-01', 'c5', '2024-01-01T00:00Z', 'c5');
				INSERT INTO staging.subscription_period (run_month, subscription_id, customer_id, plan_code, valid_from, valid_to,
				                                         amount, interval_months, currency, is_trial, end_cause) VALUES
				 ('2025-03-01', 's30', 'c1', 'cancelled-online', '2024-01-01T00:00Z', '2025-03-10T00:00Z', 5, 1, 'EUR', false, 'voluntary'),
				 ('2025-03-01', 's31', 'c1', 'trial-expired', '2025-02-01T00:00Z', '2025-03-01T00:00Z', 0, 1, 'EUR', true, 'voluntary'),
				 ('2025-03-01', 's32', 'c1', 'not-paid', '2024-01-01T00:00Z', '2025-03-10T00:00Z', 5, 1, 'EUR', false, 'nonpayment'),
				 ('2025-03-01', 's33', 'c3', 'saved-then-ended', '2024-01-01T00:00Z', '2025-03-20T00:00Z', 5, 1, 'EUR', false, 'voluntary'),
				 ('2025-03-01', 's34', 'c4', 'asked-long-before', '2024-01-01T00:00Z', '2025-03-20T00:00Z', 5, 1, 'EUR', false, 'voluntary'),
				 ('2025-03-01', 's35', 'c5', 'asked-month-before', '2024-01-01T00:00Z', '2025-03-20T00:00Z', 5, 1, 'EUR', false, 'voluntary');
				INSERT INTO staging.cancellation (run_month, customer_id, requested_at, effective_at, reason_text, outcome) VALUES
				 ('2025-03-01', 'c3', '2025-03-05T00:00Z', NULL, 'saved-by-the-desk', 'saved'),
				 ('2025-03-01', 'c4', '2025-01-05T00:00Z', NULL, 'long-before', 'churned'),
				 ('2025-03-01', 'c5', '2025-02-03T00:00Z', NULL, 'month-before', 'churned');
				""");

		SourceDataFindings findings = check();

		// base-s2 has its cancellation; a trial or a non-payment end needs none; a save is no cancellation, and
		// January is before the classifier's window (February and March) for an end in March
		assertThat(flagged(SourceContractRules.VOLUNTARY_END_WITHOUT_CANCELLATION)).containsExactly(
				"asked-long-before", "cancelled-online", "saved-then-ended");
		assertThat(findingRows())
			.containsExactly("subscriptions voluntary_end_without_cancellation kept-and-flagged 3/8");
		assertThat(findings.flagged()).isEqualTo(3);
		assertThat(findings.quarantined()).isZero();
		assertThat(quarantined()).isEmpty();
		assertThat(count("staging.subscription_period")).as("flagged rows stay").isEqualTo(8);
	}

	@Test
	void aSecondCheckPutsBackWhatTheFirstQuarantinedAndChecksAgainWithTheCurrentThresholds() {
		execute("""
				INSERT INTO staging.subscription_period (run_month, subscription_id, customer_id, plan_code, valid_from, valid_to,
				                                         amount, interval_months, currency, is_trial, end_cause) VALUES
				 ('2025-03-01', 's40', 'c1', 'large', '2024-03-01T10:15:30.5Z', '2025-03-31T21:00Z', 150000.1234, 12, 'usd', false, 'voluntary');
				""");
		check();
		assertThat(quarantined()).containsExactly("subscriptions amount_above_limit large");

		check();
		assertThat(quarantined()).as("checked again, not quarantined twice").containsExactly(
				"subscriptions amount_above_limit large");
		assertThat(findingRows()).containsExactly("subscriptions amount_above_limit quarantined 1/3");

		check(Map.of("churn.data-quality.max-amount", "200000"));
		assertThat(quarantined()).isEmpty();
		assertThat(findingRows()).containsExactly("subscriptions voluntary_end_without_cancellation kept-and-flagged 1/3");
		// the row is back exactly as it was staged
		Map<String, Object> row = jdbc.sql("SELECT * FROM staging.subscription_period WHERE subscription_id = 's40'")
			.query()
			.singleRow();
		assertThat(row).containsEntry("run_month", java.sql.Date.valueOf("2025-03-01"))
			.containsEntry("customer_id", "c1")
			.containsEntry("plan_code", "large")
			.containsEntry("amount", new BigDecimal("150000.1234"))
			.containsEntry("interval_months", new BigDecimal("12"))
			.containsEntry("currency", "usd")
			.containsEntry("is_trial", false)
			.containsEntry("end_cause", "voluntary");
		assertThat(jdbc.sql("""
				SELECT valid_from = '2024-03-01T10:15:30.5Z' AND valid_to = '2025-03-31T21:00Z'
				FROM staging.subscription_period WHERE subscription_id = 's40'
				""").query(Boolean.class).single()).isTrue();
	}

	private SourceDataFindings check() {
		return check(Map.of());
	}

	private SourceDataFindings check(Map<String, String> properties) {
		return checker(properties).check(MARCH, NOW);
	}

	private static SourceDataCheck checker(Map<String, String> properties) {
		Map<String, Object> source = new HashMap<>(properties);
		ChurnProperties bound = new Binder(new MapConfigurationPropertySource(source)).bindOrCreate("churn",
				ChurnProperties.class);
		return new SourceDataCheck(dataSource, jdbc, new Quarantine(jdbc), bound);
	}

	/** The plan codes of the subscription periods a flagging rule finds (they stay in staging). */
	private List<String> flagged(String ruleName) {
		SourceDataCheck checker = checker(Map.of());
		QualityRule rule = SourceContractRules.all().stream().filter(r -> r.name().equals(ruleName)).findFirst().orElseThrow();
		return jdbc.sql("SELECT plan_code FROM staging.subscription_period WHERE ctid = ANY (ARRAY(" + rule.offendingRows()
				+ ")) ORDER BY plan_code COLLATE \"C\"")
			.params(checker.parameters(MARCH, NOW))
			.query(String.class)
			.list();
	}

	private static List<String> quarantined() {
		return jdbc.sql(QUARANTINED).query(String.class).list();
	}

	private static List<String> findingRows() {
		return jdbc.sql(FINDINGS).query(String.class).list();
	}

	private static long count(String table) {
		return jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
	}

	private static void execute(String sql) {
		new JdbcTemplate(dataSource).execute(sql);
	}

}
