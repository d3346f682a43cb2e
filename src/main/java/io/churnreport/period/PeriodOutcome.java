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
	 * @param version the period's version: the last one again when its months are at the versions
	 * it was built from, the next one (a restatement) when a month was restated since
	 * @param months each month of the period with the version its results are in
	 * @param restatement what the version restates, when it does
	 * @param packFiles the pack's files ({@link PeriodPack}), its PDF first; empty without a pack
	 */
	record Reported(ReportingPeriod period, Path summaryFile, Map<PeriodMetric, BigDecimal> metrics,
			Optional<Map<PeriodMetric, BigDecimal>> yearToDate, Optional<Map<PeriodMetric, BigDecimal>> lastYear,
			int version, Map<YearMonth, Integer> months, Optional<Restatement> restatement,
			List<Path> packFiles) implements PeriodOutcome {
	}

	/**
	 * A version of the period that replaces an earlier one, as its months were restated.
	 * @param previousVersion the version replaced
	 * @param previousFiles where the files of the version replaced were moved
	 * @param restatedMonths the months at other versions than the replaced version was built from
	 * @param restatementFile the figures that changed
	 */
	record Restatement(int previousVersion, Path previousFiles, List<YearMonth> restatedMonths, Path restatementFile) {
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
