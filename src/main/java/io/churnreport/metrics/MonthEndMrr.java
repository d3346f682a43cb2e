package io.churnreport.metrics;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.churnreport.month.ReportingMonth;
import io.churnreport.system.ChurnProperties.ChurnDefinition;
import io.churnreport.system.InvalidConfigurationException;

/**
 * Each customer's month-end MRR, in the reporting currency, for the months a run computes (its own
 * month, or every month up to it: see {@link MonthEndMrrHistory}); a customer is active at the end
 * of a month when it is above zero. What counts depends on the
 * churn definition:
 * <ul>
 * <li>{@code subscription}: the staged subscription periods. A period counts at the end of month
 * m when it started before the first instant of m+1 and has not ended by then ({@code valid_to}
 * is exclusive: a period ending at 00:00 on the 1st covered the whole previous month). Its monthly
 * value is {@code amount / interval_months}; trials count nothing.</li>
 * <li>{@code activity}: the invoices dated in the month with an amount above zero (credit notes
 * and zero amounts do not make a customer active); the value is their sum.</li>
 * </ul>
 * Amounts in another currency are converted at the month-end rate of fx-rates.csv, and once more
 * at the previous month's rate so that the effect of rate changes can be told apart from
 * expansion and contraction. A missing rate fails the run naming the currency and month. Each
 * customer's month-end value is rounded to the cent once, so that every movement between months
 * is a difference of cents and the bridges tie exactly.
 */
public class MonthEndMrr {

	/*
	 * Every statement below is whole, with named parameters: the two churn definitions read other
	 * tables, and a run whose amounts are all in the reporting currency joins no rates, so each
	 * variant is written out in full rather than put together from shared pieces. What they share:
	 * - a range of customers: those whose id sorts from :customerFrom (included) to :customerTo
	 *   (excluded), either end null for unbounded, compared in the collation the range starts are sorted in;
	 * - the months computed: from :fromMonth to the run month :runMonth, or every month up to it
	 *   when :fromMonth is null (then :fromStart, the first instant of :fromMonth, is null too).
	 */

	private static final String DELETE_MRR = """
			DELETE FROM staging.customer_month_mrr
			WHERE month <= :runMonth AND (CAST(:fromMonth AS date) IS NULL OR month >= :fromMonth)
			  AND (CAST(:customerFrom AS text) IS NULL OR customer_id >= :customerFrom)
			  AND (CAST(:customerTo AS text) IS NULL OR customer_id < :customerTo)
			""";

	/**
	 * The first customer id of each of up to :ranges ranges of about equal work, in the order of the
	 * ids. A customer weighs what it adds to the work: the days its paid periods cover up to the run
	 * month's end (a customer of three years has 36 month-ends to compute, a new one 1). Ranges of as
	 * many customers each were 1.8 to 1 in rows at 100,000 customers over 36 months, as the older
	 * customers come first. When nothing weighs anything (every period a trial or ended before the
	 * months computed, as in a month without paid subscriptions) there are no starts: one range of all.
	 */
	private static final String PERIOD_RANGE_STARTS = """
			WITH customer_weight AS (
			    SELECT customer_id,
			           sum(CASE WHEN is_trial OR valid_from >= :monthEnd OR valid_to < CAST(:fromStart AS timestamptz) THEN 0
			                    ELSE greatest(1, extract(day FROM least(coalesce(valid_to, :monthEnd), :monthEnd)
			                                                      - greatest(valid_from, CAST(:fromStart AS timestamptz)))) END) AS weight
			    FROM staging.subscription_period
			    WHERE run_month = :runMonth
			    GROUP BY customer_id
			), running AS (
			    SELECT customer_id, sum(weight) OVER (ORDER BY customer_id) - weight AS weight_before,
			           sum(weight) OVER () AS total_weight
			    FROM customer_weight
			)
			SELECT min(customer_id)
			FROM running
			WHERE total_weight > 0
			GROUP BY floor(weight_before * :ranges / total_weight)
			ORDER BY 1
			""";

