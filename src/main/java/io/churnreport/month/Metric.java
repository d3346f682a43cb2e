package io.churnreport.month;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The metric catalogue: every metric of a month's summary (a row of mart.monthly_metric and of
 * summary.csv) is declared here once, with its unit and scale, the report section it belongs to,
 * the key of its label in the label bundles ({@code reports/i18n/metrics*.properties}) and a
 * one-line definition. Calculations store metrics by these constants; outputs read names, units
 * and sections from here. {@code MetricCatalogueTests} keeps the catalogue, mart.metric_definition,
 * the label bundles, the templates and docs/metrics.md in step, in both directions.
 * <p>
 * The constants are grouped by section, in the order a section lists its lines; the display order
 * is the order of summary.csv and mart.metric_definition.
 */
public enum Metric {

	// ---- summary
	CUSTOMERS_START(10, MetricUnit.COUNT, MetricSection.SUMMARY,
			"Customers with MRR > 0 at the end of the previous month"),
	CUSTOMERS_NEW(20, MetricUnit.COUNT, MetricSection.SUMMARY,
			"Customers whose first month with MRR > 0 is this month"),
	CUSTOMERS_REACTIVATED(30, MetricUnit.COUNT, MetricSection.SUMMARY,
			"Customers with MRR > 0 now, none last month, and some before"),
	CUSTOMERS_CHURNED(40, MetricUnit.COUNT, MetricSection.SUMMARY,
			"Customers with MRR > 0 last month and none at the end of this month"),
	CUSTOMERS_END(50, MetricUnit.COUNT, MetricSection.SUMMARY,
			"Customers with MRR > 0 at the end of this month"),
	CHURN_RATE(60, MetricUnit.RATE, MetricSection.SUMMARY,
			"customers_churned / customers_start"),
	MRR_START(70, MetricUnit.MONEY, MetricSection.SUMMARY,
			"Sum of month-end MRR of the previous month"),
	MRR_END(80, MetricUnit.MONEY, MetricSection.SUMMARY,
			"Sum of month-end MRR of this month"),

	// ---- reason classes
	CHURNED_MANAGED(90, MetricUnit.COUNT, MetricSection.REASON_CLASSES,
			"Churned customers whose reason is classified managed"),
	CHURNED_UNMANAGED(100, MetricUnit.COUNT, MetricSection.REASON_CLASSES,
			"Churned customers whose reason is classified unmanaged"),
	CHURNED_UNCLASSIFIED(110, MetricUnit.COUNT, MetricSection.REASON_CLASSES,
			"Churned customers whose CRM reason code is not in churn-reasons.yml"),
	CHURNED_NO_REASON(120, MetricUnit.COUNT, MetricSection.REASON_CLASSES,
			"Churned customers with no matching CRM cancellation"),

	// ---- revenue
	MRR_NEW(200, MetricUnit.MONEY, MetricSection.REVENUE,
			"Month-end MRR of new customers (first month with MRR > 0)"),
	MRR_REACTIVATION(210, MetricUnit.MONEY, MetricSection.REVENUE,
			"Month-end MRR of customers with none last month and some before"),
	MRR_EXPANSION(220, MetricUnit.MONEY, MetricSection.REVENUE,
			"Sum of MRR increases of customers active both months, at last month's exchange rates"),
	MRR_CONTRACTION(230, MetricUnit.MONEY, MetricSection.REVENUE,
			"Sum of MRR decreases (as a positive amount) of customers active both months, at last month's exchange rates"),
	MRR_CHURNED(240, MetricUnit.MONEY, MetricSection.REVENUE,
			"Last month's MRR of churned customers (positive amount)"),
	MRR_FX(250, MetricUnit.MONEY, MetricSection.REVENUE,
			"Change of retained customers' MRR caused by exchange rates alone (signed); never expansion or contraction. mrr_start + mrr_new + mrr_reactivation + mrr_expansion - mrr_contraction - mrr_churned + mrr_fx = mrr_end"),
	GROSS_MRR_CHURN_RATE(260, MetricUnit.RATE, MetricSection.REVENUE,
			"(mrr_churned + mrr_contraction) / mrr_start"),
	NET_MRR_CHURN_RATE(270, MetricUnit.RATE, MetricSection.REVENUE,
			"(mrr_churned + mrr_contraction - mrr_expansion - mrr_reactivation) / mrr_start; negative = negative churn"),
	GRR(280, MetricUnit.RATE, MetricSection.REVENUE,
			"(mrr_start - mrr_contraction - mrr_churned) / mrr_start"),
	NRR(290, MetricUnit.RATE, MetricSection.REVENUE,
			"(mrr_start + mrr_expansion - mrr_contraction - mrr_churned) / mrr_start"),
	QUICK_RATIO(300, MetricUnit.RATE, MetricSection.REVENUE,
			"(mrr_new + mrr_expansion) / (mrr_contraction + mrr_churned); empty when nothing was lost"),
	ARPU(310, MetricUnit.MONEY, MetricSection.REVENUE,
			"Average MRR per customer: mrr_end / customers_end"),
	AVG_LIFETIME_MONTHS(320, MetricUnit.COUNT, 2, MetricSection.REVENUE,
			"Estimate: 1 / churn_rate, in months, assuming this month's churn rate persists; empty when the churn rate is 0 or undefined"),
	LTV(330, MetricUnit.MONEY, MetricSection.REVENUE,
			"Estimate: arpu * gross margin (churn.gross-margin) / churn_rate, i.e. arpu * gross margin * average lifetime; empty when the churn rate is 0 or undefined"),

