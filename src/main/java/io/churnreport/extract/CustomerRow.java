package io.churnreport.extract;

import java.time.OffsetDateTime;

/** A billing customer, as {@code sources/billing/customers.sql} returns it. */
public record CustomerRow(String customerId, OffsetDateTime createdAt, String segment, String region) {
}
