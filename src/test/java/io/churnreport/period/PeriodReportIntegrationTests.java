package io.churnreport.period;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.churnreport.cli.ExitCodes;
import io.churnreport.support.FixtureInstallation;
import io.churnreport.support.FixtureInstallation.CommandResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code report --quarter} on the hand-made fixture of MonthlyChurnJobFunctionalIntegrationTests,
 * whose month-end MRR is, in Europe/Istanbul:
 *
 * <pre>
 * customer        Dec     Jan     Feb     Mar
 * 1               100     100     100     100
 * 2                50      50      50      -    churned in March
 * 3                 -   83.33   83.33   83.33   new in January (annual 1000 / 12)
 * 4                30      30       -       -   churned in February
 * 5                80      80      80      -    churned in March
 * 6                40      40      40      -    churned in March
 * 7                 -       -       -      60   new in March
 * 8                70       -       -      70   left in January, back in March
 * 9                20      20      20      35   upgrade in March
 * 11               40      40      40      25   contraction in March
 * 12               45      45      45      45
 * 13               10      10      10      10
 * customers        10      10       9       8
 * MRR          485.00  498.33  468.33  428.33
 * </pre>
 *
 * 2025-Q1 (January to March, its start the end of December): 10 at the start (1, 2, 4, 5, 6, 8,
 * 9, 11, 12, 13), 8 at the end (1, 3, 7, 8, 9, 11, 12, 13); new 3 and 7; churned 2, 4, 5 and 6;
 * 8 was there at both ends, so it is neither churned nor reactivated in the quarter (the months
 * count it as churned in January and reactivated in March); nobody joined and left inside it.
 * 10 + 2 + 0 - 4 = 8; churn rate 4 / 10 = 0.400000. Monthly churn rates 0.1, 0.1 and 0.333333:
 * average 0.177778, compounded 1 - 0.9 x 0.9 x 0.666667 = 0.460000.
 * MRR bridge, the sums of the months': new 83.33 (3, Jan) + 60.00 (7, Mar) = 143.33; reactivation
 * 70.00 (8, Mar); expansion 15.00 (9); contraction 15.00 (11); churned 70.00 (8, Jan) + 30.00 (4,
 * Feb) + 170.00 (2, 5, 6, Mar) = 270.00; 485.00 + 143.33 + 70.00 + 15.00 - 15.00 - 270.00 =
 * 428.33, the March month-end MRR. Gross MRR churn (270 + 15) / 485 = 0.587629, net (270 + 15 - 15
 * - 70) / 485 = 0.412371, quick ratio (143.33 + 15) / (15 + 270) = 0.555544. Nobody paid in March
 * 2024, twelve months before the quarter's end: NRR and GRR are empty.
 */
class PeriodReportIntegrationTests {

	@TempDir
	Path directory;

	@Test
	void reportsAQuarterOnceAllItsMonthsAreCompleteAndRefusesBefore() throws IOException {
		FixtureInstallation installation = FixtureInstallation.create(directory);
		installation.runSucceeding("run", "--month", "2025-01");
		installation.runSucceeding("run", "--month", "2025-03");

		// when February has not run, the quarter is refused, naming it and the command that runs it
		CommandResult refused = installation.run("report", "--quarter", "2025-Q1");

		assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.PERIOD_NOT_COMPLETE);
		assertThat(refused.err()).contains("FY2025 Q1 (2025-01 to 2025-03) cannot be reported: month 2025-02 is not "
				+ "complete (never run, or the last run did not finish). Nothing was written. Run it with: "
				+ "churn-report backfill --from 2025-02 --to 2025-02, then report the period again.");
		Path summary = directory.resolve("out").resolve("2025-Q1").resolve("period-summary.csv");
		assertThat(summary).doesNotExist();
		assertThat(installation.reporting().sql("SELECT count(*) FROM mart.period_metric").query(Long.class).single())
			.isZero();

		// once it has, the quarter is reported from the mart
		installation.runSucceeding("run", "--month", "2025-02");
		CommandResult reported = installation.runSucceeding("report", "--quarter", "2025-Q1");

