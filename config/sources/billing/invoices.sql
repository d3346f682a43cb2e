-- invoices: billing.invoice + billing.payment of the demo's reference billing schema.
-- The amount is the net amount (tax is not revenue). An invoice counts as paid at its first
-- successful payment; failed collection attempts are ignored. Invoices issued after the month being
-- run cannot matter to it, so they are left out.
-- Only the invoices issued or paid from :changed_since to the month's end are asked for:
-- churn-report keeps the invoices it extracted before (README, "Invoices: only what changed"). It
-- binds the start of the month before the run month, or -infinity when it needs the whole history
-- again. An invoice is paid as of the month's end: a payment after it is given by the month it
-- falls in.
WITH paid AS (
    SELECT invoice_no, MIN(attempted_at) AS paid_at
    FROM billing.payment
    WHERE status = 'succeeded'
      AND attempted_at >= CAST(:changed_since AS timestamptz) AND attempted_at < CAST(:period_end AS timestamptz)
    GROUP BY invoice_no
), issued AS (
    SELECT i.invoice_no, i.customer_no, i.issued_at, i.net_amount, i.currency
    FROM billing.invoice i
    WHERE i.issued_at >= CAST(:changed_since AS timestamptz) AND i.issued_at < CAST(:period_end AS timestamptz)
)
-- the invoices issued since :changed_since, paid or not
SELECT issued.invoice_no AS invoice_id, issued.customer_no AS customer_id, issued.issued_at,
       issued.net_amount AS amount, issued.currency, paid.paid_at
FROM issued
LEFT JOIN paid ON paid.invoice_no = issued.invoice_no
UNION ALL
-- and the older ones paid since: the payments of invoices not issued since, each invoice looked up
-- by its number. Joined as a set, the planner may hash every invoice ever issued, a cost that grows
-- with each month of history; looking up every payment's invoice reads pages at random. (LIMIT 1
-- keeps the lookup one by one; the number is the key.) A whole extract (:changed_since -infinity)
-- has no older ones.
SELECT i.invoice_no, i.customer_no, i.issued_at, i.net_amount, i.currency, paid.paid_at
FROM paid
JOIN LATERAL (SELECT * FROM billing.invoice looked_up WHERE looked_up.invoice_no = paid.invoice_no LIMIT 1) i
  ON i.issued_at < CAST(:changed_since AS timestamptz)
WHERE CAST(:changed_since AS timestamptz) > '-infinity'
  AND NOT EXISTS (SELECT 1 FROM issued WHERE issued.invoice_no = paid.invoice_no)
