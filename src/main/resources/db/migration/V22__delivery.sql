-- What became of each delivery of a month's reports: one row per report, version and recipient
-- (an e-mail address, or the shared directory the pack was copied into) each time the reports
-- were delivered, after the month completed or by `churn-report deliver`. Rows are only added:
-- a resend adds its own, so the history of a month's deliveries stays readable.
CREATE TABLE mart.delivery (
    delivery_id  bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    month        date        NOT NULL,
    version      integer     NOT NULL,
    report       text        NOT NULL,
    target       text        NOT NULL CHECK (target IN ('email', 'directory')),
    recipient    text        NOT NULL,
    status       text        NOT NULL CHECK (status IN ('sent', 'failed')),
    attempts     integer     NOT NULL CHECK (attempts >= 1),
    error        text,
    delivered_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX delivery_month_idx ON mart.delivery (month, report);
