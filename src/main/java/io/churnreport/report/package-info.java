/**
 * The PDF reports: JasperReports templates under {@code reports/} filled from the mart tables of
 * the reporting database, and the renderers that compile, fill and export them.
 */
package io.churnreport.report;
