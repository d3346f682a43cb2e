-- What the reports show of a month's extract, kept with the month's results: the staging
-- partitions of a completed month are dropped when another month starts, and the reports of every
-- completed month can still be rendered again (`render`) with the figures they were published with.
-- Filled by MonthExtractCalculation in the month's transaction; a rerun of the month replaces them.

-- The rows each source's query returned for the month, before the check (the quarantined included).
CREATE TABLE mart.month_source_extract (
    month           date   NOT NULL,
    source          text   NOT NULL CHECK (source IN ('customers', 'subscriptions', 'invoices', 'cancellations')),
    rows_extracted  bigint NOT NULL,
    changed_since   date   CHECK (changed_since IS NULL OR source = 'invoices'),
    PRIMARY KEY (month, source)
);

COMMENT ON COLUMN mart.month_source_extract.changed_since IS
    'invoices: the day (in the month''s time zone) since which issued or paid invoices were extracted; null: the whole history';

-- The invoices issued in the month (in its time zone), by currency, and their conversion.
CREATE TABLE mart.month_invoices_by_currency (
    month         date    NOT NULL,
    currency      text    NOT NULL,
    invoices      bigint  NOT NULL,
    unpaid        bigint  NOT NULL,
    without_rate  bigint  NOT NULL,
    amount        numeric,
    rate          numeric,
    converted     numeric,
    PRIMARY KEY (month, currency)
);

COMMENT ON COLUMN mart.month_invoices_by_currency.converted IS
    'amount times rate in the reporting currency, unrounded so that the month''s total rounds once; null without a rate';

-- The month-end exchange rates the month converted with, and the month before's.
CREATE TABLE mart.month_fx_rate (
    month          date    NOT NULL,
    currency       text    NOT NULL,
    rate           numeric NOT NULL,
    previous_rate  numeric,
    PRIMARY KEY (month, currency)
);

-- The months whose staging is still there (the last month run) keep theirs from now on too.
INSERT INTO mart.month_source_extract (month, source, rows_extracted, changed_since)
SELECT run.month, source.name,
       CASE source.name
           WHEN 'customers' THEN (SELECT count(*) FROM staging.customer WHERE run_month = run.month)
           WHEN 'subscriptions' THEN (SELECT count(*) FROM staging.subscription_period WHERE run_month = run.month)
           WHEN 'invoices' THEN (SELECT count(*) FROM staging.invoice WHERE run_month = run.month)
           ELSE (SELECT count(*) FROM staging.cancellation WHERE run_month = run.month)
       END + (SELECT count(*) FROM quality.quarantined_row q WHERE q.run_month = run.month AND q.source = source.name),
       CASE WHEN source.name = 'invoices' THEN
           (SELECT CAST(asked.changed_since AT TIME ZONE run.time_zone AS date)
              FROM staging.invoice_extract asked
             WHERE asked.run_month = run.month AND asked.changed_since > '-infinity')
       END
  FROM mart.month_run run
 CROSS JOIN (VALUES ('customers'), ('subscriptions'), ('invoices'), ('cancellations')) AS source (name)
 WHERE run.currency IS NOT NULL
   -- the month's partitions are all there (StagingPartitions)
   AND (SELECT bool_and(to_regclass('staging.' || partitioned.name || '_' || to_char(run.month, 'YYYYMM')) IS NOT NULL)
          FROM (VALUES ('customer'), ('subscription_period'), ('invoice'), ('cancellation')) AS partitioned (name));

INSERT INTO mart.month_invoices_by_currency (month, currency, invoices, unpaid, without_rate, amount, rate, converted)
SELECT run.month,
       COALESCE(invoice.currency, run.currency),
       count(*),
       count(*) FILTER (WHERE invoice.paid_at IS NULL),
       count(*) FILTER (WHERE invoice.currency IS NOT NULL AND invoice.currency <> run.currency AND fx.rate IS NULL),
       sum(invoice.amount),
       CASE WHEN COALESCE(invoice.currency, run.currency) = run.currency THEN 1 ELSE max(fx.rate) END,
       sum(invoice.amount * CASE WHEN COALESCE(invoice.currency, run.currency) = run.currency THEN 1 ELSE fx.rate END)
  FROM mart.month_run run
  JOIN staging.invoice invoice
    ON invoice.run_month = run.month
   AND invoice.issued_at >= CAST(run.month AS timestamp) AT TIME ZONE run.time_zone
   AND invoice.issued_at <  (CAST(run.month AS timestamp) + INTERVAL '1 month') AT TIME ZONE run.time_zone
  LEFT JOIN staging.fx_rate fx
    ON fx.run_month = run.month
   AND fx.month = run.month
   AND fx.currency = invoice.currency
 WHERE run.month IN (SELECT month FROM mart.month_source_extract)
 GROUP BY run.month, COALESCE(invoice.currency, run.currency), run.currency;

INSERT INTO mart.month_fx_rate (month, currency, rate, previous_rate)
SELECT this_month.run_month, this_month.currency, this_month.rate, previous_month.rate
  FROM staging.fx_rate this_month
  LEFT JOIN staging.fx_rate previous_month
         ON previous_month.run_month = this_month.run_month
        AND previous_month.month = CAST(this_month.month - INTERVAL '1 month' AS date)
        AND previous_month.currency = this_month.currency
 WHERE this_month.month = this_month.run_month
   AND this_month.run_month IN (SELECT month FROM mart.month_source_extract);
