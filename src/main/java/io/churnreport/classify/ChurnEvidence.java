package io.churnreport.classify;

import java.math.BigDecimal;

/**
 * What is known about one churned customer: the MRR it had at the start of the month, the CRM
 * cancellation matched to it (reason code, text and competitor; all null without one) and how its
 * billing ended ({@code voluntary}, {@code nonpayment} or null).
 */
public record ChurnEvidence(String customerId, BigDecimal mrrLost, String reasonCode,
		String reasonText, String competitor, String endCause) {
}
