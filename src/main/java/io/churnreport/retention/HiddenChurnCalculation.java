package io.churnreport.retention;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.churnreport.extract.CustomerPayments;
import io.churnreport.month.MetricStore;
import io.churnreport.month.MonthCalculation;
import io.churnreport.month.MonthContext;
import io.churnreport.month.ReportingMonth;
import io.churnreport.system.ChurnProperties;
import io.churnreport.month.MetricScales;
import io.churnreport.month.Metric;
import io.churnreport.month.MonthData;
import io.churnreport.month.MetricSection;

/**
 * Hidden churn: customers the billing system still counts as active (MRR > 0 at the end of the
 * month) who have stopped paying. As of the first instant of the next month, a customer is
 * flagged when it has had no payment for at least N days (since its latest paid invoice, or
 * since its first paid subscription period started when it never paid), or when one of its
 * invoices has been unpaid for at least N days since it was issued (the source contract has no
 * due date). Only invoices issued before that instant with an amount above zero count: a credit
 * note or a zero invoice is no payment and owes nothing. Days are whole days on the reporting
 * time zone's clock, so a payment exactly N days before the month end counts as N days.
 * <p>
 * Last month's flagged customers who have no MRR at the end of this month confirm the signal:
 * they were churning quietly and have now churned in billing too.
 * <p>
 * Payments are read from the invoices: when billing holds no invoice above zero issued before the
 * month's end while customers are active (a source mapped without invoices), nobody can be told to
 * have stopped paying, so the month's hidden churn is not judged: its figures are null (unknown),
 * not every customer billed long enough.
 */
@Component
public class HiddenChurnCalculation implements MonthCalculation {

	private static final String DELETE = "DELETE FROM mart.hidden_churn_customer WHERE month = :runMonth";

	private static final String INSERT = """
			INSERT INTO mart.hidden_churn_customer (month, customer_id, mrr, last_paid_at, oldest_unpaid_issued_at,
			                                        days_since_last_payment, days_overdue, reason)
			WITH active AS (
			    SELECT customer_id, mrr FROM staging.customer_month_mrr WHERE month = :runMonth
			), unpaid AS (
			    SELECT customer_id, min(issued_at) AS oldest_unpaid_issued_at
			    FROM staging.invoices_unpaid_at(:asOf, :paidAfterMonthEnd)
			    GROUP BY customer_id
			), period_summary AS (
			    -- a customer billed quarterly or yearly goes months without paying as a matter of course:
			    -- its allowance grows by the months between two bills of its longest open billing interval
			    SELECT customer_id, min(valid_from) AS first_valid_from,
			           max(interval_months) FILTER (WHERE valid_to IS NULL OR valid_to >= :asOf) AS interval_months
			    FROM staging.subscription_period
			    WHERE run_month = :runMonth AND NOT is_trial AND valid_from < :asOf
			    GROUP BY customer_id
			), measured AS (
			    -- a customer that never paid has gone unpaid since it started to be billed; the first
			    -- invoice stands in where billing has no subscription periods (activity definition)
			    SELECT a.customer_id, a.mrr, paid.last_paid_at, u.oldest_unpaid_issued_at,
			           30 * (coalesce(p.interval_months, 1) - 1) AS interval_allowance,
			           extract(day FROM :asOfLocal::timestamp
			                   - (coalesce(paid.last_paid_at, least(p.first_valid_from, paid.first_issued_at)) AT TIME ZONE :zone))::int
			               AS days_since_last_payment,
			           extract(day FROM :asOfLocal::timestamp - (u.oldest_unpaid_issued_at AT TIME ZONE :zone))::int AS days_overdue
			    FROM active a
			    -- each customer's first invoice and latest payment as of the month's end (CustomerPayments)
			    LEFT JOIN staging.customer_payment paid USING (customer_id)
			    LEFT JOIN unpaid u USING (customer_id)
			    LEFT JOIN period_summary p USING (customer_id)
			), flagged AS (
			    SELECT m.*, coalesce(days_since_last_payment >= :days + interval_allowance, false) AS no_payment,
			           coalesce(days_overdue >= :days, false) AS overdue
			    FROM measured m
			)
			SELECT :runMonth, customer_id, mrr, last_paid_at, oldest_unpaid_issued_at, days_since_last_payment, days_overdue,
			       CASE WHEN no_payment AND overdue THEN 'both' WHEN no_payment THEN 'no_payment' ELSE 'overdue' END
			FROM flagged
			WHERE no_payment OR overdue
			""";

