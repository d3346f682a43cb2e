package io.churnreport.retention;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.churnreport.classify.ChurnReason;
import io.churnreport.classify.ChurnReasonCatalog;
import io.churnreport.month.MetricStore;
import io.churnreport.month.MonthCalculation;
import io.churnreport.month.MonthContext;
import io.churnreport.month.ReportingMonth;
import io.churnreport.month.Metric;
import io.churnreport.month.MonthData;
import io.churnreport.month.MetricSection;

/**
 * The retention desk: the cancellation requests customers made in the month (requested from the
 * first instant of the month up to, not including, the first instant of the next), how many were
 * saved and how many lost, overall and by reason; and the customers who churned in the month less
 * than 90 days after the desk saved them.
 * <p>
 * A saved customer who churns is counted once, in the month it churns (the month of
 * mart.churned_customer), when the churn comes less than 90 days after its latest save. Its churn
 * instant is the end of its last paid subscription period ending in the month (the start of the
 * month when billing has no such period, as under the activity definition). A save already
 * followed by an earlier churn (MRR at one month end, none at the next) was counted with that
 * churn, so a customer that comes back and churns again is not counted twice for one save.
 */
@Component
public class RetentionDeskCalculation implements MonthCalculation {

	/** Saved customers churning this many days after the save or later no longer count as saved-then-churned. */
	public static final int SAVE_WINDOW_DAYS = 90;

	private static final String REQUESTS_BY_CODE = """
			SELECT nullif(trim(reason_code), '') AS reason_code, count(*) AS requests,
			       count(*) FILTER (WHERE outcome = 'saved') AS saved,
			       count(*) FILTER (WHERE outcome = 'churned') AS lost
			FROM staging.cancellation
			WHERE run_month = :runMonth AND requested_at >= :monthStart AND requested_at < :monthEnd
			GROUP BY 1
			ORDER BY 1
			""";

	private static final String DELETE_BY_REASON = "DELETE FROM mart.retention_desk_by_reason WHERE month = :runMonth";

	private static final String INSERT_BY_REASON = """
			INSERT INTO mart.retention_desk_by_reason (month, reason_code, reason_label, requests, saved, lost, save_rate)
			VALUES (:runMonth, :reasonCode, :reasonLabel, :requests, :saved, :lost, :saveRate)
			""";

	private static final String DELETE_SAVED_THEN_CHURNED = "DELETE FROM mart.saved_then_churned_customer WHERE month = :runMonth";

	private static final String INSERT_SAVED_THEN_CHURNED = """
			INSERT INTO mart.saved_then_churned_customer (month, customer_id, saved_at, churned_at, days_to_churn, mrr_lost)
			WITH churned AS (
			    SELECT c.customer_id, c.mrr_lost,
			           coalesce((SELECT max(s.valid_to) FROM staging.subscription_period s
			                     WHERE s.run_month = :runMonth AND s.customer_id = c.customer_id AND NOT s.is_trial
			                       AND s.valid_to >= :monthStart AND s.valid_to < :monthEnd), :monthStart) AS churned_at
			    FROM mart.churned_customer c
			    WHERE c.month = :runMonth
			), last_save AS (
			    SELECT ch.*,
			           (SELECT max(x.requested_at) FROM staging.cancellation x
			             WHERE x.run_month = :runMonth AND x.customer_id = ch.customer_id AND x.outcome = 'saved'
			               AND x.requested_at <= ch.churned_at) AS saved_at
			    FROM churned ch
			)
			SELECT :runMonth, l.customer_id, l.saved_at, l.churned_at,
			       extract(day FROM (l.churned_at AT TIME ZONE :zone) - (l.saved_at AT TIME ZONE :zone))::int, l.mrr_lost
			FROM last_save l
			WHERE (l.churned_at AT TIME ZONE :zone) < (l.saved_at AT TIME ZONE :zone) + make_interval(days => :windowDays)
			  -- an earlier churn since the save (MRR at one month end, none at the next) already counted it
			  AND NOT EXISTS (
			      SELECT 1
			      FROM generate_series(date_trunc('month', l.saved_at AT TIME ZONE :zone), :previousMonth::timestamp,
			                           interval '1 month') AS g(month)
			      WHERE NOT EXISTS (SELECT 1 FROM staging.customer_month_mrr r
			                        WHERE r.customer_id = l.customer_id AND r.month = g.month::date)
			        AND EXISTS (SELECT 1 FROM staging.customer_month_mrr r
			                    WHERE r.customer_id = l.customer_id
			                      AND r.month = (g.month - interval '1 month')::date))
			""";

