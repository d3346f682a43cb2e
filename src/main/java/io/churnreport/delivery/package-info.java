/**
 * Delivery: once a month completes, its report packs reach their readers: each report's PDF (and
 * its spreadsheet, when configured) e-mailed by SMTP to the report's recipients with the month's
 * headline figures in the body, and copied into a shared directory. A send that fails is tried
 * again, recorded in mart.delivery and never fails or restates the month; {@code churn-report
 * deliver --month M} sends it again. Configured under {@code churn.delivery} ({@link DeliveryProperties}).
 */
package io.churnreport.delivery;
