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
