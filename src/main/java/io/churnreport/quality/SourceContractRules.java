package io.churnreport.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.churnreport.extract.SourceQuery;
import io.churnreport.quality.QualityRule.Action;

/**
 * The rules the staged source rows of a month are checked with, in the order they run (the README's
 * "Data quality" section lists them). A row is counted under the first rule it breaks: once
 * quarantined, later rules no longer see it. Row-level checks (text the extract could not read,
 * missing values, infinite or absurd dates, exact copies, dates, amounts, codes) run first, so that
 * one bad row does not take a good one with it; the checks that compare rows with each other
 * (conflicting versions of one record, the customer a row belongs to, overlapping periods) run on
 * what is left, and the flag that only counts runs last.
 * <p>
 * A rule that looks at each row alone is a condition on the row's columns; the rules of one source
 * that do so and follow one another are checked in one pass over its rows, each row counted under
 * the first it breaks, as if they ran one after the other. Each other rule's SQL selects the
 * {@code ctid} of the offending rows of one staging table for the run month. The SQL takes the
 * named parameters {@code :runMonth} (first day of the month), {@code :now} (when the
 * check runs), {@code :zone} (the reporting time zone), {@code :maxAmount},
 * {@code :allowedIntervalMonths} and {@code :currencies} (the ISO 4217 codes).
 */
public final class SourceContractRules {

	public static final String INVALID_TEXT = "invalid_text";

	public static final String NULL_CUSTOMER_ID = "null_customer_id";

	public static final String NULL_REQUIRED_FIELD = "null_required_field";

	public static final String DATE_OUT_OF_RANGE = "date_out_of_range";

	public static final String DUPLICATE_ROW = "duplicate_row";

	public static final String FUTURE_DATE = "future_date";

	public static final String PERIOD_ENDS_BEFORE_START = "period_ends_before_start";

	public static final String NEGATIVE_AMOUNT = "negative_amount";

	public static final String AMOUNT_ABOVE_LIMIT = "amount_above_limit";

	public static final String UNKNOWN_CURRENCY = "unknown_currency";

	public static final String INTERVAL_NOT_ALLOWED = "interval_not_allowed";

	public static final String CONFLICTING_DUPLICATE = "conflicting_duplicate";

	public static final String UNKNOWN_CUSTOMER = "unknown_customer";

	public static final String OVERLAPPING_PERIODS = "overlapping_periods";

	public static final String VOLUNTARY_END_WITHOUT_CANCELLATION = "voluntary_end_without_cancellation";

	private static final SourceQuery<?> CUSTOMERS = SourceQuery.CUSTOMERS;

	private static final SourceQuery<?> SUBSCRIPTIONS = SourceQuery.SUBSCRIPTIONS;

	private static final SourceQuery<?> INVOICES = SourceQuery.INVOICES;

	private static final SourceQuery<?> CANCELLATIONS = SourceQuery.CANCELLATIONS;

	/** A row the extract marked: a text that could not become UTF-8 (see {@code StagingCopy}). */
	private static final String INVALID_TEXT_CONDITION = "source_problem IS NOT NULL";

	/** An id that is null or blank. */
	private static final String NULL_CUSTOMER_ID_CONDITION = "nullif(btrim(customer_id), '') IS NULL";

	/** The columns, other than customer_id, that the contract does not allow to be null. */
	private static final Map<SourceQuery<?>, String> MISSING_REQUIRED_VALUE = Map.of(
			SUBSCRIPTIONS, """
					nullif(btrim(subscription_id), '') IS NULL OR valid_from IS NULL OR amount IS NULL
					OR interval_months IS NULL OR is_trial IS NULL""",
			INVOICES, "nullif(btrim(invoice_id), '') IS NULL OR issued_at IS NULL OR amount IS NULL",
			CANCELLATIONS, "requested_at IS NULL OR outcome IS NULL");

