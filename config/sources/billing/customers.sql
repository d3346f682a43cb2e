-- customers: billing.customer of the demo's reference billing schema.
-- The billing system's customer_type becomes the report's segment and the region is reported by its
-- name; customers without a type or region keep a null there. Full history: no parameters used.
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
ORDER BY c.customer_no