	private final JdbcClient reporting;

	private final MetricStore metricStore;

	public RetentionDeskCalculation(JdbcClient reporting, MetricStore metricStore) {
		this.reporting = reporting;
		this.metricStore = metricStore;
	}

	@Override
	public int calculate(MonthContext context) {
		ReportingMonth month = context.month();
		List<RetentionDeskReason> byReason = requestsByReason(month, ChurnReasonCatalog.of(context.inputs()));
		reporting.sql(DELETE_BY_REASON).param("runMonth", month.firstDay()).update();
		byReason.forEach(reason -> reporting.sql(INSERT_BY_REASON)
			.param("runMonth", month.firstDay())
			.param("reasonCode", reason.reasonCode())
			.param("reasonLabel", reason.reasonLabel())
			.param("requests", reason.requests())
			.param("saved", reason.saved())
			.param("lost", reason.lost())
			.param("saveRate", reason.saveRate())
			.update());
		reporting.sql(DELETE_SAVED_THEN_CHURNED).param("runMonth", month.firstDay()).update();
		int savedThenChurned = reporting.sql(INSERT_SAVED_THEN_CHURNED)
			.param("runMonth", month.firstDay())
			.param("previousMonth", month.previousFirstDay())
			.param("monthStart", month.start())
			.param("monthEnd", month.end())
			.param("zone", month.zone().getId())
			.param("windowDays", SAVE_WINDOW_DAYS)
			.update();

		long requests = byReason.stream().mapToLong(RetentionDeskReason::requests).sum();
		long saved = byReason.stream().mapToLong(RetentionDeskReason::saved).sum();
		long lost = byReason.stream().mapToLong(RetentionDeskReason::lost).sum();
		Map<Metric, BigDecimal> metrics = new LinkedHashMap<>();
		metrics.put(Metric.CANCELLATION_REQUESTS, BigDecimal.valueOf(requests));
		metrics.put(Metric.SAVED, BigDecimal.valueOf(saved));
		metrics.put(Metric.LOST_AT_DESK, BigDecimal.valueOf(lost));
		metrics.put(Metric.SAVE_RATE, RetentionDeskReason.rate(saved, requests));
		metrics.put(Metric.SAVED_THEN_CHURNED_90D, BigDecimal.valueOf(savedThenChurned));
		metricStore.save(month, metrics);
		return byReason.size() + savedThenChurned;
	}

	@Override
	public MonthData reads() {
		return MonthData.tables("mart.churned_customer");
	}

	@Override
	public MonthData writes() {
		return MonthData.metricsOf(MetricSection.RETENTION_DESK)
			.andTables("mart.retention_desk_by_reason", "mart.saved_then_churned_customer");
	}

	/**
	 * The month's requests by reason: codes the catalog knows are shown with its code and label
	 * (the CRM's spelling may differ in case or blanks), others as recorded, with the code as label.
	 */
	List<RetentionDeskReason> requestsByReason(ReportingMonth month, ChurnReasonCatalog catalog) {
		Map<String, RetentionDeskReason> byCode = new LinkedHashMap<>();
		reporting.sql(REQUESTS_BY_CODE)
			.param("runMonth", month.firstDay())
			.param("monthStart", month.start())
			.param("monthEnd", month.end())
			.query((rs, n) -> {
				String recorded = rs.getString("reason_code");
				ChurnReason known = catalog.find(recorded).orElse(null);
				String code = (known != null) ? known.code() : (recorded != null) ? recorded : RetentionDeskReason.NO_REASON;
				String label = (known != null) ? known.label() : code;
				return new RetentionDeskReason(code, label, rs.getLong("requests"), rs.getLong("saved"), rs.getLong("lost"));
			})
			.list()
			.forEach(reason -> byCode.merge(reason.reasonCode(), reason, RetentionDeskReason::plus));
		return new ArrayList<>(byCode.values());
	}

}
