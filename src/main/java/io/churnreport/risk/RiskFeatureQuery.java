package io.churnreport.risk;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.churnreport.month.ReportingMonth;

/**
 * The features of every customer with MRR > 0 at the end of a month, as of that month's end, and
 * whether it had no MRR at the end of the next month (churned), streamed in customer order. Only
 * what was known at the month's end counts: invoices issued and payments made before it,
 * cancellation requests made before it, the paid periods open at it, and month-end MRR up to it.
 * The sources are read from the run's own extract, so a month long past is described with the
 * history as the run month's sources tell it.
 */
final class RiskFeatureQuery {

	private static final String FEATURES = """
			WITH active AS (
			    SELECT customer_id, mrr FROM staging.customer_month_mrr WHERE month = :month
			), history AS (
			    SELECT h.customer_id, min(h.month) AS first_month,
			           max(h.mrr) FILTER (WHERE h.month = :threeMonthsBefore) AS mrr_three_months_before,
			           max(h.mrr) FILTER (WHERE h.month = :sixMonthsBefore) AS mrr_six_months_before,
			           -- a month with MRR after a month without it (after the first) is a return
			           count(*) FILTER (WHERE h.previous_month < h.month - interval '1 month') AS reactivations
			    FROM (SELECT m.customer_id, m.month, m.mrr,
			                 lag(m.month) OVER (PARTITION BY m.customer_id ORDER BY m.month) AS previous_month
			          FROM staging.customer_month_mrr m
			          JOIN active a USING (customer_id)
			          WHERE m.month <= :month) AS h
			    GROUP BY h.customer_id
			), billing AS (
			    SELECT customer_id, max(interval_months) AS longest_interval
			    FROM staging.subscription_period
			    WHERE run_month = :runMonth AND NOT is_trial AND valid_from < :asOf AND (valid_to IS NULL OR valid_to > :asOf)
			    GROUP BY customer_id
			), invoices AS (
			    SELECT i.customer_id,
			           count(*) FILTER (WHERE i.paid_at IS NULL OR i.paid_at >= :asOf) AS unpaid_invoices,
			           -- paid more than 30 days after it was issued, or still unpaid 30 days after
			           count(*) FILTER (WHERE i.issued_at >= :lateSince
			                            AND least(coalesce(i.paid_at, :asOf), :asOf) - i.issued_at > interval '30 days')
			               AS late_payments,
			           max(i.paid_at) FILTER (WHERE i.paid_at < :asOf) AS last_paid_at,
			           min(i.issued_at) AS first_issued_at
			    FROM staging.invoice_history i
			    JOIN active a USING (customer_id)
			    WHERE i.amount > 0 AND i.issued_at < :asOf
			    GROUP BY i.customer_id
			), requests AS (
			    SELECT customer_id, count(*) AS cancellation_requests
			    FROM staging.cancellation
			    WHERE run_month = :runMonth AND requested_at >= :requestsSince AND requested_at < :asOf
			    GROUP BY customer_id
			)
			SELECT a.customer_id, a.mrr,
			       ((extract(year FROM :month::date) - extract(year FROM h.first_month)) * 12
			           + extract(month FROM :month::date) - extract(month FROM h.first_month))::int AS tenure_months,
			       CASE WHEN h.mrr_three_months_before > a.mrr THEN 1 - a.mrr / h.mrr_three_months_before ELSE 0 END
			           AS mrr_down_3m,
			       CASE WHEN h.mrr_six_months_before > a.mrr THEN 1 - a.mrr / h.mrr_six_months_before ELSE 0 END
			           AS mrr_down_6m,
			       CASE WHEN b.longest_interval = 1 THEN 1 ELSE 0 END AS monthly_billing,
			       h.reactivations,
			       coalesce(i.unpaid_invoices, 0) AS unpaid_invoices,
			       coalesce(i.late_payments, 0) AS late_payments,
			       coalesce(floor(extract(epoch FROM :asOf - coalesce(i.last_paid_at, i.first_issued_at)) / 86400), 0)
			           AS days_since_payment,
			       coalesce(r.cancellation_requests, 0) AS cancellation_requests,
			       NOT EXISTS (SELECT 1 FROM staging.customer_month_mrr n
			                   WHERE n.month = :nextMonth AND n.customer_id = a.customer_id) AS churned_next_month
			FROM active a
			JOIN history h USING (customer_id)
			LEFT JOIN billing b USING (customer_id)
			LEFT JOIN invoices i USING (customer_id)
			LEFT JOIN requests r USING (customer_id)
			ORDER BY a.customer_id
			""";

