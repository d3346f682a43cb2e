/**
 * The churn plan: the targets and thresholds an operator keeps in {@code targets.yml}, each
 * month's actuals against them (variance), the alerts they raise ({@code alerts.csv}) and the
 * 12-month trend of the key metrics ({@code trend.csv}).
 */
package io.churnreport.plan;
