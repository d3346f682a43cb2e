package io.churnreport.extract;

import java.time.OffsetDateTime;

/**
 * A cancellation request recorded in the CRM, as {@code sources/crm/cancellations.sql} returns it;
 * {@code outcome} is {@code churned} or {@code saved} (kept by the retention desk).
 */
public record CancellationRow(String customerId, OffsetDateTime requestedAt, OffsetDateTime effectiveAt,
		String reasonCode, String reasonText, String competitor, String outcome) {
}
