-- cancellations: crm.cancellation_request + crm.account of the demo's reference CRM schema.
-- The account carries the billing customer number, which is the customer_id. The CRM keeps local
-- wall-clock time (timestamp without time zone); the job reads it in the report's time zone.
-- Requests still PENDING have no outcome yet and are left out; RETAINED means saved by the
-- retention desk. Only the requests changed since :changed_since (their updated_at, local time
-- like the rest): churn-report keeps the rest from earlier extracts and reads everything when its
-- checks find a change this misses.
SELECT a.billing_customer_no AS customer_id,
       r.requested_at,
       r.effective_at,
       r.reason_code,
       r.reason_comment AS reason_text,
       r.competitor_name AS competitor,
       CASE r.status
           WHEN 'CANCELLED' THEN 'churned'
           WHEN 'RETAINED' THEN 'saved'
       END AS outcome
FROM crm.cancellation_request r
JOIN crm.account a ON a.account_id = r.account_id
WHERE r.status IN ('CANCELLED', 'RETAINED')
  AND a.billing_customer_no IS NOT NULL
  AND r.updated_at >= CAST(:changed_since AS timestamptz)
ORDER BY a.billing_customer_no, r.requested_at
