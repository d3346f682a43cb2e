package io.churnreport.breakdown;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.churnreport.month.MetricStore;
import io.churnreport.month.MonthCalculation;
import io.churnreport.month.MonthContext;
import io.churnreport.month.ReportingMonth;
import io.churnreport.system.ChurnProperties;
import io.churnreport.system.InvalidConfigurationException;
import io.churnreport.month.MetricScales;
import io.churnreport.month.Metric;
import io.churnreport.month.MonthData;

/**
 * Customers who joined and left within the month. They never had MRR at a month end, so the
 * month-end bridge cannot see them: neither new nor churned, and never in the churn rate. They
 * get their own line instead: customers with a paid (non-trial, amount above zero) period that
 * started in the month and no MRR at the end of this month or of any month before. Their MRR is
 * what those periods were worth per month while they ran, {@code amount / interval_months},
 * converted to the reporting currency at the month-end rate of the month like month-end MRR, and
 * rounded to the cent per customer.
 */
@Component
public class SameMonthChurnCalculation implements MonthCalculation {

	private static final String PERIODS = """
			WITH started AS (
			    SELECT p.customer_id, upper(p.currency) AS currency, p.amount / p.interval_months AS amount,
			           CASE WHEN p.currency IS NULL OR upper(p.currency) = :currency THEN 1 ELSE r.rate END AS rate
			    FROM staging.subscription_period p
			    LEFT JOIN staging.fx_rate r ON r.run_month = :month AND r.month = :month AND r.currency = upper(p.currency)
			    WHERE p.run_month = :month AND NOT p.is_trial AND p.amount > 0
			      AND p.valid_from >= :monthStart AND p.valid_from < :monthEnd
			      AND NOT EXISTS (SELECT 1 FROM staging.customer_month_mrr m
			                       WHERE m.customer_id = p.customer_id AND m.month <= :month)
			)
			""";

	private static final String MISSING_RATE = PERIODS + """
			SELECT currency FROM started WHERE rate IS NULL ORDER BY currency LIMIT 1
			""";

	private static final String SAME_MONTH = PERIODS + """
			, per_customer AS (
			    SELECT customer_id, round(sum(amount * rate), 2) AS mrr FROM started GROUP BY customer_id
			)
			SELECT count(*) AS churned_same_month, coalesce(sum(mrr), 0) AS mrr_churned_same_month FROM per_customer
			""";

	private final JdbcClient reporting;

	private final MetricStore metricStore;

	private final String reportingCurrency;

	@Autowired
	public SameMonthChurnCalculation(JdbcClient reporting, MetricStore metricStore, ChurnProperties properties) {
		this(reporting, metricStore, properties.currency());
	}

	public SameMonthChurnCalculation(JdbcClient reporting, MetricStore metricStore, String reportingCurrency) {
		this.reporting = reporting;
		this.metricStore = metricStore;
		this.reportingCurrency = reportingCurrency;
	}

	/**
	 * @throws InvalidConfigurationException when a period is in a currency without a rate for the
	 * month (such a period need not be open at any month end, so the month-end MRR may not have
	 * asked for that rate)
	 */
	@Override
	public int calculate(MonthContext context) {
		ReportingMonth month = context.month();
		Map<String, Object> parameters = Map.of("month", month.firstDay(), "monthStart", month.start(), "monthEnd",
				month.end(), "currency", reportingCurrency);
		Optional<String> missingRate = reporting.sql(MISSING_RATE).params(parameters).query(String.class).optional();
		if (missingRate.isPresent()) {
			throw new InvalidConfigurationException("No exchange rate for " + missingRate.get() + " in " + month
					+ ", needed for a customer who joined and left within the month: add a line " + month + ","
					+ missingRate.get() + ",<value of 1 " + missingRate.get() + " in " + reportingCurrency
					+ " at the end of the month> to fx-rates.csv in the configuration directory.");
		}
		Map<Metric, BigDecimal> metrics = new LinkedHashMap<>();
		reporting.sql(SAME_MONTH).params(parameters).query((rs, n) -> {
			metrics.put(Metric.CHURNED_SAME_MONTH, BigDecimal.valueOf(rs.getLong("churned_same_month")));
			metrics.put(Metric.MRR_CHURNED_SAME_MONTH, MetricScales.money(rs.getBigDecimal("mrr_churned_same_month")));
			return metrics;
		}).single();
		metricStore.save(month, metrics);
		return metrics.size();
	}

	@Override
	public MonthData writes() {
		return MonthData.metrics(Metric.CHURNED_SAME_MONTH, Metric.MRR_CHURNED_SAME_MONTH);
	}

}
