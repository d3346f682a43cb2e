-- Customers at risk: how many customers of each segment, region and plan there were at a month's
-- end and how many of them churned the month after, so that a customer's features can say how its
-- kind of customer fared before it (docs/metrics.md, Customers at risk). A month is counted once,
-- by the first run that needs it, and again by the run of the month after it, which knows its churn
-- best.
CREATE TABLE staging.risk_cell_month (
    month             date    NOT NULL,  -- customers with MRR > 0 at this month's end
    segment           text    NOT NULL,  -- '' when the customer has none
    region            text    NOT NULL,
    plan_code         text    NOT NULL,  -- the plan of its open paid period of the highest monthly amount; '' for none
    customers         integer NOT NULL,
    churners          integer NOT NULL,  -- of them, with no MRR at the next month's end
    managed_churners  integer NOT NULL,  -- of those, churned next month for a managed reason
    reasons_known     boolean NOT NULL,  -- whether the next month's churned customers were classified
    run_month         date    NOT NULL,  -- the run whose extract counted the month
    PRIMARY KEY (month, segment, region, plan_code)
);

-- Each customer's segment and region as a run's extract gives them ('' for none), one row per
-- customer: the earliest created when the source repeats a customer.
CREATE VIEW staging.customer_kind AS
SELECT DISTINCT ON (run_month, customer_id) run_month, customer_id, coalesce(btrim(segment), '') AS segment,
       coalesce(btrim(region), '') AS region
FROM staging.customer
ORDER BY run_month, customer_id, created_at;

-- Each customer's plan at an instant, as a run's extract gives its periods: that of its open paid
-- period of the highest monthly amount ('' for none), and the longest billing interval of its open
-- paid periods.
CREATE FUNCTION staging.customer_plan_at(extract_month date, instant timestamptz)
RETURNS TABLE (customer_id text, plan_code text, longest_interval integer)
LANGUAGE sql STABLE AS $$
    SELECT DISTINCT ON (p.customer_id) p.customer_id, coalesce(btrim(p.plan_code), ''),
           max(p.interval_months) OVER (PARTITION BY p.customer_id)
    FROM staging.subscription_period p
    WHERE p.run_month = extract_month AND NOT p.is_trial AND p.valid_from < instant
      AND (p.valid_to IS NULL OR p.valid_to > instant)
    ORDER BY p.customer_id, p.amount / nullif(p.interval_months, 0) DESC NULLS LAST, p.plan_code NULLS LAST
$$;
