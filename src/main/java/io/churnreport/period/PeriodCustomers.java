package io.churnreport.period;

import java.time.YearMonth;
import java.util.Collection;
import java.util.Set;

/**
 * The period's customer movements, from whether each customer had MRR > 0 at the end of the month
 * before the period (its start) and of each of its months: {@code start + new + reactivated -
 * churned = end}. A customer counts by where it stands at the two ends, not by the months between:
 * one that left and came back inside the period is neither churned nor reactivated, and one that
 * joined and left inside it is on a line of its own, outside the churn rate.
 */
public record PeriodCustomers(long start, long newCustomers, long reactivated, long churned, long end,
		long joinedAndLeft) {

	public PeriodCustomers {
		if (start + newCustomers + reactivated - churned != end) {
			throw new IllegalStateException("Customer bridge of the period does not tie: " + start + " + " + newCustomers
					+ " + " + reactivated + " - " + churned + " != " + end);
		}
	}

	/**
	 * One customer's month ends.
	 * @param activeMonths the months from the month before the period to its last at whose end the
	 * customer had MRR > 0
	 * @param activeEarlier whether it had MRR > 0 at the end of a month before those
	 */
	public record CustomerMonths(String customerId, Set<YearMonth> activeMonths, boolean activeEarlier) {
	}

	public static PeriodCustomers of(ReportingPeriod period, Collection<CustomerMonths> customers) {
		long start = 0;
		long newCustomers = 0;
		long reactivated = 0;
		long churned = 0;
		long end = 0;
		long joinedAndLeft = 0;
		for (CustomerMonths customer : customers) {
			boolean atStart = customer.activeMonths().contains(period.monthBefore());
			boolean atEnd = customer.activeMonths().contains(period.lastMonth());
			boolean inside = period.months().stream().anyMatch(customer.activeMonths()::contains);
			start += atStart ? 1 : 0;
			end += atEnd ? 1 : 0;
			if (atStart && !atEnd) {
				churned++;
			}
			else if (!atStart && atEnd) {
				if (customer.activeEarlier()) {
					reactivated++;
				}
				else {
					newCustomers++;
				}
			}
			else if (!atStart && inside) {
				joinedAndLeft++;
			}
		}
		return new PeriodCustomers(start, newCustomers, reactivated, churned, end, joinedAndLeft);
	}

}
