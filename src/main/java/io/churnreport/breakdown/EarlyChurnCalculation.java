package io.churnreport.breakdown;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.churnreport.month.MetricStore;
import io.churnreport.month.MonthCalculation;
import io.churnreport.month.MonthContext;
import io.churnreport.month.ReportingMonth;
import io.churnreport.system.ChurnProperties;
import io.churnreport.month.MetricScales;
import io.churnreport.month.Metric;
import io.churnreport.month.MonthData;

/**
 * Early churn: churned customers whose paid tenure was shorter than {@code churn.early-churn-days}
 * days. Tenure runs from the start of the customer's first non-trial period to the end of its
 * paid service: the latest end of its non-trial periods that ended within the month, or the end
 * of the month when none did (the MRR then fell to zero without a period ending, e.g. a price
 * changed to zero). Days are calendar days in the reporting time zone, so a daylight-saving
 * change does not make a 90-day tenure 89 days and 23 hours long. Trial days do not count: a
 * trial says nothing about whether the paid relationship got off the ground.
 */
@Component
public class EarlyChurnCalculation implements MonthCalculation {

	private static final String TENURES = """
			WITH churned AS (
			    SELECT customer_id, mrr_lost FROM mart.churned_customer WHERE month = :month
			), tenure AS (
			    SELECT c.customer_id, c.mrr_lost,
			           (SELECT min(p.valid_from) FROM staging.subscription_period p
			             WHERE p.run_month = :month AND p.customer_id = c.customer_id AND NOT p.is_trial) AS paid_from,
			           coalesce((SELECT max(p.valid_to) FROM staging.subscription_period p
			                      WHERE p.run_month = :month AND p.customer_id = c.customer_id AND NOT p.is_trial
			                        AND p.valid_to >= :monthStart AND p.valid_to < :monthEnd), :monthEnd) AS paid_to
			    FROM churned c
			), classified AS (
			    SELECT mrr_lost,
			           coalesce(paid_to < ((paid_from AT TIME ZONE :zone) + make_interval(days => :earlyChurnDays))
			                              AT TIME ZONE :zone, false) AS early
			    FROM tenure
			)
			SELECT count(*) AS customers_churned,
			       count(*) FILTER (WHERE early) AS churned_early,
			       coalesce(sum(mrr_lost) FILTER (WHERE early), 0) AS mrr_churned_early
			FROM classified
			""";

	private final JdbcClient reporting;

	private final MetricStore metricStore;

	private final int earlyChurnDays;

	@Autowired
	public EarlyChurnCalculation(JdbcClient reporting, MetricStore metricStore, ChurnProperties properties) {
		this(reporting, metricStore, properties.earlyChurnDays());
	}

	public EarlyChurnCalculation(JdbcClient reporting, MetricStore metricStore, int earlyChurnDays) {
		this.reporting = reporting;
		this.metricStore = metricStore;
		this.earlyChurnDays = earlyChurnDays;
	}

	@Override
	public int calculate(MonthContext context) {
		ReportingMonth month = context.month();
		Map<Metric, BigDecimal> metrics = new LinkedHashMap<>();
		reporting.sql(TENURES)
			.param("month", month.firstDay())
			.param("monthStart", month.start())
			.param("monthEnd", month.end())
			.param("zone", month.zone().getId())
			.param("earlyChurnDays", earlyChurnDays)
			.query((rs, n) -> {
				long churnedEarly = rs.getLong("churned_early");
				metrics.put(Metric.CHURNED_EARLY, BigDecimal.valueOf(churnedEarly));
				metrics.put(Metric.MRR_CHURNED_EARLY, MetricScales.money(rs.getBigDecimal("mrr_churned_early")));
				metrics.put(Metric.EARLY_CHURN_SHARE, MetricScales.rate(churnedEarly, rs.getLong("customers_churned")));
				return metrics;
			})
			.single();
		metricStore.save(month, metrics);
		return metrics.size();
	}

	@Override
	public MonthData reads() {
		return MonthData.tables("mart.churned_customer");
	}

	@Override
	public MonthData writes() {
		return MonthData.metrics(Metric.CHURNED_EARLY, Metric.MRR_CHURNED_EARLY, Metric.EARLY_CHURN_SHARE);
	}

}
