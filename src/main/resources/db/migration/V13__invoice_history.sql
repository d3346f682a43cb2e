-- Invoices are the one source that grows with every month of history: a customer is billed every
-- month, while the other sources hold about a row per customer. So that a monthly run reads the
-- month's invoices instead of all of them, the invoices the job has extracted are kept here across
-- runs, one row per invoice in its latest extracted version. A run whose invoices query takes
-- :changed_since extracts only the invoices issued or paid since the start of the month before the
-- run month (one month of overlap, for late-recorded payments), checks them, and merges them in by
-- invoice_id; a run that extracts the whole history (the first run, a gap of months, a forced rerun
-- or a restart with --re-extract, or a query without :changed_since) replaces every invoice issued
-- before its month's end. Readers take the invoices issued before the end of the month they compute.
CREATE TABLE staging.invoice_history (
    invoice_id   text          PRIMARY KEY,
    customer_id  text          NOT NULL,
    issued_at    timestamptz   NOT NULL,
    amount       numeric(38,4) NOT NULL,
    currency     text,
    paid_at      timestamptz,
    run_month    date          NOT NULL  -- the run whose extract gave this version
);
CREATE INDEX invoice_history_customer_idx ON staging.invoice_history (customer_id, issued_at);
-- a month's invoices, for month-end MRR in the activity definition
CREATE INDEX invoice_history_issued_idx ON staging.invoice_history (issued_at);

-- What each run month's invoice extract asked the source for. changed_since is '-infinity' when the
-- whole history was extracted. merged_at is set when the month's checked invoices went into
-- staging.invoice_history: the history holds every invoice issued before the end of the latest
-- month merged, as each merge either replaces the whole history up to its month or continues a
-- history that reached at least the month before.
CREATE TABLE staging.invoice_extract (
    run_month      date        PRIMARY KEY,
    changed_since  timestamptz NOT NULL,
    merged_at      timestamptz
);
