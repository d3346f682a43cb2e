/**
 * Monitoring: after each month run, its metrics (the job's and its steps' status, durations and
 * rows, each source's extracted and quarantined rows, the month's churn rate, MRR and customers,
 * and what the delivery of its reports came to) as an OpenMetrics text file for node_exporter's
 * textfile collector, at {@code churn.monitoring.textfile}; {@code deliver} writes it anew when it
 * resends the month the file tells of. The alert rules that read it are in
 * {@code config/deploy/prometheus-alerts.yml}.
 */
package io.churnreport.monitoring;
