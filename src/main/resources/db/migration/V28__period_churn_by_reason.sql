-- The customers a quarter or fiscal year lost (active at its start, not at its end), by the reason
-- of each one's last churn in the period, as the period's churn-by-reason.csv shows them, with the
-- MRR they had at the period's start. Reporting a period again replaces its rows.
CREATE TABLE mart.period_churn_by_reason (
    period        text    NOT NULL,
    reason_class  text    NOT NULL,
    reason_code   text,
    reason_label  text,
    customers     bigint  NOT NULL,
    mrr_at_start  numeric NOT NULL
);

CREATE INDEX period_churn_by_reason_period_idx ON mart.period_churn_by_reason (period);
