-- invoices: billing.invoice + billing.payment of the demo's reference billing schema.
-- The amount is the net amount (tax is not revenue). An invoice counts as paid at its first
-- successful payment; failed collection attempts are ignored. Invoices issued after the month being
-- run cannot matter to it, so they are left out.
SELECT i.invoice_no AS invoice_id,
       i.customer_no AS customer_id,
       i.issued_at,
       i.net_amount AS amount,
       i.currency,
       paid.paid_at
FROM billing.invoice i
LEFT JOIN (
    SELECT invoice_no, MIN(attempted_at) AS paid_at
    FROM billing.payment
    WHERE status = 'succeeded'
    GROUP BY invoice_no
) paid ON paid.invoice_no = i.invoice_no
WHERE i.issued_at < CAST(:period_end AS timestamptz)
ORDER BY i.invoice_no
