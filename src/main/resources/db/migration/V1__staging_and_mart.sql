-- Reporting database of churn-report: staging (what a run extracted from the sources) and the
-- mart (the monthly results that reports and CSVs are made from). The Spring Batch job repository
-- lives in the public schema. Every table is keyed by the month of the run, so a month can be
-- recomputed without touching the others. docs/mart.md documents each column.

CREATE SCHEMA staging;
CREATE SCHEMA mart;

-- ---------------------------------------------------------------- staging: canonical source rows
CREATE TABLE staging.customer (
    run_month    date        NOT NULL,
    customer_id  text        NOT NULL,
    created_at   timestamptz,
    segment      text,
    region       text
);
CREATE INDEX customer_run_month_idx ON staging.customer (run_month, customer_id);

CREATE TABLE staging.subscription_period (
    run_month        date          NOT NULL,
    subscription_id  text          NOT NULL,
    customer_id      text          NOT NULL,
    plan_code        text,
    valid_from       timestamptz   NOT NULL,
    valid_to         timestamptz,
    amount           numeric(19,4) NOT NULL,
    interval_months  integer       NOT NULL,
    currency         text,
    is_trial         boolean       NOT NULL,
    end_cause        text
);
CREATE INDEX subscription_period_run_month_idx ON staging.subscription_period (run_month, customer_id);

CREATE TABLE staging.invoice (
    run_month    date          NOT NULL,
    invoice_id   text          NOT NULL,
    customer_id  text          NOT NULL,
    issued_at    timestamptz   NOT NULL,
    amount       numeric(19,4) NOT NULL,
    currency     text,
    paid_at      timestamptz
);
CREATE INDEX invoice_run_month_idx ON staging.invoice (run_month, customer_id);

CREATE TABLE staging.cancellation (
    run_month     date        NOT NULL,
    customer_id   text        NOT NULL,
    requested_at  timestamptz NOT NULL,
    effective_at  timestamptz,
    reason_code   text,
    reason_text   text,
    competitor    text,
    outcome       text        NOT NULL
);
CREATE INDEX cancellation_run_month_idx ON staging.cancellation (run_month, customer_id);

-- Month-end MRR of every customer with MRR > 0, for every month up to the run month
-- (a customer absent for a month had no MRR at its end).
CREATE TABLE staging.customer_month_mrr (
    run_month    date          NOT NULL,
    customer_id  text          NOT NULL,
    month        date          NOT NULL,
    mrr          numeric(19,2) NOT NULL,
    PRIMARY KEY (run_month, customer_id, month)
);

-- ---------------------------------------------------------------- mart: monthly results
CREATE TABLE mart.month_run (
    month             date        PRIMARY KEY,
    job_execution_id  bigint      NOT NULL,
    started_at        timestamptz NOT NULL,
    time_zone         text        NOT NULL,
    currency          text        NOT NULL,
    classifier_sha256 text        NOT NULL
);

-- What each metric in mart.monthly_metric means and how reports show it.
CREATE TABLE mart.metric_definition (
    metric         text    PRIMARY KEY,
    label          text    NOT NULL,
    unit           text    NOT NULL CHECK (unit IN ('count', 'money', 'rate')),
    display_order  integer NOT NULL,
    description    text    NOT NULL
);

CREATE TABLE mart.monthly_metric (
    month   date    NOT NULL,
    metric  text    NOT NULL REFERENCES mart.metric_definition (metric),
    value   numeric,
    PRIMARY KEY (month, metric)
);

CREATE TABLE mart.churned_customer (
    month         date          NOT NULL,
    customer_id   text          NOT NULL,
    mrr_lost      numeric(19,2) NOT NULL,
    reason_class  text          NOT NULL CHECK (reason_class IN ('managed', 'unmanaged', 'unclassified', 'no_reason')),
    category      text,
    reason_code   text,
    reason_label  text,
    competitor    text,
    end_cause     text,
    PRIMARY KEY (month, customer_id)
);

CREATE TABLE mart.churn_by_reason (
    month         date          NOT NULL,
    reason_class  text          NOT NULL,
    category      text,
    reason_code   text,
    reason_label  text,
    customers     integer       NOT NULL,
    mrr_lost      numeric(19,2) NOT NULL
);
CREATE INDEX churn_by_reason_month_idx ON mart.churn_by_reason (month);

CREATE TABLE mart.cohort_retention (
    month             date         NOT NULL,
    cohort_month      date         NOT NULL,
    months_since      integer      NOT NULL,
    customers_active  integer      NOT NULL,
    cohort_size       integer      NOT NULL,
    retention_rate    numeric(9,6) NOT NULL,
    PRIMARY KEY (month, cohort_month, months_since)
);

INSERT INTO mart.metric_definition (metric, label, unit, display_order, description) VALUES
 ('customers_start',       'Customers at start',          'count', 10,  'Customers with MRR > 0 at the end of the previous month'),
 ('customers_new',         'New customers',               'count', 20,  'Customers whose first month with MRR > 0 is this month'),
 ('customers_reactivated', 'Reactivated customers',       'count', 30,  'Customers with MRR > 0 now, none last month, and some before'),
 ('customers_churned',     'Churned customers',           'count', 40,  'Customers with MRR > 0 last month and none at the end of this month'),
 ('customers_end',         'Customers at end',            'count', 50,  'Customers with MRR > 0 at the end of this month'),
 ('churn_rate',            'Customer churn rate',         'rate',  60,  'customers_churned / customers_start'),
 ('mrr_start',             'MRR at start',                'money', 70,  'Sum of month-end MRR of the previous month'),
 ('mrr_end',               'MRR at end',                  'money', 80,  'Sum of month-end MRR of this month'),
 ('churned_managed',       'Churned: managed reasons',    'count', 90,  'Churned customers whose reason is classified managed'),
 ('churned_unmanaged',     'Churned: unmanaged reasons',  'count', 100, 'Churned customers whose reason is classified unmanaged'),
 ('churned_unclassified',  'Churned: unclassified reason','count', 110, 'Churned customers whose CRM reason code is not in churn-reasons.yml'),
 ('churned_no_reason',     'Churned: no reason recorded', 'count', 120, 'Churned customers with no matching CRM cancellation');
