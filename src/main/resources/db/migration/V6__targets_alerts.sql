-- The churn plan: each month's actuals against the targets of config/targets.yml, the alerts the
-- comparison raised, and how each reason category stood against its threshold. Rows are keyed by
-- month and replaced when the month is computed again.

-- One row per alert of the month; alerts.csv lists them. actual and threshold are fractions
-- (rates), compared as described in docs/metrics/plan.md.
CREATE TABLE mart.alert (
    month       date    NOT NULL,
    alert_type  text    NOT NULL CHECK (alert_type IN ('above_target', 'churn_rate_move', 'category_threshold')),
    subject     text    NOT NULL,
    actual      numeric NOT NULL,
    threshold   numeric NOT NULL,
    message     text    NOT NULL,
    PRIMARY KEY (month, alert_type, subject)
);

-- Every reason category that either churned customers this month or has a threshold in
-- targets.yml: its churned customers, its contribution to the churn rate
-- (customers / customers_start) and the threshold; exceeded is null without a threshold or
-- without customers at the start of the month.
CREATE TABLE mart.category_threshold (
    month                    date         NOT NULL,
    category                 text         NOT NULL,
    customers                integer      NOT NULL,
    customers_start          integer,
    churn_rate_contribution  numeric(9,6),
    threshold                numeric(9,6),
    exceeded                 boolean,
    PRIMARY KEY (month, category)
);

INSERT INTO mart.metric_definition (metric, label, unit, display_order, description) VALUES
 ('target_churn_rate',           'Target churn rate',                 'rate',  900, 'Monthly churn rate target from targets.yml (the month''s override if any); empty without a target'),
 ('churn_rate_variance',         'Churn rate vs target',              'rate',  910, 'churn_rate - target_churn_rate (positive = worse than plan)'),
 ('managed_churn_rate',          'Managed churn rate',                'rate',  920, 'churned_managed / customers_start'),
 ('target_managed_churn_rate',   'Target managed churn rate',         'rate',  930, 'Monthly managed churn rate target from targets.yml; empty without a target'),
 ('managed_churn_rate_variance', 'Managed churn rate vs target',      'rate',  940, 'managed_churn_rate - target_managed_churn_rate (positive = worse than plan)'),
 ('churn_rate_trailing_3m_avg',  'Churn rate, average of previous 3 months', 'rate', 950, 'Average churn_rate of the previous three months in the mart (those run, with a rate)'),
 ('alerts_raised',               'Alerts raised',                     'count', 960, 'Number of rows in alerts.csv: above target, churn rate move, category thresholds');
