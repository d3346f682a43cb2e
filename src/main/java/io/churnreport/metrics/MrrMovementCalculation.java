package io.churnreport.metrics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.churnreport.system.ChurnProperties;
import io.churnreport.month.ReportingMonth;
import io.churnreport.month.MonthContext;
import io.churnreport.month.MonthCalculation;
import io.churnreport.month.MetricStore;
import io.churnreport.month.MetricScales;
import io.churnreport.month.Metric;
import io.churnreport.month.MonthData;
import io.churnreport.month.MetricSection;

/**
 * Revenue (MRR) movements of the month, per customer-month, into mart.mrr_movement, and their
 * totals, the MRR bridge and the revenue rates into the month's metrics. A customer active at the
 * end of M-1 or M is classified once, by its month-end state: new (first month ever with MRR > 0),
 * reactivation (none at the end of M-1, some earlier), churn (some at the end of M-1, none now),
 * else expansion or contraction by the sign of its change at the previous month's exchange rates
 * (unchanged when 0). Several plan changes within the month therefore count once, by their net
 * effect. The change of exchange rates is kept out of expansion and contraction: it is the
 * retained customers' own bridge line, {@code mrr_fx}.
 * <p>
 * Runs after the summary (it reads {@code mrr_start}, {@code mrr_end}, {@code customers_end} and
 * {@code churn_rate}) and before the comparisons, which may read its metrics. The job fails when
 * the bridge does not tie.
 */
@Component
public class MrrMovementCalculation implements MonthCalculation {

	private static final String DELETE = "DELETE FROM mart.mrr_movement WHERE month = :month";

	private static final String INSERT = """
			INSERT INTO mart.mrr_movement (month, customer_id, movement, mrr_previous, mrr_current_at_previous_rates,
			                               mrr_current, amount, fx_effect)
			WITH cur AS (
			    SELECT customer_id, mrr, mrr_at_previous_rates
			    FROM staging.customer_month_mrr WHERE month = :month
			), prev AS (
			    SELECT customer_id, mrr FROM staging.customer_month_mrr WHERE month = :previousMonth
			), pair AS (
			    SELECT coalesce(c.customer_id, p.customer_id) AS customer_id,
			           p.customer_id IS NOT NULL AS active_previous,
			           c.customer_id IS NOT NULL AS active_current,
			           coalesce(p.mrr, 0) AS mrr_previous,
			           c.mrr_at_previous_rates AS mrr_current_at_previous_rates,
			           coalesce(c.mrr, 0) AS mrr_current
			    FROM cur c FULL JOIN prev p ON p.customer_id = c.customer_id
			), classified AS (
			    SELECT pair.*,
			           CASE
			               -- back or new: looked up for the arriving customers alone, by the (customer_id,
			               -- month) index, rather than reading every earlier month of every customer
			               WHEN NOT active_previous THEN
			                   CASE WHEN EXISTS (SELECT 1 FROM staging.customer_month_mrr e
			                                     WHERE e.customer_id = pair.customer_id AND e.month < :previousMonth)
			                        THEN 'reactivation' ELSE 'new' END
			               WHEN NOT active_current THEN 'churn'
			               WHEN mrr_current_at_previous_rates > mrr_previous THEN 'expansion'
			               WHEN mrr_current_at_previous_rates < mrr_previous THEN 'contraction'
			               ELSE 'unchanged'
			           END AS movement
			    FROM pair
			)
			SELECT :month, customer_id, movement, mrr_previous, mrr_current_at_previous_rates, mrr_current,
			       CASE
			           WHEN movement IN ('new', 'reactivation') THEN mrr_current
			           WHEN movement = 'churn' THEN -mrr_previous
			           ELSE mrr_current_at_previous_rates - mrr_previous
			       END,
			       -- entering and leaving customers are valued at the rates mrr_end and mrr_start use
			       CASE WHEN active_previous AND active_current THEN mrr_current - mrr_current_at_previous_rates ELSE 0 END
			FROM classified
			""";

	private static final String TOTALS = """
			SELECT coalesce(sum(amount) FILTER (WHERE movement = 'new'), 0) AS mrr_new,
			       coalesce(sum(amount) FILTER (WHERE movement = 'reactivation'), 0) AS mrr_reactivation,
			       coalesce(sum(amount) FILTER (WHERE movement = 'expansion'), 0) AS mrr_expansion,
			       coalesce(-sum(amount) FILTER (WHERE movement = 'contraction'), 0) AS mrr_contraction,
			       coalesce(-sum(amount) FILTER (WHERE movement = 'churn'), 0) AS mrr_churned,
			       coalesce(sum(fx_effect), 0) AS mrr_fx
			FROM mart.mrr_movement WHERE month = :month
			""";