	/** As {@link #PERIOD_RANGE_STARTS} in the activity definition: a customer weighs its invoices of the months computed. */
	private static final String INVOICE_RANGE_STARTS = """
			WITH customer_weight AS (
			    SELECT customer_id, sum(1) AS weight
			    FROM staging.invoice_history
			    WHERE issued_at < :monthEnd AND (CAST(:fromStart AS timestamptz) IS NULL OR issued_at >= CAST(:fromStart AS timestamptz))
			    GROUP BY customer_id
			), running AS (
			    SELECT customer_id, sum(weight) OVER (ORDER BY customer_id) - weight AS weight_before,
			           sum(weight) OVER () AS total_weight
			    FROM customer_weight
			)
			SELECT min(customer_id)
			FROM running
			WHERE total_weight > 0
			GROUP BY floor(weight_before * :ranges / total_weight)
			ORDER BY 1
			""";

	private static final String DELETE_RATES = "DELETE FROM staging.fx_rate WHERE run_month = :runMonth";

	private static final String INSERT_RATE = """
			INSERT INTO staging.fx_rate (run_month, month, currency, rate) VALUES (:runMonth, :month, :currency, :rate)
			""";

	private static final String ANY_FOREIGN_PERIOD = """
			SELECT EXISTS (SELECT 1 FROM staging.subscription_period
			               WHERE run_month = :runMonth AND NOT is_trial AND upper(currency) <> :currency)
			""";

	private static final String ANY_FOREIGN_INVOICE = """
			SELECT EXISTS (SELECT 1 FROM staging.invoice_history
			               WHERE issued_at < :monthEnd AND amount > 0 AND upper(currency) <> :currency)
			""";

	/**
	 * The first amount in another currency without its month's rate, among the subscription periods
	 * open at the end of each month (as {@link #INSERT_PERIOD_MRR_CONVERTED} reads them).
	 */
	private static final String FIRST_MISSING_PERIOD_RATE = """
			WITH month_amount AS (
			    SELECT p.customer_id, m.month, p.currency, p.amount / p.interval_months AS amount
			    FROM staging.subscription_period p
			    CROSS JOIN LATERAL generate_series(
			             greatest(date_trunc('month', p.valid_from AT TIME ZONE :zone), CAST(:fromMonth AS timestamp)),
			             least(:runMonth::timestamp, date_trunc('month', p.valid_to AT TIME ZONE :zone) - interval '1 month'),
			             interval '1 month') AS series (month_start)
			    CROSS JOIN LATERAL (SELECT series.month_start::date AS month,
			                               (series.month_start + interval '1 month') AT TIME ZONE :zone AS month_end) AS m
			    WHERE p.run_month = :runMonth
			      AND (CAST(:customerFrom AS text) IS NULL OR p.customer_id >= :customerFrom)
			      AND (CAST(:customerTo AS text) IS NULL OR p.customer_id < :customerTo)
			      AND NOT p.is_trial
			      AND p.valid_from < m.month_end
			      AND (p.valid_to IS NULL OR p.valid_to >= m.month_end)
			), converted AS (
			    SELECT a.customer_id, a.month, a.amount,
			           CASE WHEN a.currency IS NULL OR upper(a.currency) = :currency THEN 1 ELSE r.rate END AS rate,
			           CASE WHEN a.currency IS NULL OR upper(a.currency) = :currency THEN 1
			                ELSE coalesce(previous.rate, r.rate) END AS previous_rate,
			           upper(a.currency) AS currency
			    FROM month_amount a
			    LEFT JOIN staging.fx_rate r
			           ON r.run_month = :runMonth AND r.currency = upper(a.currency) AND r.month = a.month
			    LEFT JOIN staging.fx_rate previous
			           ON previous.run_month = :runMonth AND previous.currency = upper(a.currency)
			          AND previous.month = (a.month - interval '1 month')::date
			)
			SELECT currency, to_char(month, 'YYYY-MM') AS month FROM converted WHERE rate IS NULL
			ORDER BY month, currency LIMIT 1
			""";

