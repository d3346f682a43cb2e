-- Quarters and fiscal years (report --quarter, report --year): each period's figures, computed
-- from what its completed months left in the mart and in staging.customer_month_mrr, one row per
-- metric as in mart.monthly_metric. A period is keyed as its directory is named (2026-Q3, FY2026),
-- which the fiscal year's first month (churn.fiscal-year-start) turns into months: first_month and
-- last_month record which months that was when the row was computed. Reporting a period again
-- replaces its rows. docs/metrics.md defines each metric.
CREATE TABLE mart.period_metric (
    period       text    NOT NULL,
    first_month  date    NOT NULL,
    last_month   date    NOT NULL,
    metric       text    NOT NULL,
    value        numeric,
    computed_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (period, metric)
);
