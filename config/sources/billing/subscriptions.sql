-- subscriptions: billing.subscription + billing.subscription_price_period + billing.plan of the
-- demo's reference billing schema, one row per priced period.
-- A trial (started_at until trial_ends_at, or until the subscription ended if sooner) is an is_trial
-- period priced 0 on the signup plan. A price period lasts until the next one of the same
-- subscription, the last one until the subscription ended (open while it runs). The billing end
-- reason goes on the last period only: payment_failure is involuntary, everything else was the
-- customer's choice (an expired trial included). Only the subscriptions changed since
-- :changed_since (their updated_at, which a price change moves too), with every period of each:
-- churn-report keeps the rest from earlier extracts and reads everything when its checks find a
-- change this misses.
WITH changed AS (
    SELECT subscription_id FROM billing.subscription
    WHERE updated_at >= CAST(:changed_since AS timestamptz)
),
price_period AS (
    SELECT pp.subscription_id,
           s.customer_no,
           pp.plan_code,
           pp.effective_from,
           LEAD(pp.effective_from) OVER (PARTITION BY pp.subscription_id ORDER BY pp.effective_from) AS next_from,
           pp.price,
           p.billing_interval_months,
           p.currency,
           s.ended_at,
           s.end_reason
    FROM billing.subscription_price_period pp
    JOIN changed USING (subscription_id)
    JOIN billing.subscription s ON s.subscription_id = pp.subscription_id
    JOIN billing.plan p ON p.plan_code = pp.plan_code
),
period AS (
    SELECT subscription_id,
           customer_no,
           plan_code,
           effective_from AS valid_from,
           COALESCE(next_from, ended_at) AS valid_to,
           price AS amount,
           billing_interval_months,
           currency,
           false AS is_trial,
           CASE WHEN next_from IS NULL THEN end_reason END AS end_reason
    FROM price_period
    UNION ALL
    SELECT s.subscription_id,
           s.customer_no,
           s.signup_plan_code,
           s.started_at,
           LEAST(s.trial_ends_at, s.ended_at),
           0.00,
           p.billing_interval_months,
           p.currency,
           true,
           CASE
               WHEN NOT EXISTS (SELECT 1 FROM billing.subscription_price_period pp
                                WHERE pp.subscription_id = s.subscription_id)
               THEN s.end_reason
           END
    FROM billing.subscription s
    JOIN changed USING (subscription_id)
    JOIN billing.plan p ON p.plan_code = s.signup_plan_code
    WHERE s.trial_ends_at IS NOT NULL
)
SELECT subscription_id,
       customer_no AS customer_id,
       plan_code,
       valid_from,
       valid_to,
       amount,
       billing_interval_months AS interval_months,
       currency,
       is_trial,
       CASE end_reason
           WHEN 'payment_failure' THEN 'nonpayment'
           WHEN 'customer_request' THEN 'voluntary'
           WHEN 'trial_expired' THEN 'voluntary'
       END AS end_cause
FROM period
ORDER BY subscription_id, valid_from