	private final JdbcClient reporting;

	private final MetricStore metricStore;

	private final BigDecimal grossMargin;

	@Autowired
	public MrrMovementCalculation(JdbcClient reporting, MetricStore metricStore, ChurnProperties properties) {
		this(reporting, metricStore, properties.grossMargin());
	}

	/** @param grossMargin the share of revenue kept after the cost of serving it (0 to 1), for LTV */
	public MrrMovementCalculation(JdbcClient reporting, MetricStore metricStore, BigDecimal grossMargin) {
		this.reporting = reporting;
		this.metricStore = metricStore;
		this.grossMargin = grossMargin;
	}

	@Override
	public int calculate(MonthContext context) {
		return calculate(context.month());
	}

	@Override
	public MonthData reads() {
		return MonthData.metrics(Metric.MRR_START, Metric.MRR_END, Metric.CUSTOMERS_END, Metric.CHURN_RATE);
	}

	@Override
	public MonthData writes() {
		return MonthData.metricsOf(MetricSection.REVENUE).andTables("mart.mrr_movement");
	}

	/**
	 * Replaces the month's movements and revenue metrics; returns the number of customer rows.
	 * @throws IllegalStateException when the summary of the month is missing or the bridge does not
	 * tie
	 */
	public int calculate(ReportingMonth month) {
		reporting.sql(DELETE).param("month", month.firstDay()).update();
		int rows = reporting.sql(INSERT)
			.param("month", month.firstDay())
			.param("previousMonth", month.previousFirstDay())
			.update();
		MrrBridge bridge = bridge(month).requireTie(month);
		RevenueRates rates = RevenueRates.of(bridge, summary(month, Metric.CUSTOMERS_END).longValueExact(),
				metricStore.find(month.firstDay(), Metric.CHURN_RATE).orElse(null), grossMargin);
		Map<Metric, BigDecimal> metrics = new LinkedHashMap<>();
		metrics.put(Metric.MRR_NEW, bridge.mrrNew());
		metrics.put(Metric.MRR_REACTIVATION, bridge.mrrReactivation());
		metrics.put(Metric.MRR_EXPANSION, bridge.mrrExpansion());
		metrics.put(Metric.MRR_CONTRACTION, bridge.mrrContraction());
		metrics.put(Metric.MRR_CHURNED, bridge.mrrChurned());
		metrics.put(Metric.MRR_FX, bridge.mrrFx());
		metrics.put(Metric.GROSS_MRR_CHURN_RATE, rates.grossMrrChurnRate());
		metrics.put(Metric.NET_MRR_CHURN_RATE, rates.netMrrChurnRate());
		metrics.put(Metric.GRR, rates.grr());
		metrics.put(Metric.NRR, rates.nrr());
		metrics.put(Metric.QUICK_RATIO, rates.quickRatio());
		metrics.put(Metric.ARPU, rates.arpu());
		metrics.put(Metric.AVG_LIFETIME_MONTHS, rates.avgLifetimeMonths());
		metrics.put(Metric.LTV, rates.ltv());
		metricStore.save(month, metrics);
		return rows;
	}

	/** The movements summed from mart.mrr_movement between the summary's MRR at start and end. */
	public MrrBridge bridge(ReportingMonth month) {
		return reporting.sql(TOTALS).param("month", month.firstDay()).query((rs, n) -> new MrrBridge(
				summary(month, Metric.MRR_START), money(rs.getBigDecimal("mrr_new")),
				money(rs.getBigDecimal("mrr_reactivation")), money(rs.getBigDecimal("mrr_expansion")),
				money(rs.getBigDecimal("mrr_contraction")), money(rs.getBigDecimal("mrr_churned")),
				money(rs.getBigDecimal("mrr_fx")), summary(month, Metric.MRR_END)))
			.single();
	}

	private BigDecimal summary(ReportingMonth month, Metric metric) {
		return metricStore.find(month.firstDay(), metric)
			.orElseThrow(() -> new IllegalStateException("The summary metric " + metric.metricName() + " of " + month
					+ " is missing: the month's summary must be computed before its MRR movements"));
	}

	/** Amounts sum to cents; an empty sum comes back as 0 and is shown as 0.00 like the others. */
	private static BigDecimal money(BigDecimal amount) {
		return amount.setScale(MetricScales.MONEY_SCALE, RoundingMode.UNNECESSARY);
	}

}
