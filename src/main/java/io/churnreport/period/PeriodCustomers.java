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

		Standing standing(ReportingPeriod period) {
			return new Standing(activeMonths.contains(period.monthBefore()), activeMonths.contains(period.lastMonth()),
					period.months().stream().anyMatch(activeMonths::contains), activeEarlier, 1);
		}

	}

	/**
	 * How many customers stand alike at the period's ends: active (MRR > 0) at its start, at its
	 * end, at the end of any of its months, and before its start. The reporting database counts
	 * them so, a handful of rows whatever the number of customers.
	 */
	public record Standing(boolean atStart, boolean atEnd, boolean activeInside, boolean activeEarlier, long customers) {
	}

	public static PeriodCustomers of(ReportingPeriod period, Collection<CustomerMonths> customers) {
		return counted(customers.stream().map(customer -> customer.standing(period)).toList());
	}

	public static PeriodCustomers counted(Collection<Standing> standings) {
		long start = 0;
		long newCustomers = 0;
		long reactivated = 0;
		long churned = 0;
		long end = 0;
		long joinedAndLeft = 0;
		for (Standing standing : standings) {
			long count = standing.customers();
			start += standing.atStart() ? count : 0;
			end += standing.atEnd() ? count : 0;
			if (standing.atStart() && !standing.atEnd()) {
				churned += count;
			}
			else if (!standing.atStart() && standing.atEnd()) {
				if (standing.activeEarlier()) {
					reactivated += count;
				}
				else {
					newCustomers += count;
				}
			}
			else if (!standing.atStart() && standing.activeInside()) {
				joinedAndLeft += count;
			}
		}
		return new PeriodCustomers(start, newCustomers, reactivated, churned, end, joinedAndLeft);
	}

}
