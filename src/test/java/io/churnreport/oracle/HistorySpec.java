package io.churnreport.oracle;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link HistoryGenerator} draws: small numbers that {@link #history()} turns into source
 * rows, so that a failing history can be shrunk by leaving out customers and cancellations.
 */
record HistorySpec(List<CustomerSpec> customers) {

	/** Day 0 of the generated histories, in the reporting time zone. */
	static final LocalDateTime DAY_ZERO = LocalDateTime.of(2024, 11, 1, 0, 0);

	static final int[] HOURS = { 0, 9, 23 };

	static final BigDecimal[] AMOUNTS = { new BigDecimal("30.00"), new BigDecimal("10.00"), new BigDecimal("45.50"),
			new BigDecimal("100.00"), new BigDecimal("19.99"), new BigDecimal("1000.00"), new BigDecimal("0.05"),
			new BigDecimal("0.00") };

	static final int[] INTERVALS = { 1, 3, 12, 6, 24, 36 };

	static final String[] END_CAUSES = { "voluntary", "nonpayment", null };

	/** Known codes (as written and in another case), one the classifier does not list, and none. */
	static final String[] REASON_CODES = { "price_too_high", " PRICE_TOO_HIGH ", "moved_out_of_area", "nonpayment",
			"moved_abroad", null };

	enum Kind {

		PAID, TRIAL, GAP

	}

	/**
	 * One stretch of a subscription line: paid (a price change is one paid stretch after
	 * another), a trial, or a gap without any period.
	 */
	record SegmentSpec(Kind kind, int lengthDays, boolean toMonthStart, int hour, int amount, int interval,
			int endCause) {
	}

	/** A line of periods one after another; a customer may have two at once. */
	record LineSpec(int startDay, int hour, List<SegmentSpec> segments, boolean lastOpen) {
	}

	/**
	 * A cancellation request: at the end of the customer's n-th ended paid period ({@code anchor}
	 * > 0, if there is one) or on an absolute day; effective some days after the request or not given.
	 */
	record CancellationSpec(int anchor, int day, int hour, Integer effectiveAfterDays, int reasonCode, boolean saved) {
	}

	record CustomerSpec(List<LineSpec> lines, List<CancellationSpec> cancellations) {
	}

	SourceHistory history() {
		List<SourceHistory.Period> periods = new ArrayList<>();
		List<SourceHistory.Cancellation> cancellations = new ArrayList<>();
		int subscriptionId = 0;
		for (int index = 0; index < customers.size(); index++) {
			int customerId = index + 1;
			CustomerSpec customer = customers.get(index);
			List<LocalDateTime> paidEnds = new ArrayList<>();
			for (LineSpec line : customer.lines()) {
				LocalDateTime from = DAY_ZERO.plusDays(line.startDay()).plusHours(HOURS[line.hour()]);
				for (int position = 0; position < line.segments().size(); position++) {
					SegmentSpec segment = line.segments().get(position);
					boolean last = position == line.segments().size() - 1;
					LocalDateTime to = last && line.lastOpen() ? null : end(from, segment);
					SegmentSpec next = last ? null : line.segments().get(position + 1);
					if (segment.kind() == Kind.PAID) {
						// the contract: an end cause only on the last period of an ended subscription
						boolean ended = to != null && (next == null || next.kind() != Kind.PAID);
						periods.add(new SourceHistory.Period(customerId, ++subscriptionId, from, to,
								AMOUNTS[segment.amount()], INTERVALS[segment.interval()], false,
								ended ? END_CAUSES[segment.endCause()] : null));
						if (ended) {
							paidEnds.add(to);
						}
					}
					else if (segment.kind() == Kind.TRIAL) {
						periods.add(new SourceHistory.Period(customerId, ++subscriptionId, from, to, BigDecimal.ZERO
							.setScale(2), 1, true, null));
					}
					if (to == null) {
						break;
					}
					from = to;
				}
			}
			List<LocalDateTime> taken = new ArrayList<>();
			for (int number = 0; number < customer.cancellations().size(); number++) {
				CancellationSpec spec = customer.cancellations().get(number);
				// minutes apart, so that no two requests of a customer share their key or their order
				LocalDateTime requested;
				LocalDateTime effective;
				if (spec.anchor() > 0 && spec.anchor() <= paidEnds.size()) {
					effective = paidEnds.get(spec.anchor() - 1).plusMinutes(number);
					requested = effective.minusDays(spec.day() % 40).minusHours(spec.hour()).minusMinutes(2 * number);
					if (spec.effectiveAfterDays() == null) {
						effective = null;
					}
				}
				else {
					requested = DAY_ZERO.plusDays(spec.day()).plusHours(spec.hour()).plusMinutes(number);
					effective = spec.effectiveAfterDays() == null ? null
							: requested.plusDays(spec.effectiveAfterDays()).plusMinutes(number);
				}
				LocalDateTime order = effective != null ? effective : requested;
				if (taken.contains(order) || taken.contains(requested)) {
					continue;
				}
				taken.add(order);
				taken.add(requested);
				cancellations.add(new SourceHistory.Cancellation(customerId, requested, effective,
						REASON_CODES[spec.reasonCode()], spec.saved() ? "saved" : "churned"));
			}
		}
		// a customer whose lines hold only gaps has no period: it is not in billing, nor are its requests
		List<Integer> billed = periods.stream().map(SourceHistory.Period::customerId).distinct().toList();
		cancellations.removeIf(cancellation -> !billed.contains(cancellation.customerId()));
		return new SourceHistory(periods, cancellations);
	}

	private static LocalDateTime end(LocalDateTime from, SegmentSpec segment) {
		LocalDateTime end = from.toLocalDate().plusDays(segment.lengthDays()).atTime(HOURS[segment.hour()], 0);
		if (segment.toMonthStart()) {
			end = end.toLocalDate().withDayOfMonth(1).plusMonths(1).atStartOfDay();
		}
		return end.isAfter(from) ? end : from.plusHours(1);
	}

}
