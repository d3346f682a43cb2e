-- Month close and restatements. A month's results are a version: the first run is version 1, and
-- each forced rerun (`rerun --force --reason`) computes the next one. The mart always holds the
-- current version of each month; the versions it replaced stay readable in mart_history.
ALTER TABLE mart.month_run ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE mart.month_run ADD COLUMN requested_by text;
ALTER TABLE mart.month_run ADD COLUMN restatement_reason text;

-- The month's churned customers as classified by the run, before they are published to the mart
-- together with every other result of the month, in one transaction.
CREATE TABLE staging.churned_customer (LIKE mart.churned_customer INCLUDING ALL);
ALTER TABLE staging.churned_customer RENAME COLUMN month TO run_month;

CREATE SCHEMA mart_history;

CREATE TABLE mart_history.month_run (LIKE mart.month_run);
ALTER TABLE mart_history.month_run ADD PRIMARY KEY (month, version);

CREATE TABLE mart_history.monthly_metric (
    month    date    NOT NULL,
    version  integer NOT NULL,
    metric   text    NOT NULL,
    value    numeric,
    PRIMARY KEY (month, version, metric)
);

CREATE TABLE mart_history.churn_by_reason (LIKE mart.churn_by_reason);
ALTER TABLE mart_history.churn_by_reason ADD COLUMN version integer NOT NULL;