	// ---- churn causes
	CHURNED_VOLUNTARY(500, MetricUnit.COUNT, MetricSection.CHURN_CAUSES,
			"Churned customers whose paid service did not end for non-payment (including those with no recorded end cause)"),
	MRR_CHURNED_VOLUNTARY(520, MetricUnit.MONEY, MetricSection.CHURN_CAUSES,
			"Sum of MRR at the end of the previous month of the voluntary churners"),
	CHURNED_TO_COMPETITORS(590, MetricUnit.COUNT, MetricSection.CHURN_CAUSES,
			"Churned customers for whom the CRM names a competitor"),

	// ---- early and involuntary
	CHURNED_EARLY(540, MetricUnit.COUNT, MetricSection.EARLY_AND_INVOLUNTARY,
			"Churned customers whose paid tenure was shorter than churn.early-churn-days days"),
	MRR_CHURNED_EARLY(550, MetricUnit.MONEY, MetricSection.EARLY_AND_INVOLUNTARY,
			"Sum of MRR at the end of the previous month of the early churners"),
	EARLY_CHURN_SHARE(560, MetricUnit.RATE, MetricSection.EARLY_AND_INVOLUNTARY,
			"churned_early / customers_churned"),
	CHURNED_INVOLUNTARY(510, MetricUnit.COUNT, MetricSection.EARLY_AND_INVOLUNTARY,
			"Churned customers whose subscription ended for non-payment (end_cause = nonpayment)"),
	MRR_CHURNED_INVOLUNTARY(530, MetricUnit.MONEY, MetricSection.EARLY_AND_INVOLUNTARY,
			"Sum of MRR at the end of the previous month of the involuntary churners"),
	CHURNED_SAME_MONTH(570, MetricUnit.COUNT, MetricSection.EARLY_AND_INVOLUNTARY,
			"Customers whose first paid period started this month and who had no MRR at the end of it; not in the churn rate"),
	MRR_CHURNED_SAME_MONTH(580, MetricUnit.MONEY, MetricSection.EARLY_AND_INVOLUNTARY,
			"Monthly value of the paid periods the same-month churners started this month"),

	// ---- hidden churn
	HIDDEN_CHURN_CUSTOMERS(700, MetricUnit.COUNT, MetricSection.HIDDEN_CHURN,
			"Customers with MRR > 0 at month end and no paid invoice for at least N days, or an invoice unpaid for at least N days; null when billing holds no invoice"),
	HIDDEN_CHURN_MRR(710, MetricUnit.MONEY, MetricSection.HIDDEN_CHURN,
			"Sum of the month-end MRR of the hidden churn customers; null when billing holds no invoice"),
	HIDDEN_CHURN_CONFIRMED(720, MetricUnit.COUNT, MetricSection.HIDDEN_CHURN,
			"Customers flagged as hidden churn last month with no MRR at the end of this month; null when last month was not computed or judged"),
	HIDDEN_CHURN_CONFIRMED_RATE(730, MetricUnit.RATE, MetricSection.HIDDEN_CHURN,
			"hidden_churn_confirmed / customers flagged as hidden churn last month; null when none were flagged or last month was not computed or judged"),

	// ---- retention desk
	CANCELLATION_REQUESTS(740, MetricUnit.COUNT, MetricSection.RETENTION_DESK,
			"CRM cancellation requests made in the month"),
	SAVED(750, MetricUnit.COUNT, MetricSection.RETENTION_DESK,
			"Cancellation requests of the month with outcome saved"),
	LOST_AT_DESK(760, MetricUnit.COUNT, MetricSection.RETENTION_DESK,
			"Cancellation requests of the month with outcome churned"),
	SAVE_RATE(770, MetricUnit.RATE, MetricSection.RETENTION_DESK,
			"saved / cancellation_requests; null without requests"),
	SAVED_THEN_CHURNED_90D(780, MetricUnit.COUNT, MetricSection.RETENTION_DESK,
			"Customers churned this month less than 90 days after their latest save by the retention desk"),