		assertThat(reported.out()).contains("FY2025 Q1 (2025-01 to 2025-03) reported: " + summary
				+ ", stored in mart.period_metric; no comparison with FY2024 Q1, the same period last year, as not all its "
				+ "months are complete");
		assertThat(Files.readString(summary, StandardCharsets.UTF_8)).isEqualTo("""
				metric,value,year_to_date,same_period_last_year,change
				customers_start,10,10,,
				customers_new,2,2,,
				customers_reactivated,0,0,,
				customers_churned,4,4,,
				customers_end,8,8,,
				customers_joined_and_left,0,0,,
				churned_managed,2,2,,
				churned_unmanaged,0,0,,
				churned_unclassified,1,1,,
				churned_no_reason,1,1,,
				churn_rate,0.400000,0.400000,,
				monthly_churn_rate_average,0.177778,0.177778,,
				monthly_churn_rate_compounded,0.460000,0.460000,,
				managed_churn_rate,0.200000,0.200000,,
				target_churn_rate,,,,
				target_managed_churn_rate,,,,
				mrr_start,485.00,485.00,,
				mrr_new,143.33,143.33,,
				mrr_reactivation,70.00,70.00,,
				mrr_expansion,15.00,15.00,,
				mrr_contraction,15.00,15.00,,
				mrr_churned,270.00,270.00,,
				mrr_fx,0.00,0.00,,
				mrr_end,428.33,428.33,,
				gross_mrr_churn_rate,0.587629,0.587629,,
				net_mrr_churn_rate,0.412371,0.412371,,
				quick_ratio,0.555544,0.555544,,
				nrr_12m,,,,
				grr_12m,,,,
				""");
		// the four churned by the reason of their last churn in the quarter, with their MRR at its start:
		// 5 moved abroad (a code churn-reasons.yml does not list, so labelled by itself), 80.00; 2 price too high, 50.00; 6
		// without a CRM record, 40.00; 4 payment failed (February), 30.00
		assertThat(Files.readString(summary.resolveSibling("churn-by-reason.csv"), StandardCharsets.UTF_8))
			.isEqualTo("""
					reason_class,reason_code,reason_label,customers,mrr_at_start
					unclassified,moved_abroad,moved_abroad,1,80.00
					managed,price_too_high,Price too high,1,50.00
					no_reason,,,1,40.00
					managed,nonpayment,Payment failed,1,30.00
					""");
		// the customers acquired in each quarter: 2024-Q4 the ten of December (485.00 then), of whom
		// 1, 8, 9, 11, 12 and 13 are active at the end of March with 100 + 70 + 35 + 25 + 45 + 10 =
		// 285.00 (285 / 485 = 0.587629); 2025-Q1 customers 3 and 7 with 83.33 + 60.00
		assertThat(Files.readString(summary.resolveSibling("cohort-retention.csv"), StandardCharsets.UTF_8))
			.isEqualTo("""
					cohort,periods_since,customers_active,cohort_size,retention_rate,cohort_mrr,mrr_active,revenue_retention_rate
					2024-Q4,0,10,10,1.000000,485.00,485.00,1.000000
					2024-Q4,1,6,10,0.600000,485.00,285.00,0.587629
					2025-Q1,0,2,2,1.000000,143.33,143.33,1.000000
					""");
		assertThat(installation.reporting()
			.sql("SELECT first_month || ' ' || last_month || ' ' || value FROM mart.period_metric"
					+ " WHERE period = '2025-Q1' AND metric = 'churn_rate'")
			.query(String.class)
			.single()).isEqualTo("2025-01-01 2025-03-01 0.400000");
		assertThat(installation.reporting().sql("SELECT count(*) FROM mart.period_metric WHERE period = '2025-Q1'")
			.query(Long.class)
			.single()).isEqualTo(PeriodMetric.values().length);

		// once the same quarter of the year before is complete too (nobody paid then: the fixture's
		// customers start in October 2024), each figure stands beside last year's and the change:
		// 10 - 0 customers at the start, 428.33 - 0.00 MRR at the end; no churn rate last year (no
		// customer at its start), so no change either
		installation.runSucceeding("backfill", "--from", "2024-01", "--to", "2024-03");
		CommandResult compared = installation.runSucceeding("report", "--quarter", "2025-Q1");

		assertThat(compared.out()).contains("; beside FY2024 Q1, the same period last year");
		assertThat(Files.readString(summary, StandardCharsets.UTF_8)).contains("\ncustomers_start,10,10,0,10\n",
				"\ncustomers_churned,4,4,0,4\n", "\nchurn_rate,0.400000,0.400000,,\n", "\nmrr_end,428.33,428.33,0.00,428.33\n");

		// and a fiscal year starting in April makes the same months the fourth quarter of FY2025, its
		// year to date April 2024 to March 2025: nobody at its start (the customers start in October
		// 2024), so none churned and the 8 at its end are all new; MRR from 0.00 to 428.33
		installation.runSucceeding("backfill", "--from", "2024-04", "--to", "2024-12");

