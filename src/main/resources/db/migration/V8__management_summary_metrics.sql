-- The metrics the management report's summary table shows; every metric is in summary.csv.
ALTER TABLE mart.metric_definition ADD COLUMN management_summary boolean NOT NULL DEFAULT false;

UPDATE mart.metric_definition SET management_summary = true
WHERE metric IN ('customers_start', 'customers_new', 'customers_reactivated', 'customers_churned', 'customers_end',
                 'churn_rate', 'target_churn_rate', 'managed_churn_rate', 'mrr_start', 'mrr_end',
                 'net_mrr_churn_rate', 'nrr', 'churned_managed', 'churned_unmanaged', 'churned_unclassified',
                 'churned_no_reason', 'hidden_churn_customers', 'hidden_churn_mrr');
