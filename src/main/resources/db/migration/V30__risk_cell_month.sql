-- Customers at risk: how often the customers of each segment, region and plan churned in each month,
-- so that a customer's features can say how its kind of customer fared before it (docs/metrics.md,
-- Customers at risk). Written by the run month from its own extract, for the months it learns from.
CREATE TABLE staging.risk_cell_month (
    run_month         date    NOT NULL,
    month             date    NOT NULL,  -- customers with MRR > 0 at this month's end
    segment           text    NOT NULL,  -- '' when the customer has none
    region            text    NOT NULL,
    plan_code         text    NOT NULL,  -- the plan of its largest open paid period at the month's end; '' for none
    customers         integer NOT NULL,
    churners          integer NOT NULL,  -- of them, with no MRR at the next month's end
    managed_churners  integer NOT NULL,  -- of those, churned next month for a managed reason
    reasons_known     boolean NOT NULL   -- whether the next month's churned customers were classified
);
CREATE INDEX risk_cell_month_run_idx ON staging.risk_cell_month (run_month, month);
