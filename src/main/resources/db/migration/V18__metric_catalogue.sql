-- The metric catalogue (io.churnreport.month.Metric) now says which report section shows a metric;
-- the flag V8 added for the management report's summary table was read by nothing.
ALTER TABLE mart.metric_definition DROP COLUMN management_summary;
