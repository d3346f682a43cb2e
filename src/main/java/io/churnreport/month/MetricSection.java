package io.churnreport.month;

import java.util.Locale;

/**
 * Where a metric is reported. The sections whose tables list their metrics from the catalogue
 * (a metric declared in them gets its line without a change to the template) say so.
 */
public enum MetricSection {

	/** The customer bridge and MRR at both ends: the summary page's tiles and both reports' headlines. */
	SUMMARY,

	/** Churned customers by reason class: managed, unmanaged, unclassified, no reason. */
	REASON_CLASSES,

	/** MRR movements, revenue churn, retention and unit economics: the finance report. */
	REVENUE,

	/** Voluntary churn and departures to competitors: churn-by-cause.csv and the competitors table. */
	CHURN_CAUSES,

	/** The management report's "Early and involuntary churn" table, which lists its metrics from here. */
	EARLY_AND_INVOLUNTARY,

	/** Customers who stopped paying without cancelling: the hidden churn section. */
	HIDDEN_CHURN,

	/** The management report's "Retention desk" table, which lists its metrics from here. */
	RETENTION_DESK,

	/** The month against the churn plan: targets, variances and alerts. */
	PLAN,

	/** Customers at risk of churning next month, and how last month's list did. */
	AT_RISK;

	/** The section's name in templates, e.g. {@code retention_desk}. */
	public String code() {
		return name().toLowerCase(Locale.ROOT);
	}

}
