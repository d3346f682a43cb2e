package io.churnreport.demo;

import java.math.BigDecimal;

/**
 * A price-list entry: {@code price} is what one billing interval costs, so the monthly value of an
 * annual plan is its price / 12. {@code tier} orders plans of the same family for upgrades.
 */
record Plan(String code, String name, String family, int tier, BigDecimal price, int intervalMonths) {

}
