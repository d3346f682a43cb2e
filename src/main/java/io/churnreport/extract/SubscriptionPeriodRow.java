package io.churnreport.extract;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * One priced period of a subscription, as {@code sources/billing/subscriptions.sql} returns it.
 * {@code validTo} is exclusive and null while the period is open; the monthly value is
 * {@code amount / intervalMonths}; {@code endCause} ({@code voluntary} or {@code nonpayment}) is
 * set on the last period of an ended subscription. {@code intervalMonths} is read as a number, not
 * an integer, so that a fractional interval reaches the data-quality check instead of being rounded.
 */
public record SubscriptionPeriodRow(String subscriptionId, String customerId, String planCode, OffsetDateTime validFrom,
		OffsetDateTime validTo, BigDecimal amount, BigDecimal intervalMonths, String currency, Boolean isTrial,
		String endCause) {
}
