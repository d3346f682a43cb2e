-- Versions of quarters and fiscal years. Each report of a period is a version of it: the first is
-- version 1, and reporting it again once one of its months was restated (rerun --force) makes the
-- next, which restates the period. mart.period_report_month records the version of each month a
-- period's version was built from; mart_history.period_metric keeps the figures of the versions
-- replaced, as mart_history.monthly_metric does for months. A period reported before this table
-- existed has no version: its next report is version 1.
CREATE TABLE mart.period_report (
    period       text        NOT NULL,
    version      integer     NOT NULL,
    reported_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (period, version)
);

CREATE TABLE mart.period_report_month (
    period         text    NOT NULL,
    version        integer NOT NULL,
    month          date    NOT NULL,
    month_version  integer NOT NULL,
    PRIMARY KEY (period, version, month),
    FOREIGN KEY (period, version) REFERENCES mart.period_report (period, version)
);

CREATE TABLE mart_history.period_metric (
    period   text    NOT NULL,
    version  integer NOT NULL,
    metric   text    NOT NULL,
    value    numeric,
    PRIMARY KEY (period, version, metric)
);

-- The retention of the customers acquired in each quarter (for a quarter's report) or fiscal year
-- (for a year's) up to the period, as the period's cohort-retention.csv shows it: each cohort at
-- the end of its own period (periods_since 0) and of each later one. Reporting a period again
-- replaces its rows.
CREATE TABLE mart.period_cohort (
    period            text    NOT NULL,
    cohort            text    NOT NULL,
    cohort_start      date    NOT NULL,
    periods_since     integer NOT NULL,
    customers_active  bigint  NOT NULL,
    cohort_size       bigint  NOT NULL,
    cohort_mrr        numeric NOT NULL,
    mrr_active        numeric NOT NULL,
    PRIMARY KEY (period, cohort, periods_since)
);
