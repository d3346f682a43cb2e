-- The staged rows whose natural key is not unique among the month's rows when the check of the
-- source data starts, per source. They are found once, with one grouping of all the month's rows;
-- the two rules about records given more than once (exact copies, then conflicting versions) look
-- only at them, instead of each grouping every row again. A row is named by its ctid, which stays
-- the same within the check's transaction: rows are only deleted from staging there, never updated.
CREATE TABLE staging.shared_key_row (
    run_month date NOT NULL,
    source    text NOT NULL,
    row_ctid  tid  NOT NULL
);

CREATE INDEX shared_key_row_month_source ON staging.shared_key_row (run_month, source);

COMMENT ON TABLE staging.shared_key_row IS
    'the staged rows of a run month whose natural key was not unique when the check of the source data started';