	// ---- plan
	TARGET_CHURN_RATE(900, MetricUnit.RATE, MetricSection.PLAN,
			"Monthly churn rate target from targets.yml (the month's override if any); empty without a target"),
	CHURN_RATE_VARIANCE(910, MetricUnit.RATE, MetricSection.PLAN,
			"churn_rate - target_churn_rate (positive = worse than plan)"),
	MANAGED_CHURN_RATE(920, MetricUnit.RATE, MetricSection.PLAN,
			"churned_managed / customers_start"),
	TARGET_MANAGED_CHURN_RATE(930, MetricUnit.RATE, MetricSection.PLAN,
			"Monthly managed churn rate target from targets.yml; empty without a target"),
	MANAGED_CHURN_RATE_VARIANCE(940, MetricUnit.RATE, MetricSection.PLAN,
			"managed_churn_rate - target_managed_churn_rate (positive = worse than plan)"),
	CHURN_RATE_TRAILING_3M_AVG(950, MetricUnit.RATE, MetricSection.PLAN,
			"Average churn_rate of the previous three months in the mart (those run, with a rate)"),
	ALERTS_RAISED(960, MetricUnit.COUNT, MetricSection.PLAN,
			"Number of rows in alerts.csv: above target, churn rate move, category thresholds"),

	// ---- customers at risk
	AT_RISK_RED_CUSTOMERS(1000, MetricUnit.COUNT, MetricSection.AT_RISK,
			"Customers with MRR > 0 at month end whose churn-risk score is at least churn.risk.red; empty when the model was skipped"),
	AT_RISK_RED_MRR(1010, MetricUnit.MONEY, MetricSection.AT_RISK,
			"Sum of the month-end MRR of the red customers; empty when the model was skipped"),
	AT_RISK_YELLOW_CUSTOMERS(1020, MetricUnit.COUNT, MetricSection.AT_RISK,
			"Customers whose churn-risk score is at least churn.risk.yellow and below churn.risk.red; empty when the model was skipped"),
	AT_RISK_YELLOW_MRR(1030, MetricUnit.MONEY, MetricSection.AT_RISK,
			"Sum of the month-end MRR of the yellow customers; empty when the model was skipped"),
	RISK_LIST_AUC(1040, MetricUnit.RATE, MetricSection.AT_RISK,
			"AUC of last month's churn-risk scores against who churned this month; empty without last month's list or without churners"),
	RISK_TENURE_RULE_AUC(1050, MetricUnit.RATE, MetricSection.AT_RISK,
			"AUC of the rule 'shorter tenure, likelier to leave' on the same customers; empty when risk_list_auc is");


	private final int displayOrder;

	private final MetricUnit unit;

	private final int scale;

	private final MetricSection section;

	private final String definition;

	Metric(int displayOrder, MetricUnit unit, MetricSection section, String definition) {
		this(displayOrder, unit, unit.scale(), section, definition);
	}

	Metric(int displayOrder, MetricUnit unit, int scale, MetricSection section, String definition) {
		this.displayOrder = displayOrder;
		this.unit = unit;
		this.scale = scale;
		this.section = section;
		this.definition = definition;
	}

	/** The name stored in mart.monthly_metric and written in summary.csv, e.g. {@code customers_start}. */
	public String metricName() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The key of the metric's label in the label bundles, e.g. {@code metric.customers_start}. */
	public String labelKey() {
		return "metric." + metricName();
	}

	public int displayOrder() {
		return displayOrder;
	}

	public MetricUnit unit() {
		return unit;
	}

	/** Decimals of the stored value: money 2, rates 6, counts 0 (the estimated lifetime 2). */
	public int scale() {
		return scale;
	}

	public MetricSection section() {
		return section;
	}

	/** One line saying what the metric is, as mart.metric_definition describes it. */
	public String definition() {
		return definition;
	}

	/** The metric stored under this name, if the catalogue declares one. */
	public static Optional<Metric> named(String metricName) {
		return Arrays.stream(values()).filter(metric -> metric.metricName().equals(metricName)).findFirst();
	}

	/**
	 * The names of a section's metrics, comma-separated in the order the section lists them: what
	 * a report table that lists its section's metrics asks the mart for.
	 */
	public static String namesIn(MetricSection section) {
		return String.join(",", in(section).stream().map(Metric::metricName).toList());
	}

	/** The metrics of a section, in the order the section lists them. */
	public static List<Metric> in(MetricSection section) {
		return Arrays.stream(values()).filter(metric -> metric.section == section).toList();
	}

}
