/**
 * Customers at risk: a churn-risk score for every customer active at the month's end, learned
 * each month from the company's own history (a logistic regression on a few features the job
 * already holds), explained by the factors that raise it, banded green, yellow and red, and
 * checked against who actually churned the month after. docs/metrics.md (Customers at risk) says how.
 */
package io.churnreport.risk;
