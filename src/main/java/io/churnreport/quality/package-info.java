/**
 * Source data quality: after the extract, set-based SQL checks every staged source row of the run
 * month against the source contract. Rows that break it are moved out of staging into
 * {@code quality.quarantined_row} with the rule they broke; rows that are only suspicious stay and
 * are counted. The counts per source and rule are published to {@code mart.data_quality} with the
 * month's other results, and too many quarantined rows fail the run before anything is published.
 * The README's "Data quality" section lists the rules.
 */
package io.churnreport.quality;
