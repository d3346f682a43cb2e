/**
 * The month core every feature builds on, and which depends on none of them: the reporting month,
 * what a calculation knows of the run ({@link io.churnreport.month.MonthContext}), the calculation
 * contract, the metric store and the scales values are rounded to.
 */
package io.churnreport.month;
