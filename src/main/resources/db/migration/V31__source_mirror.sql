-- What the job last read of each source that it can read by changes: customers, subscriptions and
-- cancellations whose query takes :changed_since. The mirror holds every row the source query
-- returned, as it was staged, with two values the source worked out for it: row_key, the text of
-- the row's replacement key (a customer, a subscription, a customer's request), and row_hash, 64 bits
-- of the MD5 of the row's canonical columns. A month's extract reads the rows changed since the
-- last one, replaces the mirror's rows of each key it got, then compares the mirror's row count and
-- hash sum with the source's own: rows deleted, or changed without their change time moving, make
-- them differ, and the whole source is read again. The month's staging partition is filled from
-- the mirror, so everything after the extract reads what a whole extract would have staged.
CREATE TABLE staging.customer_mirror (
    row_key   text,
    row_hash  bigint NOT NULL,
    LIKE staging.customer
);
ALTER TABLE staging.customer_mirror DROP COLUMN run_month;
CREATE INDEX customer_mirror_key_idx ON staging.customer_mirror (row_key);

CREATE TABLE staging.subscription_period_mirror (
    row_key   text,
    row_hash  bigint NOT NULL,
    LIKE staging.subscription_period
);
ALTER TABLE staging.subscription_period_mirror DROP COLUMN run_month;
CREATE INDEX subscription_period_mirror_key_idx ON staging.subscription_period_mirror (row_key);

CREATE TABLE staging.cancellation_mirror (
    row_key   text,
    row_hash  bigint NOT NULL,
    LIKE staging.cancellation
);
ALTER TABLE staging.cancellation_mirror DROP COLUMN run_month;
CREATE INDEX cancellation_mirror_key_idx ON staging.cancellation_mirror (row_key);

-- One row per mirrored source: when its last extract began by the source's clock (the next one
-- asks for the changes since an hour before), and the query and time zone it was read with, which
-- must be the same for the next extract to read only the changes.
CREATE TABLE staging.source_mirror (
    source        text        PRIMARY KEY,
    extracted_at  timestamptz NOT NULL,
    query_md5     text        NOT NULL
);

-- What each month's extract of a mirrored source asked for ('-infinity' = the whole source), the
-- rows the source sent and whether the comparison found the mirror out of step with it.
CREATE TABLE staging.source_extract (
    run_month      date        NOT NULL,
    source         text        NOT NULL,
    changed_since  timestamptz NOT NULL,
    rows_read      bigint      NOT NULL,
    drift          boolean     NOT NULL,
    PRIMARY KEY (run_month, source)
);
