package io.churnreport.cli;

import java.nio.file.Path;
import java.time.Month;
import java.time.YearMonth;
import java.util.concurrent.Callable;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import io.churnreport.job.MonthJobOperations;
import io.churnreport.month.ReportingMonth;
import io.churnreport.period.PeriodClose;
import io.churnreport.period.ReportingPeriod;
import io.churnreport.system.ChurnProperties;

@Command(name = "report", mixinStandardHelpOptions = true,
		description = "Report a quarter or fiscal year from its completed months, without extracting anything: its "
				+ "customers, churn rates, MRR bridge and 12-month NRR and GRR, stored in mart.period_metric and written "
				+ "to <out>/<period>/period-summary.csv, with the period's pack (quarterly-pack.pdf or annual-pack.pdf, "
				+ "and .xlsx) in the reports' language. Quarters and fiscal years start from churn.fiscal-year-start. "
				+ "Exit 10 when a month of the period is not complete.")
class ReportCommand extends ContextCommand implements Callable<Integer> {

	@ArgGroup(exclusive = true, multiplicity = "1")
	Period period;

	static class Period {

		@Option(names = "--quarter", paramLabel = "YYYY-QN", required = true,
				description = "A quarter of a fiscal year, e.g. 2026-Q3 (the label FY2026 Q3).")
		String quarter;

		@Option(names = "--year", paramLabel = "FYYYYY", required = true,
				description = "A fiscal year, named by the calendar year it ends in, e.g. FY2026.")
		String year;

	}

	@Option(names = "--out", paramLabel = "DIR",
			description = "Directory the period's directory is written to (default: churn.output-directory).")
	Path outputDirectory;

	@Mixin
	ConfigOption config;

	@Override
	public Integer call() {
		try {
			// the form does not depend on the fiscal year's first month: refused before anything starts
			parse(Month.JANUARY);
		}
		catch (IllegalArgumentException ex) {
			spec.commandLine().getErr().println("churn-report: " + ex.getMessage() + ".");
			return ExitCodes.USAGE;
		}
		String asked = period.quarter != null ? period.quarter : period.year;
		return inExistingContext(config.directory(), config.propertyOverrides(),
				dataDirectory -> NoDatabaseOutcomes.noMonthsOfPeriod(asked, dataDirectory), context -> {
			ChurnProperties properties = context.getBean(ChurnProperties.class);
			MonthJobOperations operations = context.getBean(MonthJobOperations.class);
			ReportingPeriod reported = parse(properties.fiscalYearStart().month());
			YearMonth lastEnded = ReportingMonth.lastEnded(properties.timeZone());
			if (reported.lastMonth().isAfter(lastEnded)) {
				// its months could not be run yet: advising to run them would only meet another refusal
				return new CommandOutcome(ExitCodes.USAGE, reported.label() + " has not ended yet in "
						+ properties.timeZone().getId() + ": its last month, " + ReportingMonth.format(reported.lastMonth())
						+ ", is not over. A period is reported once all its months have run; the last month that has "
						+ "ended is " + ReportingMonth.format(lastEnded) + ".");
			}
			try {
				return PeriodOutcomes.of(context.getBean(PeriodClose.class)
					.report(reported, operations::isComplete,
							outputDirectory != null ? outputDirectory : properties.outputDirectory()));
			}
			catch (RuntimeException ex) {
				return PeriodOutcomes.failed(reported, ex);
			}
		});
	}

	private ReportingPeriod parse(Month fiscalYearStart) {
		return period.quarter != null ? ReportingPeriod.quarter(period.quarter, fiscalYearStart)
				: ReportingPeriod.year(period.year, fiscalYearStart);
	}

}
