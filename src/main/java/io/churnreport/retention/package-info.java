/**
 * Hidden churn and the retention desk: customers still billed who stopped paying, cancellation
 * requests and how many the retention desk saved, and saved customers who churned soon after.
 * docs/metrics.md gives every formula with a worked example.
 */
package io.churnreport.retention;
