package io.churnreport.period;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What reporting a quarter or fiscal year came to, as data: {@code cli} alone puts it into words
 * and an exit code.
 */
public sealed interface PeriodOutcome {

	ReportingPeriod period();

	/**
	 * The period's figures were stored in mart.period_metric and written to {@code summaryFile},
	 * beside those of its fiscal year to date and of the same period a year before, each when all
	 * its months are complete.
	 */
	record Reported(ReportingPeriod period, Path summaryFile, Map<PeriodMetric, BigDecimal> metrics,
			Optional<Map<PeriodMetric, BigDecimal>> yearToDate, Optional<Map<PeriodMetric, BigDecimal>> lastYear)
			implements PeriodOutcome {
	}

	/** Months of the period that are not complete (never run, or their last run did not finish); nothing was written. */
	record MonthsNotComplete(ReportingPeriod period, List<YearMonth> months) implements PeriodOutcome {
	}

	/**
	 * The sums of the months' MRR movements do not lead from the period's start MRR to its end MRR
	 * in the month-end MRR history (a month was computed again since, on other source rows or
	 * settings); nothing was written.
	 */
	record BridgeDoesNotTie(ReportingPeriod period, PeriodMrrBridge bridge) implements PeriodOutcome {
	}

}