		// with every month of 2024 run, its fiscal year (January start) reports too: nobody at its
		// start, the ten of December all new and none gone; its cohort is those ten with 485.00
		installation.runSucceeding("report", "--year", "FY2024");
		Path year = directory.resolve("out").resolve("FY2024").resolve("period-summary.csv");
		assertThat(Files.readString(year, StandardCharsets.UTF_8)).contains("\ncustomers_start,0,0,,\n",
				"\ncustomers_new,10,10,,\n", "\ncustomers_churned,0,0,,\n", "\ncustomers_end,10,10,,\n",
				"\ncustomers_joined_and_left,0,0,,\n", "\nmrr_start,0.00,0.00,,\n", "\nmrr_end,485.00,485.00,,\n");
		assertThat(Files.readString(year.resolveSibling("cohort-retention.csv"), StandardCharsets.UTF_8))
			.endsWith("\nFY2024,0,10,10,1.000000,485.00,485.00,1.000000\n");

		installation.withSettings("  fiscal-year-start: 4\n");
		CommandResult fiscal = installation.runSucceeding("report", "--quarter", "FY2025-Q4");
		assertThat(Files.readString(directory.resolve("out").resolve("2025-Q4").resolve("period-summary.csv")))
			.contains("\ncustomers_start,10,0,", "\ncustomers_churned,4,0,", "\ncustomers_end,8,8,",
					"\ncustomers_new,2,8,", "\ncustomers_reactivated,0,0,", "\nchurn_rate,0.400000,,",
					"\nmrr_start,485.00,0.00,", "\nmrr_end,428.33,428.33,");
		assertThat(fiscal.out()).contains("FY2025 Q4 (2025-01 to 2025-03) reported: "
				+ directory.resolve("out").resolve("2025-Q4").resolve("period-summary.csv"));
		assertThat(installation.reporting()
			.sql("SELECT value FROM mart.period_metric WHERE period = '2025-Q4' AND metric = 'mrr_end'")
			.query(String.class)
			.single()).isEqualTo("428.33");
	}

	@Test
	void aFiscalYearStartThatIsNotAMonthIsABadConfiguration() {
		FixtureInstallation installation = FixtureInstallation.create(directory).withSettings("  fiscal-year-start: 13\n");

		CommandResult result = installation.run("report", "--year", "FY2025");

		assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.BAD_CONFIGURATION);
		assertThat(result.err()).as(result.toString()).contains("churn.fiscal-year-start", "'13' is not a month");
	}

	@Test
	void aPeriodThatIsNotOneIsAWrongCommandLine() {
		CommandResult result = FixtureInstallation.runBare("report", "--quarter", "2025-07");

		assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
		assertThat(result.err()).contains("'2025-07' is not a quarter: write it as YYYY-QN, e.g. 2026-Q3");
	}

	@Test
	void aPeriodThatHasNotEndedIsRefusedWithTheLastMonthThatHas() {
		FixtureInstallation installation = FixtureInstallation.create(directory);

		CommandResult result = installation.run("report", "--quarter", "2999-Q1");

		assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
		assertThat(result.err()).contains("FY2999 Q1 has not ended yet in Europe/Istanbul: its last month, 2999-03, is not "
				+ "over. A period is reported once all its months have run; the last month that has ended is ");
		assertThat(installation.monthDirectory("2999-Q1")).doesNotExist();
	}

	@Test
	void theRunOfAQuartersLastMonthReportsTheQuarterOnceAllItsMonthsAreComplete() throws IOException {
		FixtureInstallation installation = FixtureInstallation.create(directory);
		Path summary = directory.resolve("out").resolve("2025-Q1").resolve("period-summary.csv");

		// March ends the quarter, but January has not run: the month completes, the quarter waits
		CommandResult march = installation.runSucceeding("run", "--month", "2025-03");
		assertThat(march.out()).doesNotContain("FY2025 Q1");
		assertThat(summary).doesNotExist();

		// nor does February, which ends no quarter, report it
		installation.runSucceeding("run", "--month", "2025-01");
		CommandResult february = installation.runSucceeding("run", "--month", "2025-02");
		assertThat(february.out()).doesNotContain("FY2025 Q1");
		assertThat(summary).doesNotExist();

		// a rerun of March, once all three months are complete, reports it as report --quarter does
		CommandResult rerun = installation.runSucceeding("rerun", "--month", "2025-03", "--force", "--reason",
				"the quarter's months are all in");
		assertThat(rerun.out()).contains("FY2025 Q1 (2025-01 to 2025-03) reported: " + summary.toAbsolutePath());
		assertThat(Files.readString(summary, StandardCharsets.UTF_8)).contains("\ncustomers_start,10,10,,\n",
				"\ncustomers_end,8,8,,\n", "\nchurn_rate,0.400000,0.400000,,\n");
	}

}
