package io.churnreport.breakdown;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.churnreport.month.MetricStore;
import io.churnreport.month.MonthCalculation;
import io.churnreport.month.MonthContext;
import io.churnreport.month.MetricScales;
import io.churnreport.month.Metric;
import io.churnreport.month.MonthData;

/**
 * Voluntary vs involuntary churn, as counts and MRR. Involuntary means the billing system ended
 * the paid service for non-payment ({@code end_cause = 'nonpayment'}); everything else is
 * voluntary, including a churned customer with no end cause at all: billing did not say the
 * customer was cut off, so the departure is taken as the customer's choice. This axis is
 * independent of the managed/unmanaged reason classes.
 */
@Component
public class ChurnCauseCalculation implements MonthCalculation {

	static final String INVOLUNTARY_END_CAUSE = "nonpayment";

	private static final String BY_CAUSE = """
			SELECT count(*) FILTER (WHERE involuntary) AS churned_involuntary,
			       count(*) FILTER (WHERE NOT involuntary) AS churned_voluntary,
			       coalesce(sum(mrr_lost) FILTER (WHERE involuntary), 0) AS mrr_churned_involuntary,
			       coalesce(sum(mrr_lost) FILTER (WHERE NOT involuntary), 0) AS mrr_churned_voluntary
			FROM (SELECT mrr_lost, coalesce(end_cause = :involuntaryCause, false) AS involuntary
			      FROM mart.churned_customer WHERE month = :month) churned
			""";

	private final JdbcClient reporting;

	private final MetricStore metricStore;

	public ChurnCauseCalculation(JdbcClient reporting, MetricStore metricStore) {
		this.reporting = reporting;
		this.metricStore = metricStore;
	}

	@Override
	public int calculate(MonthContext context) {
		Map<Metric, BigDecimal> metrics = new LinkedHashMap<>();
		reporting.sql(BY_CAUSE)
			.param("month", context.month().firstDay())
			.param("involuntaryCause", INVOLUNTARY_END_CAUSE)
			.query((rs, n) -> {
				metrics.put(Metric.CHURNED_VOLUNTARY, BigDecimal.valueOf(rs.getLong("churned_voluntary")));
				metrics.put(Metric.CHURNED_INVOLUNTARY, BigDecimal.valueOf(rs.getLong("churned_involuntary")));
				metrics.put(Metric.MRR_CHURNED_VOLUNTARY, MetricScales.money(rs.getBigDecimal("mrr_churned_voluntary")));
				metrics.put(Metric.MRR_CHURNED_INVOLUNTARY, MetricScales.money(rs.getBigDecimal("mrr_churned_involuntary")));
				return metrics;
			})
			.single();
		metricStore.save(context.month(), metrics);
		return metrics.size();
	}

	@Override
	public MonthData reads() {
		return MonthData.tables("mart.churned_customer");
	}

	@Override
	public MonthData writes() {
		return MonthData.metrics(Metric.CHURNED_VOLUNTARY, Metric.CHURNED_INVOLUNTARY, Metric.MRR_CHURNED_VOLUNTARY,
				Metric.MRR_CHURNED_INVOLUNTARY);
	}

}
