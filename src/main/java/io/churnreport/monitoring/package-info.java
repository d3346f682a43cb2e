/**
 * Monitoring: after each month run, its metrics (the job's and its steps' status, durations and
 * rows, each source's extracted and quarantined rows, the month's churn rate, MRR and customers,
 * and what the delivery of its reports came to) as an OpenMetrics text file for node_exporter's
 * textfile collector, at {@code churn.monitoring.textfile}, and pushed to a Prometheus Pushgateway
 * at {@code churn.monitoring.pushgateway.url}, one group per month; {@code deliver} writes and
 * pushes them anew when it resends a month. The alert rules that read it are in
 * {@code config/deploy/prometheus-alerts.yml}.
 */
package io.churnreport.monitoring;
