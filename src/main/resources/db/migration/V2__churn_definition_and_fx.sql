-- The churn definition a month was computed with, and month-end MRR at the previous month's
-- exchange rates, which separates the effect of rate changes from expansion and contraction.
ALTER TABLE mart.month_run ADD COLUMN churn_definition text NOT NULL DEFAULT 'subscription'
    CHECK (churn_definition IN ('subscription', 'activity'));

ALTER TABLE staging.customer_month_mrr ADD COLUMN mrr_at_previous_rates numeric(19,2);
UPDATE staging.customer_month_mrr SET mrr_at_previous_rates = mrr;
ALTER TABLE staging.customer_month_mrr ALTER COLUMN mrr_at_previous_rates SET NOT NULL;

COMMENT ON COLUMN staging.customer_month_mrr.mrr IS
    'month-end MRR in the reporting currency, converted at the month-end rates of this month';
COMMENT ON COLUMN staging.customer_month_mrr.mrr_at_previous_rates IS
    'the same MRR converted at the month-end rates of the previous month (equal to mrr in one currency)';
