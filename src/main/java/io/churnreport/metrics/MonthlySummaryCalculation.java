package io.churnreport.metrics;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.churnreport.classify.ReasonClass;
import io.churnreport.month.ReportingMonth;
import io.churnreport.month.MonthContext;
import io.churnreport.month.MonthCalculation;
import io.churnreport.month.MetricStore;
import io.churnreport.month.Metric;
import io.churnreport.month.MonthData;
import io.churnreport.month.MetricSection;
import io.churnreport.month.MetricScales;

/**
 * The month's summary metrics, from the month-end MRR of the run and the classified churned
 * customers, written to mart.monthly_metric. Per customer and month-end state: MRR > 0 last month
 * and none now is churn; MRR > 0 now and none last month is new when the customer never had MRR
 * before, otherwise a reactivation.
 */
@Component
public class MonthlySummaryCalculation implements MonthCalculation {

	/**
	 * One pass over the month-end MRR of the month and the month before, a row per customer: its MRR
	 * now and last month. Whether a customer arriving this month had MRR before last month (back
	 * rather than new) is looked up for those few customers alone, in the month-end MRR kept across
	 * runs, by its (customer_id, month) index: reading every month for every customer grew with the
	 * history. (Comparing the months with NOT EXISTS over CTEs, which PostgreSQL materialised without
	 * an index and scanned once per row, took 35 s a month at 100,000 customers.)
	 */
	private static final String BRIDGE = """
			WITH per_customer AS (
			    SELECT customer_id,
			           max(mrr) FILTER (WHERE month = :runMonth) AS mrr_now,
			           max(mrr) FILTER (WHERE month = :previousMonth) AS mrr_last_month
			    FROM staging.customer_month_mrr
			    WHERE month IN (:runMonth, :previousMonth)
			    GROUP BY customer_id
			), arriving AS (
			    SELECT EXISTS (SELECT 1 FROM staging.customer_month_mrr earlier
			                   WHERE earlier.customer_id = a.customer_id AND earlier.month < :previousMonth) AS active_before
			    FROM per_customer a
			    WHERE a.mrr_now IS NOT NULL AND a.mrr_last_month IS NULL
			)
			SELECT count(mrr_last_month) AS customers_start,
			       (SELECT count(*) FROM arriving WHERE NOT active_before) AS customers_new,
			       (SELECT count(*) FROM arriving WHERE active_before) AS customers_reactivated,
			       count(*) FILTER (WHERE mrr_last_month IS NOT NULL AND mrr_now IS NULL) AS customers_churned,
			       count(mrr_now) AS customers_end,
			       coalesce(sum(mrr_last_month), 0) AS mrr_start,
			       coalesce(sum(mrr_now), 0) AS mrr_end
			FROM per_customer
			""";

	private static final String CHURNED_BY_CLASS = """
			SELECT reason_class, count(*) AS customers
			FROM mart.churned_customer WHERE month = :runMonth GROUP BY reason_class
			""";

	private final JdbcClient reporting;

	private final MetricStore metricStore;

	public MonthlySummaryCalculation(JdbcClient reporting, MetricStore metricStore) {
		this.reporting = reporting;
		this.metricStore = metricStore;
	}

	@Override
	public int calculate(MonthContext context) {
		return calculate(context.month()).size();
	}

	@Override
	public MonthData reads() {
		return MonthData.tables("mart.churned_customer");
	}

	@Override
	public MonthData writes() {
		return MonthData.metricsOf(MetricSection.SUMMARY).andMetrics(Metric.in(MetricSection.REASON_CLASSES).toArray(Metric[]::new));
	}

	public CustomerBridge customerBridge(ReportingMonth runMonth) {
		return reporting.sql(BRIDGE)
			.param("runMonth", runMonth.firstDay())
			.param("previousMonth", runMonth.previousFirstDay())
			.query(CustomerBridge.class)
			.single();
	}

	/** Computes and stores the month's summary metrics; returns them by name. */
	public Map<Metric, BigDecimal> calculate(ReportingMonth runMonth) {
		CustomerBridge bridge = customerBridge(runMonth);
		Map<ReasonClass, Long> churnedByClass = churnedByClass(runMonth);
		long classified = churnedByClass.values().stream().mapToLong(Long::longValue).sum();
		if (classified != bridge.customersChurned()) {
			throw new IllegalStateException("Reason classes (" + classified + ") do not sum to churned customers ("
					+ bridge.customersChurned() + ") for " + runMonth);
		}
		Map<Metric, BigDecimal> metrics = new LinkedHashMap<>();
		metrics.put(Metric.CUSTOMERS_START, BigDecimal.valueOf(bridge.customersStart()));
		metrics.put(Metric.CUSTOMERS_NEW, BigDecimal.valueOf(bridge.customersNew()));
		metrics.put(Metric.CUSTOMERS_REACTIVATED, BigDecimal.valueOf(bridge.customersReactivated()));
		metrics.put(Metric.CUSTOMERS_CHURNED, BigDecimal.valueOf(bridge.customersChurned()));
		metrics.put(Metric.CUSTOMERS_END, BigDecimal.valueOf(bridge.customersEnd()));
		metrics.put(Metric.CHURN_RATE, bridge.churnRate());
		// money(): a month without customers at one end sums to a bare 0, stored as 0.00 like any amount
		metrics.put(Metric.MRR_START, MetricScales.money(bridge.mrrStart()));
		metrics.put(Metric.MRR_END, MetricScales.money(bridge.mrrEnd()));
		for (ReasonClass reasonClass : ReasonClass.values()) {
			metrics.put(churned(reasonClass), BigDecimal.valueOf(churnedByClass.getOrDefault(reasonClass, 0L)));
		}
		metricStore.save(runMonth, metrics);
		return metrics;
	}

	/** The summary metric counting the month's churned customers of a reason class. */
	static Metric churned(ReasonClass reasonClass) {
		return switch (reasonClass) {
			case MANAGED -> Metric.CHURNED_MANAGED;
			case UNMANAGED -> Metric.CHURNED_UNMANAGED;
			case UNCLASSIFIED -> Metric.CHURNED_UNCLASSIFIED;
			case NO_REASON -> Metric.CHURNED_NO_REASON;
		};
	}

	private Map<ReasonClass, Long> churnedByClass(ReportingMonth runMonth) {
		Map<ReasonClass, Long> counts = new LinkedHashMap<>();
		reporting.sql(CHURNED_BY_CLASS).param("runMonth", runMonth.firstDay()).query((rs, n) -> {
			counts.put(ReasonClass.valueOf(rs.getString("reason_class").toUpperCase(java.util.Locale.ROOT)),
					rs.getLong("customers"));
			return null;
		}).list();
		return counts;
	}

}
