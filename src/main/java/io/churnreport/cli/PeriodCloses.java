package io.churnreport.cli;

import java.nio.file.Path;
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
 * complete, as {@code report --quarter} and {@code --year} would. What it comes to is added to the
 * month's line; it never changes the month's outcome or exit code: {@code report} does it again.
 */
final class PeriodCloses {

	private static final Logger log = LoggerFactory.getLogger(PeriodCloses.class);

	private PeriodCloses() {
	}

	static CommandOutcome afterMonth(ConfigurableApplicationContext context, Completed completed, CommandOutcome outcome) {
		ChurnProperties properties = context.getBean(ChurnProperties.class);
		MonthJobOperations operations = context.getBean(MonthJobOperations.class);
		ReportingPeriod quarter = ReportingPeriod.quarterHolding(completed.month(), properties.fiscalYearStart().month());
		List<ReportingPeriod> ended = new ArrayList<>();
		if (quarter.lastMonth().equals(completed.month())) {
			ended.add(quarter);
		}
		ReportingPeriod year = ReportingPeriod.yearHolding(completed.month(), properties.fiscalYearStart().month());
		if (year.lastMonth().equals(completed.month())) {
			ended.add(year);
		}
		Path outputDirectory = completed.monthDirectory().toAbsolutePath().getParent();
		List<String> said = new ArrayList<>();
		for (ReportingPeriod period : ended) {
			String report = "churn-report report " + (period.isQuarter() ? "--quarter " : "--year ") + period.key();
			try {
				PeriodOutcome reported = context.getBean(PeriodClose.class)
					.report(period, operations::isComplete, outputDirectory);
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

}
