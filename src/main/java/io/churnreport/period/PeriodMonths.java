package io.churnreport.period;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/** Consecutive months whose figures are computed together: a quarter, a fiscal year, a year to date. */
public interface PeriodMonths {

	YearMonth firstMonth();

	YearMonth lastMonth();

	/** The month whose end is the period's start. */
	default YearMonth monthBefore() {
		return firstMonth().minusMonths(1);
	}

	/** The months of the period, in order. */
	default List<YearMonth> months() {
		List<YearMonth> months = new ArrayList<>();
		for (YearMonth month = firstMonth(); !month.isAfter(lastMonth()); month = month.plusMonths(1)) {
			months.add(month);
		}
		return months;
	}

	/** The months of a fiscal year from its first to a given one, e.g. April to December for FY2026 Q3. */
	record YearToDate(YearMonth firstMonth, YearMonth lastMonth) implements PeriodMonths {
	}

}
