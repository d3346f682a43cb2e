-- The invoices above zero that were unpaid at an instant, as the invoice history tells them: those
-- unpaid still (read through invoice_history_unpaid_idx, few against all invoices) and, when the
-- history holds payments made after the instant (paid_after: a later month ran first), those paid
-- only after it. Hidden churn and the customers at risk read it; the planner inlines it, so each
-- reader's plan is the one its own copy of the query had.
CREATE FUNCTION staging.invoices_unpaid_at(instant timestamptz, paid_after boolean)
RETURNS TABLE (customer_id text, issued_at timestamptz)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT h.customer_id, h.issued_at FROM staging.invoice_history h
    WHERE h.paid_at IS NULL AND h.amount > 0 AND h.issued_at < instant
    UNION ALL
    SELECT h.customer_id, h.issued_at FROM staging.invoice_history h
    WHERE paid_after AND h.paid_at >= instant AND h.amount > 0 AND h.issued_at < instant
$$;