	/**
	 * A timestamp of the source that is {@code -infinity} or {@code infinity}, or lies before 1900 or
	 * after 9999: no month can be cut around it (subtracting an infinite timestamp fails), and no real
	 * subscription started or ended then. An open period's end is null, not infinity; a null is not
	 * out of range (the range's containment of null is null).
	 */
	private static final Map<SourceQuery<?>, String> DATE_OUT_OF_RANGE_CONDITION = Map.of(CUSTOMERS, """
			NOT tstzrange('1900-01-01 00:00+00', '10000-01-01 00:00+00') @> created_at""", SUBSCRIPTIONS, """
			NOT tstzrange('1900-01-01 00:00+00', '10000-01-01 00:00+00') @> valid_from
			OR NOT tstzrange('1900-01-01 00:00+00', '10000-01-01 00:00+00') @> valid_to""", INVOICES, """
			NOT tstzrange('1900-01-01 00:00+00', '10000-01-01 00:00+00') @> issued_at
			OR NOT tstzrange('1900-01-01 00:00+00', '10000-01-01 00:00+00') @> paid_at""", CANCELLATIONS, """
			NOT tstzrange('1900-01-01 00:00+00', '10000-01-01 00:00+00') @> requested_at
			OR NOT tstzrange('1900-01-01 00:00+00', '10000-01-01 00:00+00') @> effective_at""");

	/**
	 * The month's rows of a source whose natural key is not unique (see migration V12): found once,
	 * when the check starts, by {@link #sharedKeyRows}. A key that is shared later in the check was
	 * shared then too (rows are only taken away), so the two rules below look at these rows alone.
	 */
	private static final String SHARED_KEY_ROWS = """
			INSERT INTO staging.shared_key_row (run_month, source, row_ctid)
			SELECT :runMonth, '%3$s', ctid FROM %1$s
			WHERE run_month = :runMonth
			  AND (%2$s) IN (SELECT %2$s FROM %1$s WHERE run_month = :runMonth GROUP BY %2$s HAVING count(*) > 1)
			""";

	/** Forgets the shared-key rows an earlier check of the month recorded. */
	public static final String CLEAR_SHARED_KEY_ROWS = "DELETE FROM staging.shared_key_row WHERE run_month = :runMonth";

	/** The rows of {@link #SHARED_KEY_ROWS}, fetched by their ctid. */
	private static final String IS_SHARED_KEY_ROW = """
			ctid = ANY (ARRAY(SELECT row_ctid FROM staging.shared_key_row WHERE run_month = :runMonth AND source = '%s'))""";

	/**
	 * Every copy of a row after the first: all columns equal, nulls included. Copies share their
	 * natural key, so only the rows whose key is shared are compared whole (comparing every row as
	 * JSON took seconds per 100,000 rows).
	 */
	private static final String DUPLICATE_ROW_SQL = """
			SELECT row_ctid FROM (
			    SELECT ctid AS row_ctid, row_number() OVER (PARTITION BY to_jsonb(staged) ORDER BY ctid) AS copy
			    FROM %1$s staged
			    WHERE run_month = :runMonth AND %2$s
			) copies
			WHERE copy > 1
			""";

	/** The date that must not lie after the moment the check runs. */
	private static final Map<SourceQuery<?>, String> EVENT_DATE = Map.of(CUSTOMERS, "created_at", SUBSCRIPTIONS,
			"valid_from", INVOICES, "issued_at", CANCELLATIONS, "requested_at");

	private static final String FUTURE_DATE_CONDITION = "%s > :now";

	private static final String PERIOD_ENDS_BEFORE_START_CONDITION = "valid_to < valid_from";

	private static final String NEGATIVE_AMOUNT_CONDITION = "amount < 0";

	/** A credit note's negative amount is checked by its size too. */
	private static final String AMOUNT_ABOVE_LIMIT_CONDITION = "abs(amount) > :maxAmount";

	/** Compared as the MRR computation converts: case-insensitive; a null currency is the reporting one. */
	private static final String UNKNOWN_CURRENCY_CONDITION = "currency IS NOT NULL AND upper(currency) NOT IN (:currencies)";

