-- Reference billing database of the demo: the shape of a typical subscription billing system, not
-- the canonical shape the job reads. config/sources/billing/*.sql maps it to the source contract.
-- Every point in time is a timestamptz. Re-running the script drops and recreates the schema.

DROP SCHEMA IF EXISTS billing CASCADE;
CREATE SCHEMA billing;

CREATE TABLE billing.region (
    region_code  char(2)     PRIMARY KEY,
    name         text        NOT NULL
);

-- updated_at, here and on subscriptions, is when the row last changed: the source queries read only
-- the rows changed since their last extract. The billing application moves it on every change.
CREATE TABLE billing.customer (
    customer_no    bigint      PRIMARY KEY,
    name           text        NOT NULL,
    customer_type  varchar(12) CHECK (customer_type IN ('CONSUMER', 'SMB', 'ENTERPRISE')),
    region_code    char(2)     REFERENCES billing.region,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX customer_updated_idx ON billing.customer (updated_at);

-- The price list. price is what one billing interval costs, so an annual plan's price covers 12 months.
CREATE TABLE billing.plan (
    plan_code                varchar(20)   PRIMARY KEY,
    name                     text          NOT NULL,
    price                    numeric(12,2) NOT NULL CHECK (price >= 0),
    billing_interval_months  smallint      NOT NULL CHECK (billing_interval_months IN (1, 3, 12)),
    currency                 char(3)       NOT NULL
);

-- A contract. The trial runs from started_at to trial_ends_at on signup_plan_code; paid time is in
-- subscription_price_period. A subscription that never converted has no price period. The billing
-- application moves updated_at when it changes a price period of the subscription, too.
CREATE TABLE billing.subscription (
    subscription_id   bigint      PRIMARY KEY,
    customer_no       bigint      NOT NULL REFERENCES billing.customer,
    signup_plan_code  varchar(20) NOT NULL REFERENCES billing.plan,
    started_at        timestamptz NOT NULL,
    trial_ends_at     timestamptz,
    ended_at          timestamptz,
    end_reason        varchar(20) CHECK (end_reason IN ('customer_request', 'trial_expired', 'payment_failure')),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CHECK ((ended_at IS NULL) = (end_reason IS NULL))
);
CREATE INDEX subscription_customer_idx ON billing.subscription (customer_no);
CREATE INDEX subscription_updated_idx ON billing.subscription (updated_at);

-- The price actually charged from effective_from until the next row of the same subscription (or
-- the subscription's end). A plan change, or a retention discount, starts a new row.
CREATE TABLE billing.subscription_price_period (
    subscription_id  bigint        NOT NULL REFERENCES billing.subscription,
    effective_from   timestamptz   NOT NULL,
    plan_code        varchar(20)   NOT NULL REFERENCES billing.plan,
    price            numeric(12,2) NOT NULL CHECK (price >= 0),
    change_note      text,
    PRIMARY KEY (subscription_id, effective_from)
);

-- One invoice per billing interval, issued at the start of the interval. Tax is not revenue.
CREATE TABLE billing.invoice (
    invoice_no       varchar(16)   PRIMARY KEY,
    customer_no      bigint        NOT NULL REFERENCES billing.customer,
    subscription_id  bigint        NOT NULL REFERENCES billing.subscription,
    issued_at        timestamptz   NOT NULL,
    payment_terms_days  smallint   NOT NULL,
    net_amount       numeric(12,2) NOT NULL,
    tax_amount       numeric(12,2) NOT NULL,
    total_amount     numeric(12,2) NOT NULL,
    currency         char(3)       NOT NULL
);
CREATE INDEX invoice_customer_idx ON billing.invoice (customer_no);
-- a monthly extract asks for the invoices issued or paid since a date (config/sources/billing/invoices.sql)
CREATE INDEX invoice_issued_idx ON billing.invoice (issued_at);

-- Every collection attempt, failed ones included: dunning retries leave one row each.
CREATE TABLE billing.payment (
    payment_id    bigint        PRIMARY KEY,
    invoice_no    varchar(16)   NOT NULL REFERENCES billing.invoice,
    attempted_at  timestamptz   NOT NULL,
    amount        numeric(12,2) NOT NULL,
    method        varchar(16)   NOT NULL,
    status        varchar(10)   NOT NULL CHECK (status IN ('succeeded', 'failed')),
    failure_code  varchar(32)
);
CREATE INDEX payment_invoice_idx ON billing.payment (invoice_no);
CREATE INDEX payment_attempted_idx ON billing.payment (attempted_at);
