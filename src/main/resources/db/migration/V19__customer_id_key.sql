-- The key of the customer pseudonyms shown in the reports (io.churnreport.report.CustomerIds) when
-- churn.reports.customer-id-key is not configured: drawn once, when the database is created, so
-- that a customer keeps its pseudonym from month to month. gen_random_uuid() draws from the
-- server's cryptographically strong source; two of them give 244 random bits.
CREATE TABLE mart.customer_id_key (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    key      bytea NOT NULL CHECK (length(key) >= 16)
);

INSERT INTO mart.customer_id_key (key)
VALUES (decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'));