	private static final String INTERVAL_NOT_ALLOWED_CONDITION = "interval_months NOT IN (:allowedIntervalMonths)";

	/** The natural key of each source: rows that share it and differ otherwise are conflicting versions. */
	private static final Map<SourceQuery<?>, String> NATURAL_KEY = Map.of(CUSTOMERS, "customer_id", SUBSCRIPTIONS,
			"subscription_id, valid_from", INVOICES, "invoice_id", CANCELLATIONS, "customer_id, requested_at");

	/**
	 * Exact copies are gone by now, so rows sharing a key differ: all of them are quarantined. The
	 * keys are never null here: the rules before quarantine rows without them.
	 */
	private static final String CONFLICTING_DUPLICATE_SQL = """
			SELECT ctid FROM %1$s
			WHERE run_month = :runMonth AND %3$s
			  AND (%2$s) IN (SELECT %2$s FROM %1$s WHERE run_month = :runMonth AND %3$s GROUP BY %2$s HAVING count(*) > 1)
			""";

	/** Not a customer staged (and kept) from customers.sql in the same run. */
	private static final String UNKNOWN_CUSTOMER_SQL = """
			SELECT staged.ctid FROM %s staged
			WHERE staged.run_month = :runMonth
			  AND NOT EXISTS (SELECT 1 FROM staging.customer customer
			                  WHERE customer.run_month = :runMonth AND customer.customer_id = staged.customer_id)
			""";

	/**
	 * Every period of a subscription whose time overlaps another period of it: ordered by start, a
	 * period overlaps an earlier one when an earlier one ends after it starts, and a later one when
	 * the next one starts before it ends. Periods of no length cover nothing and overlap nothing.
	 */
	private static final String OVERLAPPING_PERIODS_SQL = """
			SELECT row_ctid FROM (
			    SELECT ctid AS row_ctid, valid_from, coalesce(valid_to, 'infinity') AS valid_to,
			           max(coalesce(valid_to, 'infinity')) OVER earlier AS earlier_end,
			           lead(valid_from) OVER by_start AS next_start
			    FROM staging.subscription_period
			    WHERE run_month = :runMonth AND (valid_to IS NULL OR valid_to > valid_from)
			    WINDOW by_start AS (PARTITION BY subscription_id ORDER BY valid_from),
			           earlier AS (by_start ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
			) periods
			WHERE earlier_end > valid_from OR next_start < valid_to
			""";

	/**
	 * A paid period ended by the customer's choice with no CRM cancellation that ended in churn in
	 * the window the churn classifier looks in (effective, or requested, from the start of the month
	 * before the end to the end of the month of the end): its churn is classified "no reason".
	 */
	private static final String VOLUNTARY_END_WITHOUT_CANCELLATION_SQL = """
			SELECT period.ctid FROM staging.subscription_period period
			WHERE period.run_month = :runMonth AND period.end_cause = 'voluntary' AND period.valid_to IS NOT NULL
			  AND NOT period.is_trial
			  AND NOT EXISTS (
			      SELECT 1 FROM staging.cancellation request
			      WHERE request.run_month = :runMonth AND request.customer_id = period.customer_id
			        AND request.outcome = 'churned'
			        AND coalesce(request.effective_at, request.requested_at)
			            >= (date_trunc('month', period.valid_to AT TIME ZONE :zone) - interval '1 month') AT TIME ZONE :zone
			        AND coalesce(request.effective_at, request.requested_at)
			            < (date_trunc('month', period.valid_to AT TIME ZONE :zone) + interval '1 month') AT TIME ZONE :zone)
			""";

	private static final List<QualityRule> RULES = rules();

	private SourceContractRules() {
	}

	/** Every rule, in the order they run. */
	public static List<QualityRule> all() {
		return RULES;
	}

