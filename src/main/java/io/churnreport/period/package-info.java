/**
 * Quarters and fiscal years: a period ({@link io.churnreport.period.ReportingPeriod}) of calendar
 * months counted from {@code churn.fiscal-year-start}, and its figures computed from what its
 * completed months left in the reporting database ({@link io.churnreport.period.PeriodClose}), into
 * mart.period_metric and period-summary.csv. It builds on the month core and on no other feature;
 * whether a month is complete is given to it by its caller.
 */
package io.churnreport.period;