	/** As {@link #FIRST_MISSING_PERIOD_RATE}, among the invoices as {@link #INSERT_INVOICE_MRR_CONVERTED} reads them. */
	private static final String FIRST_MISSING_INVOICE_RATE = """
			WITH month_amount AS (
			    SELECT i.customer_id, date_trunc('month', i.issued_at AT TIME ZONE :zone)::date AS month, i.currency, i.amount
			    FROM staging.invoice_history i
			    WHERE (CAST(:customerFrom AS text) IS NULL OR i.customer_id >= :customerFrom)
			      AND (CAST(:customerTo AS text) IS NULL OR i.customer_id < :customerTo)
			      AND i.amount > 0
			      AND i.issued_at < :monthEnd AND (CAST(:fromStart AS timestamptz) IS NULL OR issued_at >= CAST(:fromStart AS timestamptz))
			), converted AS (
			    SELECT a.customer_id, a.month, a.amount,
			           CASE WHEN a.currency IS NULL OR upper(a.currency) = :currency THEN 1 ELSE r.rate END AS rate,
			           CASE WHEN a.currency IS NULL OR upper(a.currency) = :currency THEN 1
			                ELSE coalesce(previous.rate, r.rate) END AS previous_rate,
			           upper(a.currency) AS currency
			    FROM month_amount a
			    LEFT JOIN staging.fx_rate r
			           ON r.run_month = :runMonth AND r.currency = upper(a.currency) AND r.month = a.month
			    LEFT JOIN staging.fx_rate previous
			           ON previous.run_month = :runMonth AND previous.currency = upper(a.currency)
			          AND previous.month = (a.month - interval '1 month')::date
			)
			SELECT currency, to_char(month, 'YYYY-MM') AS month FROM converted WHERE rate IS NULL
			ORDER BY month, currency LIMIT 1
			""";

	/**
	 * The month-end MRR of the range's customers in the subscription definition, converted at the
	 * month-end rates and at the previous month's, each rounded to the cent once. Each period is
	 * paired only with the months from the one it starts in to the one before it ends (or the run
	 * month): pairing every period with every month and filtering took twice as long at 36 months.
	 * The exact test stays, for the instants the month bounds leave to it.
	 */
	private static final String INSERT_PERIOD_MRR_CONVERTED = """
			INSERT INTO staging.customer_month_mrr (run_month, customer_id, month, mrr, mrr_at_previous_rates)
			WITH month_amount AS (
			    SELECT p.customer_id, m.month, p.currency, p.amount / p.interval_months AS amount
			    FROM staging.subscription_period p
			    CROSS JOIN LATERAL generate_series(
			             greatest(date_trunc('month', p.valid_from AT TIME ZONE :zone), CAST(:fromMonth AS timestamp)),
			             least(:runMonth::timestamp, date_trunc('month', p.valid_to AT TIME ZONE :zone) - interval '1 month'),
			             interval '1 month') AS series (month_start)
			    CROSS JOIN LATERAL (SELECT series.month_start::date AS month,
			                               (series.month_start + interval '1 month') AT TIME ZONE :zone AS month_end) AS m
			    WHERE p.run_month = :runMonth
			      AND (CAST(:customerFrom AS text) IS NULL OR p.customer_id >= :customerFrom)
			      AND (CAST(:customerTo AS text) IS NULL OR p.customer_id < :customerTo)
			      AND NOT p.is_trial
			      AND p.valid_from < m.month_end
			      AND (p.valid_to IS NULL OR p.valid_to >= m.month_end)
			), converted AS (
			    SELECT a.customer_id, a.month, a.amount,
			           CASE WHEN a.currency IS NULL OR upper(a.currency) = :currency THEN 1 ELSE r.rate END AS rate,
			           CASE WHEN a.currency IS NULL OR upper(a.currency) = :currency THEN 1
			                ELSE coalesce(previous.rate, r.rate) END AS previous_rate,
			           upper(a.currency) AS currency
			    FROM month_amount a
			    LEFT JOIN staging.fx_rate r
			           ON r.run_month = :runMonth AND r.currency = upper(a.currency) AND r.month = a.month
			    LEFT JOIN staging.fx_rate previous
			           ON previous.run_month = :runMonth AND previous.currency = upper(a.currency)
			          AND previous.month = (a.month - interval '1 month')::date
			)
			SELECT :runMonth, customer_id, month, round(sum(amount * rate), 2), round(sum(amount * previous_rate), 2)
			FROM converted
			GROUP BY customer_id, month
			HAVING round(sum(amount * rate), 2) > 0
			""";

