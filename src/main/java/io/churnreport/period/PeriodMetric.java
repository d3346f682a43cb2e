package io.churnreport.period;

import java.util.Locale;

import io.churnreport.month.MetricUnit;

/**
 * The figures of a quarter or fiscal year, in the order of period-summary.csv; each is a row of
 * mart.period_metric and is defined in docs/metrics.md ("Quarters and fiscal years").
 */
public enum PeriodMetric {

	CUSTOMERS_START(MetricUnit.COUNT, "Customers with MRR > 0 at the end of the month before the period"),
	CUSTOMERS_NEW(MetricUnit.COUNT, "Customers with MRR > 0 at the period's end whose first month with MRR > 0 is in the period"),
	CUSTOMERS_REACTIVATED(MetricUnit.COUNT,
			"Customers with MRR > 0 at the period's end, none at its start, and some at the end of a month before"),
	CUSTOMERS_CHURNED(MetricUnit.COUNT, "Customers with MRR > 0 at the period's start and none at its end"),
	CUSTOMERS_END(MetricUnit.COUNT, "Customers with MRR > 0 at the end of the period's last month"),
	CUSTOMERS_JOINED_AND_LEFT(MetricUnit.COUNT,
			"Customers with no MRR at the period's start or end and MRR > 0 at the end of one of its months; not in the churn rate"),
	CHURNED_MANAGED(MetricUnit.COUNT,
			"Of customers_churned, those whose last churn in the period was classified managed"),
	CHURNED_UNMANAGED(MetricUnit.COUNT, "Of customers_churned, those whose last churn in the period was unmanaged"),
	CHURNED_UNCLASSIFIED(MetricUnit.COUNT,
			"Of customers_churned, those whose last churn in the period had a reason code churn-reasons.yml does not list"),
	CHURNED_NO_REASON(MetricUnit.COUNT, "Of customers_churned, those whose last churn in the period had no reason"),
	CHURN_RATE(MetricUnit.RATE, "customers_churned / customers_start"),
	MONTHLY_CHURN_RATE_AVERAGE(MetricUnit.RATE, "The average of the months' churn rates"),
	MONTHLY_CHURN_RATE_COMPOUNDED(MetricUnit.RATE, "1 - the product of (1 - churn rate) over the months"),
	MANAGED_CHURN_RATE(MetricUnit.RATE, "churned_managed / customers_start"),
	TARGET_CHURN_RATE(MetricUnit.RATE,
			"1 - the product of (1 - target_churn_rate) over the months; empty unless every month has a target"),
	TARGET_MANAGED_CHURN_RATE(MetricUnit.RATE,
			"1 - the product of (1 - target_managed_churn_rate) over the months; empty unless every month has one"),
	MRR_START(MetricUnit.MONEY, "Sum of month-end MRR of the month before the period"),
	MRR_NEW(MetricUnit.MONEY, "Sum of the months' mrr_new"),
	MRR_REACTIVATION(MetricUnit.MONEY, "Sum of the months' mrr_reactivation"),
	MRR_EXPANSION(MetricUnit.MONEY, "Sum of the months' mrr_expansion"),
	MRR_CONTRACTION(MetricUnit.MONEY, "Sum of the months' mrr_contraction"),
	MRR_CHURNED(MetricUnit.MONEY, "Sum of the months' mrr_churned"),
	MRR_FX(MetricUnit.MONEY, "Sum of the months' mrr_fx"),
	MRR_END(MetricUnit.MONEY,
			"Sum of month-end MRR of the period's last month = mrr_start + mrr_new + mrr_reactivation + mrr_expansion - mrr_contraction - mrr_churned + mrr_fx"),
	GROSS_MRR_CHURN_RATE(MetricUnit.RATE, "(mrr_churned + mrr_contraction) / mrr_start"),
	NET_MRR_CHURN_RATE(MetricUnit.RATE,
			"(mrr_churned + mrr_contraction - mrr_expansion - mrr_reactivation) / mrr_start; negative = negative churn"),
	QUICK_RATIO(MetricUnit.RATE, "(mrr_new + mrr_expansion) / (mrr_contraction + mrr_churned); empty when nothing was lost"),
	NRR_12M(MetricUnit.RATE,
			"MRR at the period's end of the customers who had MRR > 0 twelve months before / their MRR then; empty when nobody had"),
	GRR_12M(MetricUnit.RATE, "As nrr_12m, each customer counted at most at its MRR twelve months before");

	private final MetricUnit unit;

	private final String definition;

	PeriodMetric(MetricUnit unit, String definition) {
		this.unit = unit;
		this.definition = definition;
	}

	/** The name in mart.period_metric and period-summary.csv, e.g. {@code customers_joined_and_left}. */
	public String metricName() {
		return name().toLowerCase(Locale.ROOT);
	}

	public MetricUnit unit() {
		return unit;
	}

	public String definition() {
		return definition;
	}

}
