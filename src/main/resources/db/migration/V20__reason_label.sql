-- The labels of churn reasons and categories in the reports' languages, from churn-reasons.yml as
-- the month was classified with it, so that a report in any language shows the month's own labels.
CREATE TABLE mart.reason_label (
    month    date NOT NULL,
    kind     text NOT NULL CHECK (kind IN ('reason', 'category')),
    code     text NOT NULL,
    language text NOT NULL,
    label    text NOT NULL,
    PRIMARY KEY (month, kind, code, language)
);
