package io.churnreport.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * The customers whose id sorts from {@code from} (included) to {@code to} (excluded), in the
 * reporting database's collation; a null end is unbounded. Month-end MRR is computed per range so
 * that ranges can run in parallel (the partitioned computeMonthEndMrrStep).
 */
public record CustomerRange(String from, String to) {

	/** Every customer. */
	public static final CustomerRange ALL = new CustomerRange(null, null);

	/**
	 * The ranges that start at each of the ids given in ascending order, except that the first
	 * range has no lower bound, so that together they cover every id; {@link #ALL} when none is given.
	 */
	public static List<CustomerRange> between(List<String> ascendingStarts) {
		if (ascendingStarts.isEmpty()) {
			return List.of(ALL);
		}
		List<CustomerRange> ranges = new ArrayList<>();
		for (int i = 0; i < ascendingStarts.size(); i++) {
			String from = i == 0 ? null : ascendingStarts.get(i);
			String to = i + 1 < ascendingStarts.size() ? ascendingStarts.get(i + 1) : null;
			ranges.add(new CustomerRange(from, to));
		}
		return List.copyOf(ranges);
	}

	/** How the range reads in logs and step names: {@code [CU0001, CU5000)}, {@code [first, last]}. */
	@Override
	public String toString() {
		return (from == null ? "[first" : "[" + from) + ", " + (to == null ? "last]" : to + ")");
	}

}