	/**
	 * Whether payments can be judged: some invoice above zero was issued before the month's end (the
	 * payments kept, brought to it), or no customer is active, when there is nobody to judge.
	 */
	private static final String PAYMENTS_KNOWN = """
			SELECT EXISTS (SELECT 1 FROM staging.customer_payment)
			    OR NOT EXISTS (SELECT 1 FROM staging.customer_month_mrr WHERE month = :runMonth)
			""";

	private static final String TOTALS = """
			SELECT count(*) AS customers, coalesce(sum(mrr), 0) AS mrr
			FROM mart.hidden_churn_customer WHERE month = :runMonth
			""";

	private static final String CONFIRMED = """
			SELECT count(*) AS flagged,
			       count(*) FILTER (WHERE NOT EXISTS (
			           SELECT 1 FROM staging.customer_month_mrr c
			           WHERE c.month = :runMonth AND c.customer_id = h.customer_id)) AS confirmed
			FROM mart.hidden_churn_customer h
			WHERE h.month = :previousMonth
			""";

	private final JdbcClient reporting;

	private final MetricStore metricStore;

	private final int hiddenChurnDays;

	@Autowired
	public HiddenChurnCalculation(JdbcClient reporting, MetricStore metricStore, ChurnProperties properties) {
		this(reporting, metricStore, properties.hiddenChurnDays());
	}

	public HiddenChurnCalculation(JdbcClient reporting, MetricStore metricStore, int hiddenChurnDays) {
		this.reporting = reporting;
		this.metricStore = metricStore;
		this.hiddenChurnDays = hiddenChurnDays;
	}

	@Override
	public int calculate(MonthContext context) {
		ReportingMonth month = context.month();
		// read before this month's rows are replaced, in case a month is recomputed
		boolean previousMonthComputed = metricStore.find(month.previousFirstDay(), Metric.HIDDEN_CHURN_CUSTOMERS).isPresent();
		reporting.sql(DELETE).param("runMonth", month.firstDay()).update();
		boolean paidAfterMonthEnd = new CustomerPayments(reporting).asOf(month);
		if (!reporting.sql(PAYMENTS_KNOWN).param("runMonth", month.firstDay()).query(Boolean.class).single()) {
			Map<Metric, BigDecimal> unknown = new LinkedHashMap<>();
			Metric.in(MetricSection.HIDDEN_CHURN).forEach(metric -> unknown.put(metric, null));
			metricStore.save(month, unknown);
			return 0;
		}
		int written = reporting.sql(INSERT)
			.param("runMonth", month.firstDay())
			.param("paidAfterMonthEnd", paidAfterMonthEnd)
			.param("asOf", month.end())
			.param("asOfLocal", asOfLocal(month))
			.param("zone", month.zone().getId())
			.param("days", hiddenChurnDays)
			.update();
		Totals totals = reporting.sql(TOTALS).param("runMonth", month.firstDay()).query(Totals.class).single();
		Map<Metric, BigDecimal> metrics = new LinkedHashMap<>();
		metrics.put(Metric.HIDDEN_CHURN_CUSTOMERS, BigDecimal.valueOf(totals.customers()));
		metrics.put(Metric.HIDDEN_CHURN_MRR, MetricScales.money(totals.mrr()));
		if (previousMonthComputed) {
			Confirmation confirmation = reporting.sql(CONFIRMED)
				.param("runMonth", month.firstDay())
				.param("previousMonth", month.previousFirstDay())
				.query(Confirmation.class)
				.single();
			metrics.put(Metric.HIDDEN_CHURN_CONFIRMED, BigDecimal.valueOf(confirmation.confirmed()));
			metrics.put(Metric.HIDDEN_CHURN_CONFIRMED_RATE, confirmation.rate());
		}
		else {
			// without last month's list there is nothing to confirm: unknown, not zero
			metrics.put(Metric.HIDDEN_CHURN_CONFIRMED, null);
			metrics.put(Metric.HIDDEN_CHURN_CONFIRMED_RATE, null);
		}
		metricStore.save(month, metrics);
		return written;
	}

	@Override
	public MonthData writes() {
		return MonthData.metricsOf(MetricSection.HIDDEN_CHURN).andTables("mart.hidden_churn_customer");
	}

	/** The month's end on the reporting time zone's clock, from which whole days are counted back. */
	static LocalDateTime asOfLocal(ReportingMonth month) {
		return month.end().atZoneSameInstant(month.zone()).toLocalDateTime();
	}

	record Totals(long customers, BigDecimal mrr) {
	}

	/** Last month's hidden churners, and how many of them have no MRR at the end of this month. */
	record Confirmation(long flagged, long confirmed) {

		/** Confirmed / flagged; null when none were flagged. */
		BigDecimal rate() {
			return MetricScales.rate(confirmed, flagged);
		}

	}

}
