/**
 * Breakdowns of the month's churn: voluntary vs involuntary (non-payment), early churn by
 * tenure, customers who joined and left within the month (kept out of the churn rate),
 * departures to competitors (monthly and trailing 12 months) and churn by segment, region and
 * plan. Each is a {@link io.churnreport.month.MonthCalculation} that reads the run's staging
 * tables and {@code mart.churned_customer}, so it runs after the churn classification.
 */
package io.churnreport.breakdown;

import io.churnreport.month.MonthCalculation;

