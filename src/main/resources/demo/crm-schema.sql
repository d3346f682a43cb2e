-- Reference CRM database of the demo: accounts and the retention desk's cancellation requests.
-- Like many CRMs it stores local wall-clock time (timestamp without time zone) and its own status
-- values; config/sources/crm/cancellations.sql maps it to the source contract.
-- Re-running the script drops and recreates the schema.

DROP SCHEMA IF EXISTS crm CASCADE;
CREATE SCHEMA crm;

-- billing_customer_no is the customer number of the billing system, kept as text as CRMs do.
CREATE TABLE crm.account (
    account_id           integer     PRIMARY KEY,
    billing_customer_no  varchar(20) UNIQUE,
    display_name         text        NOT NULL,
    account_type         varchar(3)  NOT NULL CHECK (account_type IN ('B2C', 'B2B')),
    account_manager      text,
    created_on           timestamp   NOT NULL
);

-- A customer asking to cancel. PENDING requests are not decided yet; RETAINED ones were saved by
-- an offer; CANCELLED ones took effect at effective_at. updated_at is when the request last changed
-- (the CRM moves it on every change): the source query reads only the requests changed since its last extract.
CREATE TABLE crm.cancellation_request (
    request_id       integer     PRIMARY KEY,
    account_id       integer     NOT NULL REFERENCES crm.account,
    requested_at     timestamp   NOT NULL,
    effective_at     timestamp,
    reason_code      varchar(40),
    reason_comment   text,
    competitor_name  text,
    status           varchar(10) NOT NULL CHECK (status IN ('PENDING', 'RETAINED', 'CANCELLED')),
    channel          varchar(10) NOT NULL,
    handled_by       text,
    updated_at       timestamp   NOT NULL DEFAULT localtimestamp
);
CREATE INDEX cancellation_request_account_idx ON crm.cancellation_request (account_id);
CREATE INDEX cancellation_request_updated_idx ON crm.cancellation_request (updated_at);