	/** As {@link #INSERT_PERIOD_MRR_CONVERTED} when every amount is in the reporting currency: no rates to join. */
	private static final String INSERT_PERIOD_MRR = """
			INSERT INTO staging.customer_month_mrr (run_month, customer_id, month, mrr, mrr_at_previous_rates)
			WITH month_amount AS (
			    SELECT p.customer_id, m.month, p.currency, p.amount / p.interval_months AS amount
			    FROM staging.subscription_period p
			    CROSS JOIN LATERAL generate_series(
			             greatest(date_trunc('month', p.valid_from AT TIME ZONE :zone), CAST(:fromMonth AS timestamp)),
			             least(:runMonth::timestamp, date_trunc('month', p.valid_to AT TIME ZONE :zone) - interval '1 month'),
			             interval '1 month') AS series (month_start)
			    CROSS JOIN LATERAL (SELECT series.month_start::date AS month,
			                               (series.month_start + interval '1 month') AT TIME ZONE :zone AS month_end) AS m
			    WHERE p.run_month = :runMonth
			      AND (CAST(:customerFrom AS text) IS NULL OR p.customer_id >= :customerFrom)
			      AND (CAST(:customerTo AS text) IS NULL OR p.customer_id < :customerTo)
			      AND NOT p.is_trial
			      AND p.valid_from < m.month_end
			      AND (p.valid_to IS NULL OR p.valid_to >= m.month_end)
			), converted AS (
			    SELECT customer_id, month, amount, 1 AS rate, 1 AS previous_rate FROM month_amount
			)
			SELECT :runMonth, customer_id, month, round(sum(amount * rate), 2), round(sum(amount * previous_rate), 2)
			FROM converted
			GROUP BY customer_id, month
			HAVING round(sum(amount * rate), 2) > 0
			""";

	/**
	 * The month-end MRR of the range's customers in the activity definition: the invoices above zero
	 * dated in each month computed (credit notes and zero amounts do not make a customer active),
	 * converted as in {@link #INSERT_PERIOD_MRR_CONVERTED}.
	 */
	private static final String INSERT_INVOICE_MRR_CONVERTED = """
			INSERT INTO staging.customer_month_mrr (run_month, customer_id, month, mrr, mrr_at_previous_rates)
			WITH month_amount AS (
			    SELECT i.customer_id, date_trunc('month', i.issued_at AT TIME ZONE :zone)::date AS month, i.currency, i.amount
			    FROM staging.invoice_history i
			    WHERE (CAST(:customerFrom AS text) IS NULL OR i.customer_id >= :customerFrom)
			      AND (CAST(:customerTo AS text) IS NULL OR i.customer_id < :customerTo)
			      AND i.amount > 0
			      AND i.issued_at < :monthEnd AND (CAST(:fromStart AS timestamptz) IS NULL OR issued_at >= CAST(:fromStart AS timestamptz))
			), converted AS (
			    SELECT a.customer_id, a.month, a.amount,
			           CASE WHEN a.currency IS NULL OR upper(a.currency) = :currency THEN 1 ELSE r.rate END AS rate,
			           CASE WHEN a.currency IS NULL OR upper(a.currency) = :currency THEN 1
			                ELSE coalesce(previous.rate, r.rate) END AS previous_rate,
			           upper(a.currency) AS currency
			    FROM month_amount a
			    LEFT JOIN staging.fx_rate r
			           ON r.run_month = :runMonth AND r.currency = upper(a.currency) AND r.month = a.month
			    LEFT JOIN staging.fx_rate previous
			           ON previous.run_month = :runMonth AND previous.currency = upper(a.currency)
			          AND previous.month = (a.month - interval '1 month')::date
			)
			SELECT :runMonth, customer_id, month, round(sum(amount * rate), 2), round(sum(amount * previous_rate), 2)
			FROM converted
			GROUP BY customer_id, month
			HAVING round(sum(amount * rate), 2) > 0
			""";

