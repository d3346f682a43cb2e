-- Customers at risk: each month's scored customers, the model behind the scores, and how last
-- month's list did against who churned this month (docs/metrics.md, Customers at risk).

CREATE TABLE mart.risk_model (
    month              date    PRIMARY KEY,
    scored             boolean NOT NULL,
    skipped_because    text,              -- why no model was fitted; null when scored
    labelled_months    integer NOT NULL,  -- months learned from (each with its next month known)
    training_rows      integer NOT NULL,  -- rows fitted on, after sampling
    training_churners  integer NOT NULL,
    coefficients       jsonb              -- feature -> coefficient per standard deviation, and the intercept
);

CREATE TABLE mart.risk_customer (
    month          date          NOT NULL,
    customer_id    text          NOT NULL,
    mrr            numeric(19,2) NOT NULL,
    score          numeric(9,6)  NOT NULL,  -- probability of churning next month
    band           text          NOT NULL CHECK (band IN ('green', 'yellow', 'red')),
    tenure_months  integer       NOT NULL,
    factors        text[]        NOT NULL,  -- feature codes raising the score most, largest first
    explanation    text          NOT NULL,  -- the factors in words, in the language of churn.locale
    features       jsonb         NOT NULL,  -- each feature's value as of the month's end, for the factors' words
    PRIMARY KEY (month, customer_id)
);

CREATE TABLE mart.risk_backtest (
    month                       date          PRIMARY KEY,  -- the month whose churn checks the list of the month before
    customers                   integer       NOT NULL,
    churners                    integer       NOT NULL,
    auc                         numeric(9,6),
    naive_auc                   numeric(9,6),
    top_decile_precision        numeric(9,6)  NOT NULL,
    top_decile_recall           numeric(9,6),
    naive_top_decile_precision  numeric(9,6)  NOT NULL,
    lift_over_naive             numeric(9,6),
    red_precision               numeric(9,6),
    red_recall                  numeric(9,6),
    beats_naive_rule            boolean       NOT NULL
);
