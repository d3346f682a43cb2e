-- Data quality: source rows that break the source contract are checked in SQL after the extract
-- (checkSourceDataStep), moved out of staging into a quarantine that operators can inspect, and
-- counted per source and rule; the counts are published with the month's other results.
-- The README's "Data quality" section lists the rules; docs/mart.md documents the tables.

-- A dirty source may give null where the contract wants a value: such rows must land in staging
-- to be checked (and quarantined) instead of failing the extract. The amount may be absurdly
-- large too; numeric(38,4) keeps the four decimals and takes it, so that the check rejects it.
ALTER TABLE staging.customer
    ALTER COLUMN customer_id DROP NOT NULL;

ALTER TABLE staging.subscription_period
    ALTER COLUMN subscription_id DROP NOT NULL,
    ALTER COLUMN customer_id DROP NOT NULL,
    ALTER COLUMN valid_from DROP NOT NULL,
    ALTER COLUMN amount DROP NOT NULL,
    ALTER COLUMN amount TYPE numeric(38,4),
    ALTER COLUMN interval_months DROP NOT NULL,
    ALTER COLUMN is_trial DROP NOT NULL;

ALTER TABLE staging.invoice
    ALTER COLUMN invoice_id DROP NOT NULL,
    ALTER COLUMN customer_id DROP NOT NULL,
    ALTER COLUMN issued_at DROP NOT NULL,
    ALTER COLUMN amount DROP NOT NULL,
    ALTER COLUMN amount TYPE numeric(38,4);

ALTER TABLE staging.cancellation
    ALTER COLUMN customer_id DROP NOT NULL,
    ALTER COLUMN requested_at DROP NOT NULL,
    ALTER COLUMN outcome DROP NOT NULL;

CREATE SCHEMA quality;

-- Every source row a run of the month quarantined, as it was staged (all its columns, run_month
-- included, as a JSON object), with the rule it broke. Kept until the month is run again (a
-- re-extract or a forced rerun replaces them; a restart re-checks the same rows).
CREATE TABLE quality.quarantined_row (
    run_month       date        NOT NULL,
    source          text        NOT NULL CHECK (source IN ('customers', 'subscriptions', 'invoices', 'cancellations')),
    rule            text        NOT NULL,
    source_row      jsonb       NOT NULL,
    quarantined_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX quarantined_row_run_month_idx ON quality.quarantined_row (run_month, source, rule);

COMMENT ON TABLE quality.quarantined_row IS
    'Source rows left out of the month because they break the source contract (README, Data quality)';

-- The month's findings per source and rule, before they are published with the other results.
CREATE TABLE staging.data_quality (
    run_month       date    NOT NULL,
    source          text    NOT NULL,
    rule            text    NOT NULL,
    action          text    NOT NULL CHECK (action IN ('quarantined', 'kept-and-flagged')),
    rows            integer NOT NULL CHECK (rows > 0),
    rows_extracted  integer NOT NULL,
    PRIMARY KEY (run_month, source, rule)
);

-- The published findings: one row per source and rule that found rows in the month.
CREATE TABLE mart.data_quality (LIKE staging.data_quality INCLUDING ALL);
ALTER TABLE mart.data_quality RENAME COLUMN run_month TO month;

COMMENT ON COLUMN mart.data_quality.rows IS 'rows the rule quarantined (or flagged and kept) in the month''s extract';
COMMENT ON COLUMN mart.data_quality.rows_extracted IS 'rows the source''s query returned for the month, before any check';
