package io.churnreport.classify;

import java.math.BigDecimal;

/** A churned customer with its reason class, category and reason, as stored in mart.churned_customer. */
public record ChurnClassification(String customerId, BigDecimal mrrLost, ReasonClass reasonClass, String category,
		String reasonCode, String reasonLabel, String competitor, String endCause) {
}
