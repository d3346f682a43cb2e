package io.churnreport.quality;

import io.churnreport.quality.QualityRule.Action;

/**
 * What one rule found in one source's rows of the month: a row of mart.data_quality.
 *
 * @param source the source's name, e.g. {@code subscriptions}
 * @param rule the rule's name
 * @param action quarantined or kept and flagged
 * @param rows how many rows the rule found (at least one)
 * @param rowsExtracted how many rows the source's query returned for the month
 */
public record Finding(String source, String rule, Action action, long rows, long rowsExtracted) {
}
