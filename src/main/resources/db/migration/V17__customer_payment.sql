-- Hidden churn needs, for each customer with MRR at the month's end, its first invoice and its
-- latest payment (over every invoice issued so far) and its oldest unpaid invoice. Read from the
-- whole invoice history, that grew with every month. Instead:
-- * every customer's first invoice and latest payment are kept here, and each merge into the
--   invoice history adds its invoices to them;
-- * the unpaid invoices are found through a partial index: few against all.
CREATE TABLE staging.customer_payment (
    customer_id      text        PRIMARY KEY,
    first_issued_at  timestamptz NOT NULL,  -- its first invoice above zero
    last_paid_at     timestamptz             -- its latest payment of an invoice above zero; null: never paid
);

-- Its one row says that staging.customer_payment holds what the whole invoice history says, and
-- the latest issue and payment in the history, so that a month can tell whether the history holds
-- anything after its end. Without the row, staging.customer_payment is computed again from the
-- history: after an extract of the whole history (which may remove invoices), after a merge with a
-- version that takes back what the version held said, or when a month was computed while the
-- history held invoices issued or paid after its end.
CREATE TABLE staging.customer_payment_coverage (
    only_row          boolean     PRIMARY KEY DEFAULT true CHECK (only_row),
    latest_issued_at  timestamptz,
    latest_paid_at    timestamptz
);

-- A version takes back what the version held said when its payment is gone or earlier, its issue
-- date or customer changed, or its amount is no longer above zero (a payment recorded is the usual
-- change); the merge marks it, and counts such versions.
ALTER TABLE staging.invoice_history ADD COLUMN takes_back boolean NOT NULL DEFAULT false;

CREATE INDEX invoice_history_unpaid_idx ON staging.invoice_history (customer_id, issued_at)
    WHERE paid_at IS NULL AND amount > 0;
