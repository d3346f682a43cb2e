package io.churnreport.plan;

import java.math.BigDecimal;

/**
 * How a reason category stood in a month (a row of mart.category_threshold): its churned
 * customers, what they added to the churn rate, and its threshold from targets.yml.
 * @param customersStart null when the month's customers_start is not in the mart
 * @param churnRateContribution customers / customersStart; null without customers at start
 * @param threshold null when targets.yml gives the category none
 * @param exceeded contribution above threshold; null when either is missing
 */
public record CategoryThresholdStatus(String category, long customers, BigDecimal customersStart,
		BigDecimal churnRateContribution, BigDecimal threshold, Boolean exceeded) {
}
