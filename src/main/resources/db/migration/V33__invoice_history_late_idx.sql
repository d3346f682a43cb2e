-- Customers at risk count each customer's late payments of the last 6 months: invoices above zero
-- paid more than 30 days after they were issued, or unpaid 30 days after. Read through this index,
-- which holds only the invoices that can be late (unpaid, or paid more than 30 days after issue),
-- a month reads those instead of every invoice of the last 6 months.
CREATE INDEX invoice_history_late_idx ON staging.invoice_history (issued_at) INCLUDE (customer_id, paid_at)
    WHERE amount > 0 AND (paid_at IS NULL OR paid_at - issued_at > interval '30 days');
