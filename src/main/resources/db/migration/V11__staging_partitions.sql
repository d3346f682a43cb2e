-- The staging tables a run fills from the sources hold one partition per run month, so that a
-- month's extract is emptied with TRUNCATE and a finished month's staging is dropped whole instead
-- of deleted row by row (at a million customers a month's staging holds tens of millions of rows).
-- The job creates a month's partitions when it starts the month (prepareMonthStep) and drops the
-- partitions of months that completed when a later month starts. The default partitions take
-- rows of months without a partition of their own; the job never leaves rows there.
DO $$
DECLARE
    staged text;
    run date;
BEGIN
    FOREACH staged IN ARRAY ARRAY['customer', 'subscription_period', 'invoice', 'cancellation', 'customer_month_mrr'] LOOP
        EXECUTE format('ALTER TABLE staging.%I RENAME TO %I', staged, staged || '_unpartitioned');
        EXECUTE format('CREATE TABLE staging.%I (LIKE staging.%I INCLUDING ALL) PARTITION BY LIST (run_month)',
                       staged, staged || '_unpartitioned');
        EXECUTE format('CREATE TABLE staging.%I PARTITION OF staging.%I DEFAULT', staged || '_default', staged);
        FOR run IN EXECUTE format('SELECT DISTINCT run_month FROM staging.%I', staged || '_unpartitioned') LOOP
            EXECUTE format('CREATE TABLE staging.%I PARTITION OF staging.%I FOR VALUES IN (%L)',
                           staged || '_' || to_char(run, 'YYYYMM'), staged, run);
        END LOOP;
        EXECUTE format('INSERT INTO staging.%I SELECT * FROM staging.%I', staged, staged || '_unpartitioned');
        EXECUTE format('DROP TABLE staging.%I', staged || '_unpartitioned');
    END LOOP;
END
$$;
