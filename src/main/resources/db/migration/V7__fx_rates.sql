-- Month-end exchange rates a run converted its amounts with, from config/fx-rates.csv:
-- rate = the reporting-currency value of one unit of the currency at the end of the month.
CREATE TABLE staging.fx_rate (
    run_month  date          NOT NULL,
    month      date          NOT NULL,
    currency   text          NOT NULL,
    rate       numeric(20,10) NOT NULL CHECK (rate > 0),
    PRIMARY KEY (run_month, month, currency)
);
