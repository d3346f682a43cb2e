/**
 * Monitoring: after each month run, its metrics (the job's and its steps' status, durations and
 * rows, each source's extracted and quarantined rows, and the month's churn rate, MRR and
 * customers) as an OpenMetrics text file for node_exporter's textfile collector, at
 * {@code churn.monitoring.textfile}. The alert rules that read it are in
 * {@code config/deploy/prometheus-alerts.yml}.
 */
package io.churnreport.monitoring;
