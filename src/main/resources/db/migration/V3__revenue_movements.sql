-- Revenue (MRR) movements: every customer active at the end of the previous month or of this one,
-- classified once per customer-month, so that the month's MRR bridge can be audited customer by
-- customer; the revenue metrics and rates derived from it; and revenue retention of the cohorts.
-- docs/metrics/revenue.md gives each formula with a worked example.

-- One row per customer with MRR > 0 at the end of M-1 or of M. Each row ties on its own:
-- mrr_previous + amount + fx_effect = mrr_current, so the rows of a month sum to the MRR bridge.
-- amount is signed (negative for contraction and churn) and measured at the previous month's
-- exchange rates; fx_effect is what the change of rates did to a retained customer's MRR. New and
-- reactivated customers enter at this month's rates and churned ones leave at last month's, as
-- they are counted in mrr_end and mrr_start, so their fx_effect is 0.
CREATE TABLE mart.mrr_movement (
    month                          date          NOT NULL,
    customer_id                    text          NOT NULL,
    movement                       text          NOT NULL
        CHECK (movement IN ('new', 'reactivation', 'expansion', 'contraction', 'churn', 'unchanged')),
    mrr_previous                   numeric(19,2) NOT NULL,
    mrr_current_at_previous_rates  numeric(19,2),
    mrr_current                    numeric(19,2) NOT NULL,
    amount                         numeric(19,2) NOT NULL,
    fx_effect                      numeric(19,2) NOT NULL,
    PRIMARY KEY (month, customer_id),
    CHECK (mrr_previous + amount + fx_effect = mrr_current)
);

COMMENT ON COLUMN mart.mrr_movement.mrr_previous IS 'month-end MRR of M-1 (at the rates of M-1); 0 when none';
COMMENT ON COLUMN mart.mrr_movement.mrr_current_at_previous_rates IS
    'month-end MRR of M at the rates of M-1; null when the customer has no MRR at the end of M';
COMMENT ON COLUMN mart.mrr_movement.mrr_current IS 'month-end MRR of M (at the rates of M); 0 when none';
COMMENT ON COLUMN mart.mrr_movement.amount IS
    'signed movement: +mrr_current for new and reactivation, -mrr_previous for churn, '
    'mrr_current_at_previous_rates - mrr_previous for expansion, contraction and unchanged';
COMMENT ON COLUMN mart.mrr_movement.fx_effect IS
    'mrr_current - mrr_current_at_previous_rates for customers active at the end of M-1 and M; else 0';

-- Revenue retention beside logo retention. Null on rows computed before this migration.
ALTER TABLE mart.cohort_retention
    ADD COLUMN cohort_mrr              numeric(19,2),
    ADD COLUMN mrr_active              numeric(19,2),
    ADD COLUMN revenue_retention_rate  numeric(12,6);

COMMENT ON COLUMN mart.cohort_retention.cohort_mrr IS 'the cohort''s MRR at the end of its first month';
COMMENT ON COLUMN mart.cohort_retention.mrr_active IS 'the cohort''s MRR at the end of month cohort_month + months_since';
COMMENT ON COLUMN mart.cohort_retention.revenue_retention_rate IS 'mrr_active / cohort_mrr (above 1 when expansion outweighs losses)';

INSERT INTO mart.metric_definition (metric, label, unit, display_order, description) VALUES
 ('mrr_new',              'New MRR',                          'money', 200, 'Month-end MRR of new customers (first month with MRR > 0)'),
 ('mrr_reactivation',     'Reactivation MRR',                 'money', 210, 'Month-end MRR of customers with none last month and some before'),
 ('mrr_expansion',        'Expansion MRR',                    'money', 220, 'Sum of MRR increases of customers active both months, at last month''s exchange rates'),
 ('mrr_contraction',      'Contraction MRR',                  'money', 230, 'Sum of MRR decreases (as a positive amount) of customers active both months, at last month''s exchange rates'),
 ('mrr_churned',          'Churned MRR',                      'money', 240, 'Last month''s MRR of churned customers (positive amount)'),
 ('mrr_fx',               'FX effect on MRR',                 'money', 250, 'Change of retained customers'' MRR caused by exchange rates alone (signed); never expansion or contraction. mrr_start + mrr_new + mrr_reactivation + mrr_expansion - mrr_contraction - mrr_churned + mrr_fx = mrr_end'),
 ('gross_mrr_churn_rate', 'Gross MRR churn rate',             'rate',  260, '(mrr_churned + mrr_contraction) / mrr_start'),
 ('net_mrr_churn_rate',   'Net MRR churn rate',               'rate',  270, '(mrr_churned + mrr_contraction - mrr_expansion - mrr_reactivation) / mrr_start; negative = negative churn'),
 ('grr',                  'Gross revenue retention (GRR)',    'rate',  280, '(mrr_start - mrr_contraction - mrr_churned) / mrr_start'),
 ('nrr',                  'Net revenue retention (NRR)',      'rate',  290, '(mrr_start + mrr_expansion - mrr_contraction - mrr_churned) / mrr_start'),
 ('quick_ratio',          'Quick ratio',                      'rate',  300, '(mrr_new + mrr_expansion) / (mrr_contraction + mrr_churned); empty when nothing was lost'),
 ('arpu',                 'ARPU',                             'money', 310, 'Average MRR per customer: mrr_end / customers_end'),
 ('avg_lifetime_months',  'Average lifetime, months (estimate)', 'count', 320, 'Estimate: 1 / churn_rate, in months, assuming this month''s churn rate persists; empty when the churn rate is 0 or undefined'),
 ('ltv',                  'Customer lifetime value (estimate)',  'money', 330, 'Estimate: arpu * gross margin (churn.gross-margin) / churn_rate, i.e. arpu * gross margin * average lifetime; empty when the churn rate is 0 or undefined');
