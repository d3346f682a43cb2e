-- customers: billing.customer of the demo's reference billing schema.
-- The billing system's customer_type becomes the report's segment and the region is reported by its
-- name; customers without a type or region keep a null there. Only the customers changed since
-- :changed_since (their updated_at): churn-report keeps the rest from earlier extracts and reads
-- everything when its checks find a change this misses (a region renamed, a customer deleted).
SELECT c.customer_no AS customer_id,
       c.created_at,
       CASE c.customer_type
           WHEN 'CONSUMER' THEN 'consumer'
           WHEN 'SMB' THEN 'small_business'
           WHEN 'ENTERPRISE' THEN 'enterprise'
       END AS segment,
       r.name AS region
FROM billing.customer c
LEFT JOIN billing.region r ON r.region_code = c.region_code
WHERE c.updated_at >= CAST(:changed_since AS timestamptz)
ORDER BY c.customer_no