	/** As {@link #INSERT_INVOICE_MRR_CONVERTED} when every amount is in the reporting currency: no rates to join. */
	private static final String INSERT_INVOICE_MRR = """
			INSERT INTO staging.customer_month_mrr (run_month, customer_id, month, mrr, mrr_at_previous_rates)
			WITH month_amount AS (
			    SELECT i.customer_id, date_trunc('month', i.issued_at AT TIME ZONE :zone)::date AS month, i.currency, i.amount
			    FROM staging.invoice_history i
			    WHERE (CAST(:customerFrom AS text) IS NULL OR i.customer_id >= :customerFrom)
			      AND (CAST(:customerTo AS text) IS NULL OR i.customer_id < :customerTo)
			      AND i.amount > 0
			      AND i.issued_at < :monthEnd AND (CAST(:fromStart AS timestamptz) IS NULL OR issued_at >= CAST(:fromStart AS timestamptz))
			), converted AS (
			    SELECT customer_id, month, amount, 1 AS rate, 1 AS previous_rate FROM month_amount
			)
			SELECT :runMonth, customer_id, month, round(sum(amount * rate), 2), round(sum(amount * previous_rate), 2)
			FROM converted
			GROUP BY customer_id, month
			HAVING round(sum(amount * rate), 2) > 0
			""";

	/** The statements of one churn definition. */
	private record Statements(String anyForeignAmount, String firstMissingRate, String rangeStarts, String insertConverted,
			String insertUnconverted) {
	}

	private static final Statements SUBSCRIPTION_STATEMENTS = new Statements(ANY_FOREIGN_PERIOD, FIRST_MISSING_PERIOD_RATE,
			PERIOD_RANGE_STARTS, INSERT_PERIOD_MRR_CONVERTED, INSERT_PERIOD_MRR);

	private static final Statements ACTIVITY_STATEMENTS = new Statements(ANY_FOREIGN_INVOICE, FIRST_MISSING_INVOICE_RATE,
			INVOICE_RANGE_STARTS, INSERT_INVOICE_MRR_CONVERTED, INSERT_INVOICE_MRR);

	private final JdbcClient reporting;

	private final Statements statements;

	private final String reportingCurrency;

	public MonthEndMrr(JdbcClient reporting, ChurnDefinition definition, String reportingCurrency) {
		this.reporting = reporting;
		this.statements = definition == ChurnDefinition.ACTIVITY ? ACTIVITY_STATEMENTS : SUBSCRIPTION_STATEMENTS;
		this.reportingCurrency = reportingCurrency;
	}

	/**
	 * Replaces the month-end MRR rows of the run and returns how many customer-months are active:
	 * {@link #prepare}, {@link #calculate(ReportingMonth, CustomerRange, boolean, LocalDate)} for
	 * all customers and every month, {@link #vacuumAndAnalyze}.
	 * @throws InvalidConfigurationException when an amount's currency has no rate for its month
	 */
	public int calculate(ReportingMonth runMonth, Path configDirectory) {
		boolean convert = prepare(runMonth, configDirectory, null);
		int rows = calculate(runMonth, CustomerRange.ALL, convert, null);
		vacuumAndAnalyze();
		return rows;
	}

