-- The readers of a customer's earlier months (the first month with MRR of the cohorts and the
-- customers at risk, the last 12 months of the risk features) go through the index by customer and
-- month. With the MRR in the index and the table vacuumed after each month's computation (which
-- sets the visibility map), they read the index alone instead of a heap page per customer-month,
-- the heap being in month order.
DROP INDEX staging.customer_month_mrr_customer_idx;
CREATE INDEX customer_month_mrr_customer_idx ON staging.customer_month_mrr (customer_id, month) INCLUDE (mrr);
