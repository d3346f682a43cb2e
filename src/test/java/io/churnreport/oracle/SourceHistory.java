package io.churnreport.oracle;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A generated source history in the terms of the README's source contract: priced subscription
 * periods and CRM cancellation requests, with wall-clock times of the reporting time zone. Plain
 * java types only, so that the oracle shares nothing with the job.
 */
public record SourceHistory(List<Period> periods, List<Cancellation> cancellations) {

	/** One priced period; {@code validTo} null = open, exclusive otherwise. */
	public record Period(int customerId, int subscriptionId, LocalDateTime validFrom, LocalDateTime validTo,
			BigDecimal amount, int intervalMonths, boolean trial, String endCause) {
	}

	/** One cancellation request; {@code outcome} is {@code churned} or {@code saved}. */
	public record Cancellation(int customerId, LocalDateTime requestedAt, LocalDateTime effectiveAt,
			String reasonCode, String outcome) {

		LocalDateTime effectiveOrRequested() {
			return effectiveAt != null ? effectiveAt : requestedAt;
		}

	}

	public Set<Integer> customerIds() {
		Set<Integer> ids = new TreeSet<>();
		periods.forEach(period -> ids.add(period.customerId()));
		return ids;
	}

	/** When the customer first appears in billing: its earliest period. */
	public LocalDateTime createdAt(int customerId) {
		return periods.stream()
			.filter(period -> period.customerId() == customerId)
			.map(Period::validFrom)
			.min(LocalDateTime::compareTo)
			.orElseThrow();
	}

	@Override
	public String toString() {
		StringBuilder text = new StringBuilder("SourceHistory\n");
		periods.forEach(period -> text.append("  ").append(period).append('\n'));
		cancellations.forEach(cancellation -> text.append("  ").append(cancellation).append('\n'));
		return text.toString();
	}

}
