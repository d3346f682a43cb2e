-- A month's cohort table holds a cell for every cohort and every month since it, so computing it
-- from the month-end MRR history reads every month of it. The cells of the months before the run
-- month are those of the previous month's table whenever the history of those months has not been
-- computed again since that table was written: then a run copies them and computes only the new
-- diagonal (each cohort's members active at the end of the run month, and the run month's own
-- cohort). This table records when each month's cohort table was written, to tell.
CREATE TABLE staging.cohort_retention_run (
    month       date        PRIMARY KEY,
    written_at  timestamptz NOT NULL
);