	private static final String ACTIVE = "SELECT count(*) FROM staging.customer_month_mrr WHERE month = :month";

	/** One customer as of a month's end. */
	record CustomerFeatures(String customerId, BigDecimal mrr, int tenureMonths, Map<RiskFeature, Double> raw,
			boolean churnedNextMonth) {

		/** The values the model sees, in the order of {@link RiskFeature}. */
		double[] modelValues() {
			RiskFeature[] features = RiskFeature.values();
			double[] values = new double[features.length];
			for (int j = 0; j < features.length; j++) {
				values[j] = features[j].modelValue(raw.get(features[j]));
			}
			return values;
		}

	}

	private final JdbcClient streaming;

	/** @param streaming a template with a fetch size, so that the rows are streamed */
	RiskFeatureQuery(JdbcTemplate streaming) {
		this.streaming = JdbcClient.create(streaming);
	}

	/** Customers with MRR > 0 at the end of the month. */
	long active(YearMonth month) {
		return streaming.sql(ACTIVE).param("month", month.atDay(1)).query(Long.class).single();
	}

	/**
	 * @param month the month as of whose end the customers are described
	 * @param run the run month, whose extract holds the sources
	 */
	void forEach(ReportingMonth month, ReportingMonth run, Consumer<CustomerFeatures> action) {
		YearMonth m = month.month();
		LocalDate runMonth = run.firstDay();
		streaming.sql(FEATURES)
			.param("month", month.firstDay())
			.param("threeMonthsBefore", m.minusMonths(3).atDay(1))
			.param("sixMonthsBefore", m.minusMonths(6).atDay(1))
			.param("nextMonth", m.plusMonths(1).atDay(1))
			.param("runMonth", runMonth)
			.param("asOf", month.end())
			.param("lateSince", new ReportingMonth(m.minusMonths(5), month.zone()).start())
			.param("requestsSince", new ReportingMonth(m.minusMonths(11), month.zone()).start())
			.query((RowCallbackHandler) rows -> action.accept(read(rows)));
	}

	private static CustomerFeatures read(ResultSet rows) throws SQLException {
		int tenure = rows.getInt("tenure_months");
		Map<RiskFeature, Double> raw = new EnumMap<>(RiskFeature.class);
		raw.put(RiskFeature.SHORT_TENURE, (double) tenure);
		raw.put(RiskFeature.TENURE, (double) tenure);
		raw.put(RiskFeature.MRR_DOWN_3M, rows.getDouble("mrr_down_3m"));
		raw.put(RiskFeature.MRR_DOWN_6M, rows.getDouble("mrr_down_6m"));
		raw.put(RiskFeature.MRR, rows.getDouble("mrr"));
		raw.put(RiskFeature.MONTHLY_BILLING, rows.getDouble("monthly_billing"));
		raw.put(RiskFeature.REACTIVATIONS, rows.getDouble("reactivations"));
		raw.put(RiskFeature.UNPAID_INVOICES, rows.getDouble("unpaid_invoices"));
		raw.put(RiskFeature.LATE_PAYMENTS, rows.getDouble("late_payments"));
		raw.put(RiskFeature.DAYS_SINCE_PAYMENT, rows.getDouble("days_since_payment"));
		raw.put(RiskFeature.CANCELLATION_REQUESTS, rows.getDouble("cancellation_requests"));
		return new CustomerFeatures(rows.getString("customer_id"), rows.getBigDecimal("mrr"), tenure, raw,
				rows.getBoolean("churned_next_month"));
	}

}