	/**
	 * Stages the exchange rates of fx-rates.csv for the run and checks that every amount in another
	 * currency has its month's rate. Can run again: the run's rates are replaced.
	 * @param fromMonth the first month to compute, or null for every month up to the run month
	 * @return whether some amount is in another currency than the reporting one and must be converted
	 * @throws InvalidConfigurationException when an amount's currency has no rate for its month
	 */
	public boolean prepare(ReportingMonth runMonth, Path configDirectory, LocalDate fromMonth) {
		Map<String, Object> parameters = parameters(runMonth, CustomerRange.ALL, fromMonth);
		reporting.sql(DELETE_RATES).params(parameters).update();
		List<FxRates.Rate> rates = FxRates.load(configDirectory);
		rates.forEach(rate -> reporting.sql(INSERT_RATE)
			.param("runMonth", runMonth.firstDay())
			.param("month", rate.month().atDay(1))
			.param("currency", rate.currency())
			.param("rate", rate.rate())
			.update());
		if (!anyForeignAmount(parameters)) {
			return false;
		}
		Optional<Map<String, Object>> missing = reporting.sql(statements.firstMissingRate())
			.params(parameters)
			.query()
			.listOfRows()
			.stream()
			.findFirst();
		if (missing.isPresent()) {
			throw new InvalidConfigurationException("No exchange rate for " + missing.get().get("currency") + " in "
					+ missing.get().get("month") + ": add a line " + missing.get().get("month") + ","
					+ missing.get().get("currency") + ",<value of 1 " + missing.get().get("currency") + " in "
					+ reportingCurrency + " at the end of the month> to " + configDirectory.resolve(FxRates.FILE_NAME)
					+ ".");
		}
		return true;
	}

	/**
	 * Splits the run's customers (those with a staged subscription period or invoice, by the churn
	 * definition) into at most {@code count} ranges of about as much work each, in the order of their
	 * ids; the first range has no lower bound and the last no upper one, so the ranges cover every id.
	 * @param fromMonth the first month to compute, or null for every month up to the run month
	 */
	public List<CustomerRange> ranges(ReportingMonth runMonth, int count, LocalDate fromMonth) {
		List<String> starts = reporting.sql(statements.rangeStarts())
			.params(parameters(runMonth, CustomerRange.ALL, fromMonth))
			.param("ranges", count)
			.query(String.class)
			.list();
		return CustomerRange.between(starts);
	}

	/**
	 * Replaces the month-end MRR rows of the run's customers in the range, in the caller's
	 * transaction, and returns how many customer-months are active. Ranges can be calculated at the
	 * same time, each in its own transaction, after {@link #prepare}.
	 * @param convert what {@link #prepare} returned
	 * @param fromMonth the first month to compute, or null for every month up to the run month
	 */
	public int calculate(ReportingMonth runMonth, CustomerRange range, boolean convert, LocalDate fromMonth) {
		Map<String, Object> parameters = parameters(runMonth, range, fromMonth);
		reporting.sql(DELETE_MRR).params(parameters).update();
		return reporting.sql(convert ? statements.insertConverted() : statements.insertUnconverted()).params(parameters).update();
	}

	/**
	 * Gives the planner the statistics of the new rows, once every range is calculated, and marks
	 * their pages all-visible, so that the readers of a customer's earlier months read the index by
	 * customer alone (migration V35). Outside a transaction, as VACUUM must be; it reads only the
	 * pages changed since the last one.
	 */
	public void vacuumAndAnalyze() {
		reporting.sql("VACUUM (ANALYZE) staging.customer_month_mrr").update();
	}

	private Map<String, Object> parameters(ReportingMonth runMonth, CustomerRange range, LocalDate fromMonth) {
		// a HashMap: an unbounded range's ends are null, and so is the first month of a whole history
		Map<String, Object> parameters = new HashMap<>();
		parameters.put("fromMonth", fromMonth);
		parameters.put("fromStart",
				fromMonth == null ? null : new ReportingMonth(YearMonth.from(fromMonth), runMonth.zone()).start());
		parameters.put("runMonth", runMonth.firstDay());
		parameters.put("zone", runMonth.zone().getId());
		parameters.put("currency", reportingCurrency);
		parameters.put("monthEnd", runMonth.end());
		parameters.put("customerFrom", range.from());
		parameters.put("customerTo", range.to());
		return parameters;
	}

	/**
	 * Whether some amount is in another currency than the reporting one: only then are the rates
	 * joined and a missing one looked for (which computes every amount once more).
	 */
	private boolean anyForeignAmount(Map<String, Object> parameters) {
		return reporting.sql(statements.anyForeignAmount())
			.params(parameters)
			.query(Boolean.class)
			.single();
	}

}
