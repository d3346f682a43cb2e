package io.churnreport.classify;

import java.time.OffsetDateTime;
import java.util.Map;


import io.churnreport.month.ReportingMonth;

/**
 * SQL around the month's churned customers: finding them with the evidence for their reason, and
 * summing their classification by reason.
 */
public final class ChurnedCustomerQueries {

	/**
	 * Customers with MRR at the end of the previous month and none at the end of this one, with
	 * their latest CRM cancellation that ended in churn and took effect (or, without an effective
	 * date, was requested) from the start of the previous month to the end of this one: billing
	 * and CRM rarely agree to the day. The billing end cause is that of the paid periods that ended
	 * within the month, non-payment winning over voluntary.
	 */
	public static final String CHURN_EVIDENCE = """
			WITH cur AS (
			    SELECT customer_id FROM staging.customer_month_mrr WHERE month = :runMonth
			), prev AS (
			    SELECT customer_id, mrr FROM staging.customer_month_mrr WHERE month = :previousMonth
			)
			SELECT p.customer_id, p.mrr AS mrr_lost, c.reason_code, c.reason_text, c.competitor,
			       (SELECT CASE WHEN bool_or(s.end_cause = 'nonpayment') THEN 'nonpayment'
			                    WHEN bool_or(s.end_cause = 'voluntary') THEN 'voluntary' END
			          FROM staging.subscription_period s
			         WHERE s.run_month = :runMonth AND s.customer_id = p.customer_id AND NOT s.is_trial
			           AND s.valid_to >= :monthStart AND s.valid_to < :monthEnd) AS end_cause
			FROM prev p
			LEFT JOIN LATERAL (
			    SELECT x.reason_code, x.reason_text, x.competitor
			    FROM staging.cancellation x
			    WHERE x.run_month = :runMonth AND x.customer_id = p.customer_id AND x.outcome = 'churned'
			      AND coalesce(x.effective_at, x.requested_at) >= :windowStart
			      AND coalesce(x.effective_at, x.requested_at) < :monthEnd
			    ORDER BY coalesce(x.effective_at, x.requested_at) DESC, x.requested_at DESC, x.reason_code
			    LIMIT 1
			) c ON true
			WHERE NOT EXISTS (SELECT 1 FROM cur WHERE cur.customer_id = p.customer_id)
			ORDER BY p.customer_id
			""";

	public static final String INSERT_CHURNED_CUSTOMER = """
			INSERT INTO staging.churned_customer
			    (run_month, customer_id, mrr_lost, reason_class, category, reason_code, reason_label, competitor, end_cause)
			VALUES (:runMonth, :customerId, :mrrLost, :reasonClassCode, :category, :reasonCode, :reasonLabel, :competitor, :endCause)
			""";

	private ChurnedCustomerQueries() {
	}

	/** The parameters of {@link #CHURN_EVIDENCE}. */
	public static Map<String, Object> evidenceParameters(ReportingMonth month) {
		OffsetDateTime windowStart = month.previousStart();
		return Map.of("runMonth", month.firstDay(), "previousMonth", month.previousFirstDay(), "monthStart",
				month.start(), "monthEnd", month.end(), "windowStart", windowStart);
	}


}
