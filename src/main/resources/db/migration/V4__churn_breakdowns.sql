-- Churn breakdowns (package io.churnreport.breakdown): voluntary vs involuntary, early and
-- same-month churn, departures to competitors, and churn by segment, region and plan.
-- docs/metrics/breakdowns.md gives each formula with a worked example.

-- Churned customers and the MRR they took, by the competitor the CRM says they left for. The
-- trailing columns sum the months M-11..M of mart.churned_customer as the mart held them when M
-- was computed: a month that was never run adds nothing.
CREATE TABLE mart.churn_by_competitor (
    month          date          NOT NULL,
    competitor     text          NOT NULL,
    customers      integer       NOT NULL,
    mrr_lost       numeric(19,2) NOT NULL,
    customers_12m  integer       NOT NULL,
    mrr_lost_12m   numeric(19,2) NOT NULL,
    PRIMARY KEY (month, competitor)
);

-- Customers at the start of the month and the month's churn, split by one dimension at a time
-- ('segment', 'region' or 'plan'). A missing value is stored as '(none)' so that every customer
-- falls in exactly one row per dimension and the rows of a dimension sum to the month's totals.
CREATE TABLE mart.churn_by_segment (
    month                 date          NOT NULL,
    dimension             text          NOT NULL CHECK (dimension IN ('segment', 'region', 'plan')),
    value                 text          NOT NULL,
    customers_start       integer       NOT NULL,
    customers_churned     integer       NOT NULL,
    churn_rate            numeric(9,6),
    mrr_start             numeric(19,2) NOT NULL,
    mrr_churned           numeric(19,2) NOT NULL,
    churned_managed       integer       NOT NULL,
    churned_unmanaged     integer       NOT NULL,
    churned_unclassified  integer       NOT NULL,
    churned_no_reason     integer       NOT NULL,
    PRIMARY KEY (month, dimension, value)
);

INSERT INTO mart.metric_definition (metric, label, unit, display_order, description) VALUES
 ('churned_voluntary',       'Churned: voluntary',                 'count', 500, 'Churned customers whose paid service did not end for non-payment (including those with no recorded end cause)'),
 ('churned_involuntary',     'Churned: involuntary (non-payment)', 'count', 510, 'Churned customers whose subscription ended for non-payment (end_cause = nonpayment)'),
 ('mrr_churned_voluntary',   'MRR churned: voluntary',             'money', 520, 'Sum of MRR at the end of the previous month of the voluntary churners'),
 ('mrr_churned_involuntary', 'MRR churned: involuntary',           'money', 530, 'Sum of MRR at the end of the previous month of the involuntary churners'),
 ('churned_early',           'Churned early',                      'count', 540, 'Churned customers whose paid tenure was shorter than churn.early-churn-days days'),
 ('mrr_churned_early',       'MRR churned early',                  'money', 550, 'Sum of MRR at the end of the previous month of the early churners'),
 ('early_churn_share',       'Early churn share',                  'rate',  560, 'churned_early / customers_churned'),
 ('churned_same_month',      'Joined and left within the month',   'count', 570, 'Customers whose first paid period started this month and who had no MRR at the end of it; not in the churn rate'),
 ('mrr_churned_same_month',  'MRR of same-month churners',         'money', 580, 'Monthly value of the paid periods the same-month churners started this month'),
 ('churned_to_competitors',  'Churned to competitors',             'count', 590, 'Churned customers for whom the CRM names a competitor');
