-- Hidden churn (customers still billed who stopped paying) and the retention desk (cancellation
-- requests, saves, and saved customers who churned soon after). docs/metrics/retention.md gives
-- the formulas with worked examples.

-- Customers with MRR > 0 at the end of the month who paid nothing for N days or leave an invoice
-- unpaid for N days (N = churn.hidden-churn-days). Days are whole days up to the first instant of
-- the next month, on the reporting time zone's clock.
CREATE TABLE mart.hidden_churn_customer (
    month                    date          NOT NULL,
    customer_id              text          NOT NULL,
    mrr                      numeric(19,2) NOT NULL,
    last_paid_at             timestamptz,
    oldest_unpaid_issued_at  timestamptz,
    days_since_last_payment  integer,
    days_overdue             integer,
    reason                   text          NOT NULL CHECK (reason IN ('no_payment', 'overdue', 'both')),
    PRIMARY KEY (month, customer_id)
);

-- Cancellation requests of the month by reason; reason_code '(none)' gathers requests without one.
CREATE TABLE mart.retention_desk_by_reason (
    month         date         NOT NULL,
    reason_code   text         NOT NULL,
    reason_label  text         NOT NULL,
    requests      integer      NOT NULL,
    saved         integer      NOT NULL,
    lost          integer      NOT NULL,
    save_rate     numeric(9,6),
    PRIMARY KEY (month, reason_code)
);

-- Customers churned in the month less than 90 days after the retention desk saved them: the
-- customer-level detail behind saved_then_churned_90d.
CREATE TABLE mart.saved_then_churned_customer (
    month         date          NOT NULL,
    customer_id   text          NOT NULL,
    saved_at      timestamptz   NOT NULL,
    churned_at    timestamptz   NOT NULL,
    days_to_churn integer       NOT NULL,
    mrr_lost      numeric(19,2) NOT NULL,
    PRIMARY KEY (month, customer_id)
);

INSERT INTO mart.metric_definition (metric, label, unit, display_order, description) VALUES
 ('hidden_churn_customers',      'Hidden churn: customers',             'count', 700,
  'Customers with MRR > 0 at month end and no paid invoice for at least N days, or an invoice unpaid for at least N days'),
 ('hidden_churn_mrr',            'Hidden churn: MRR at risk',           'money', 710,
  'Sum of the month-end MRR of the hidden churn customers'),
 ('hidden_churn_confirmed',      'Hidden churn confirmed',              'count', 720,
  'Customers flagged as hidden churn last month with no MRR at the end of this month; null when last month was not computed'),
 ('hidden_churn_confirmed_rate', 'Hidden churn confirmation rate',      'rate',  730,
  'hidden_churn_confirmed / customers flagged as hidden churn last month; null when none were flagged or last month was not computed'),
 ('cancellation_requests',       'Cancellation requests',               'count', 740,
  'CRM cancellation requests made in the month'),
 ('saved',                       'Saved by the retention desk',         'count', 750,
  'Cancellation requests of the month with outcome saved'),
 ('lost_at_desk',                'Lost at the retention desk',          'count', 760,
  'Cancellation requests of the month with outcome churned'),
 ('save_rate',                   'Save rate',                           'rate',  770,
  'saved / cancellation_requests; null without requests'),
 ('saved_then_churned_90d',      'Saved, then churned within 90 days',  'count', 780,
  'Customers churned this month less than 90 days after their latest save by the retention desk');
