-- Month-end MRR is kept across runs instead of being computed again for every month of history by
-- every run: a month's run computes its own month when the months before it are there, and every
-- month up to its own otherwise (the first run, a gap of months, another churn definition, currency
-- or time zone, a forced rerun or a restart with --re-extract). One row per customer and month with
-- MRR > 0, from the run that computed it last; readers take the months up to the one they compute.
-- What the runs before this version computed is not carried over: the first run after it computes
-- every month again.
DROP TABLE staging.customer_month_mrr;

CREATE TABLE staging.customer_month_mrr (
    month                  date          NOT NULL,
    customer_id            text          NOT NULL,
    mrr                    numeric(19,2) NOT NULL,
    mrr_at_previous_rates  numeric(19,2) NOT NULL,
    run_month              date          NOT NULL,  -- the run that computed the row
    PRIMARY KEY (month, customer_id)
);
CREATE INDEX customer_month_mrr_customer_idx ON staging.customer_month_mrr (customer_id, month);

COMMENT ON COLUMN staging.customer_month_mrr.mrr IS
    'month-end MRR in the reporting currency, converted at the month-end rates of this month';
COMMENT ON COLUMN staging.customer_month_mrr.mrr_at_previous_rates IS
    'the same MRR converted at the month-end rates of the previous month (equal to mrr in one currency)';

-- Which months each run computed: from from_month (null: every month) to its run month, on a basis
-- (churn definition, reporting currency, time zone). computed_at is set once every customer range
-- is in. The latest run month computed on the current basis is how far the history reaches.
CREATE TABLE staging.month_end_mrr_run (
    run_month    date        PRIMARY KEY,
    from_month   date,
    basis        text        NOT NULL,
    computed_at  timestamptz
);
