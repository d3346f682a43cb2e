package io.churnreport.cli;

import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;

import io.churnreport.job.MonthJobOperations;
import io.churnreport.job.MonthOutcome.Completed;
import io.churnreport.period.PeriodClose;
import io.churnreport.period.PeriodOutcome;
import io.churnreport.period.ReportingPeriod;
import io.churnreport.system.ChurnProperties;
import io.churnreport.system.Failures;

import static io.churnreport.cli.CommandOutcome.withoutFinalStop;

/**
 * Reports the quarter, and the fiscal year, that a completed month ends, once all their months are
 * complete, as {@code report --quarter} and {@code --year} would; and the quarter and year holding
 * a month completed again after they were reported (a forced rerun), which restates them. What it comes to is added to the
 * month's line; it never changes the month's outcome or exit code: {@code report} does it again.
 */
final class PeriodCloses {

	private static final Logger log = LoggerFactory.getLogger(PeriodCloses.class);

	private PeriodCloses() {
	}

	static CommandOutcome afterMonth(ConfigurableApplicationContext context, Completed completed, CommandOutcome outcome) {
		MonthJobOperations operations = context.getBean(MonthJobOperations.class);
		PeriodClose close = context.getBean(PeriodClose.class);
		List<ReportingPeriod> ended = toReport(context, completed.month());
		Path outputDirectory = completed.monthDirectory().toAbsolutePath().getParent();
		List<String> said = new ArrayList<>();
		for (ReportingPeriod period : ended) {
			String report = PeriodOutcomes.command(period);
			try {
				PeriodOutcome reported = close.report(period, operations::isComplete, outputDirectory);
				if (reported instanceof PeriodOutcome.MonthsNotComplete) {
					log.info("{} is not reported: not all its months are complete ({} once they are)", period.label(),
							report);
				}
				else {
					said.add(withoutFinalStop(PeriodOutcomes.of(reported).message()) + ".");
				}
			}
			catch (RuntimeException ex) {
				// the month is complete whatever befalls its period
				log.warn("Could not report {}: {}", period.label(), Failures.rootMessage(ex));
				said.add(period.label() + " could not be reported (" + Failures.rootMessage(ex)
						+ "); the month stays complete: report it with: " + report + ".");
			}
		}
		return said.isEmpty() ? outcome : outcome.followedBy(String.join(" ", said));
	}

	/**
	 * The quarter and fiscal year a completed month ends, and those holding it that were reported
	 * before (a month completed again restates them).
	 */
	static List<ReportingPeriod> toReport(ConfigurableApplicationContext context, YearMonth month) {
		ChurnProperties properties = context.getBean(ChurnProperties.class);
		PeriodClose close = context.getBean(PeriodClose.class);
		List<ReportingPeriod> periods = new ArrayList<>();
		for (ReportingPeriod period : List.of(ReportingPeriod.quarterHolding(month, properties.fiscalYearStart().month()),
				ReportingPeriod.yearHolding(month, properties.fiscalYearStart().month()))) {
			// a period reported before is reported again after any of its months, which restates it
			if (period.lastMonth().equals(month) || wasReported(close, period)) {
				periods.add(period);
			}
		}
		return periods;
	}

	private static boolean wasReported(PeriodClose close, ReportingPeriod period) {
		try {
			return close.wasReported(period);
		}
		catch (RuntimeException ex) {
			// as below: the month is complete whatever befalls its period
			log.warn("Could not tell whether {} was reported before: {}", period.label(), Failures.rootMessage(ex));
			return false;
		}
	}

}
