-- invoices: billing.invoice + billing.payment of the demo's reference billing schema.
-- The amount is the net amount (tax is not revenue). An invoice counts as paid at its first
-- successful payment; failed collection attempts are ignored. Invoices issued after the month being
-- run cannot matter to it, so they are left out.
-- Only the invoices issued or paid from :changed_since to the month's end are asked for:
-- churn-report keeps the invoices it extracted before (README, "Invoices: only what changed"). It
-- binds the start of the month before the run month, or -infinity when it needs the whole history
-- again. A payment after the month's end is picked up by the month it falls in.
WITH changed AS (
    SELECT invoice_no
    FROM billing.invoice
    WHERE issued_at >= CAST(:changed_since AS timestamptz) AND issued_at < CAST(:period_end AS timestamptz)
    UNION
    SELECT invoice_no
    FROM billing.payment
    WHERE status = 'succeeded' AND attempted_at >= CAST(:changed_since AS timestamptz)
      AND attempted_at < CAST(:period_end AS timestamptz)
), paid AS (
    SELECT p.invoice_no, MIN(p.attempted_at) AS paid_at
    FROM billing.payment p
    JOIN changed ON changed.invoice_no = p.invoice_no
    WHERE p.status = 'succeeded'
    GROUP BY p.invoice_no
)
SELECT i.invoice_no AS invoice_id,
       i.customer_no AS customer_id,
       i.issued_at,
       i.net_amount AS amount,
       i.currency,
       paid.paid_at
FROM changed
JOIN billing.invoice i ON i.invoice_no = changed.invoice_no
LEFT JOIN paid ON paid.invoice_no = i.invoice_no
WHERE i.issued_at < CAST(:period_end AS timestamptz)
ORDER BY i.invoice_no