	private static List<QualityRule> rules() {
		List<SourceQuery<?>> all = SourceQuery.ALL;
		List<SourceQuery<?>> amounts = List.of(SUBSCRIPTIONS, INVOICES);
		List<SourceQuery<?>> ofACustomer = List.of(SUBSCRIPTIONS, INVOICES, CANCELLATIONS);
		List<QualityRule> rules = new ArrayList<>();
		all.forEach(source -> rules.add(eachRow(INVALID_TEXT, source, INVALID_TEXT_CONDITION)));
		all.forEach(source -> rules.add(eachRow(NULL_CUSTOMER_ID, source, NULL_CUSTOMER_ID_CONDITION)));
		ofACustomer.forEach(source -> rules.add(eachRow(NULL_REQUIRED_FIELD, source, MISSING_REQUIRED_VALUE.get(source))));
		all.forEach(source -> rules.add(eachRow(DATE_OUT_OF_RANGE, source, DATE_OUT_OF_RANGE_CONDITION.get(source))));
		all.forEach(source -> rules.add(quarantine(DUPLICATE_ROW, source,
				DUPLICATE_ROW_SQL.formatted(table(source), IS_SHARED_KEY_ROW.formatted(source.name())))));
		all.forEach(source -> rules
			.add(eachRow(FUTURE_DATE, source, FUTURE_DATE_CONDITION.formatted(EVENT_DATE.get(source)))));
		rules.add(eachRow(PERIOD_ENDS_BEFORE_START, SUBSCRIPTIONS, PERIOD_ENDS_BEFORE_START_CONDITION));
		rules.add(eachRow(NEGATIVE_AMOUNT, SUBSCRIPTIONS, NEGATIVE_AMOUNT_CONDITION));
		amounts.forEach(source -> rules.add(eachRow(AMOUNT_ABOVE_LIMIT, source, AMOUNT_ABOVE_LIMIT_CONDITION)));
		amounts.forEach(source -> rules.add(eachRow(UNKNOWN_CURRENCY, source, UNKNOWN_CURRENCY_CONDITION)));
		rules.add(eachRow(INTERVAL_NOT_ALLOWED, SUBSCRIPTIONS, INTERVAL_NOT_ALLOWED_CONDITION));
		all.forEach(source -> rules.add(quarantine(CONFLICTING_DUPLICATE, source,
				CONFLICTING_DUPLICATE_SQL.formatted(table(source), NATURAL_KEY.get(source),
						IS_SHARED_KEY_ROW.formatted(source.name())))));
		ofACustomer.forEach(source -> rules
			.add(quarantine(UNKNOWN_CUSTOMER, source, UNKNOWN_CUSTOMER_SQL.formatted(table(source))).alsoReading(CUSTOMERS)));
		rules.add(quarantine(OVERLAPPING_PERIODS, SUBSCRIPTIONS, OVERLAPPING_PERIODS_SQL));
		rules.add(QualityRule.ofRows(VOLUNTARY_END_WITHOUT_CANCELLATION, SUBSCRIPTIONS, Action.KEPT_AND_FLAGGED,
				VOLUNTARY_END_WITHOUT_CANCELLATION_SQL).alsoReading(CANCELLATIONS));
		return List.copyOf(rules);
	}

	/**
	 * Records the month's rows of the source whose natural key is shared, for the rules about
	 * copies and conflicting versions; run for every source after {@link #CLEAR_SHARED_KEY_ROWS},
	 * before the rules.
	 */
	public static String sharedKeyRows(SourceQuery<?> source) {
		return SHARED_KEY_ROWS.formatted(table(source), NATURAL_KEY.get(source), source.name());
	}

	private static QualityRule quarantine(String name, SourceQuery<?> source, String sql) {
		return QualityRule.ofRows(name, source, Action.QUARANTINED, sql);
	}

	private static QualityRule eachRow(String name, SourceQuery<?> source, String condition) {
		return QualityRule.ofEachRow(name, source, condition);
	}

	private static String table(SourceQuery<?> source) {
		return source.stagingTable();
	}

}
