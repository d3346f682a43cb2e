-- A billing interval is staged as the source gives it, so that a fractional one (2.6) reaches the
-- data-quality check and is quarantined there instead of being rounded to a whole number of months
-- by the cast to integer.
ALTER TABLE staging.subscription_period ALTER COLUMN interval_months TYPE numeric;

-- What the extract found wrong with a row that it could not stage as it came (a text that cannot become
-- UTF-8), naming the column; null for every other row. The data-quality check quarantines
-- the rows where it is set.
ALTER TABLE staging.customer ADD COLUMN source_problem text;
ALTER TABLE staging.subscription_period ADD COLUMN source_problem text;
ALTER TABLE staging.invoice ADD COLUMN source_problem text;
ALTER TABLE staging.cancellation ADD COLUMN source_problem text;
