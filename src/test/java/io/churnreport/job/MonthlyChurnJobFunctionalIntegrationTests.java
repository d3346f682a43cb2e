package io.churnreport.job;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.churnreport.cli.ExitCodes;
import io.churnreport.support.FixtureInstallation;
import io.churnreport.support.FixtureInstallation.CommandResult;
import io.churnreport.support.PdfText;
import io.churnreport.month.Metric;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The monthly job from the command line to the files it writes, on the hand-made billing and CRM
 * fixture (src/test/resources/fixture). Every expected figure below was worked out by hand from
 * the fixture's rows, in the Europe/Istanbul time zone:
 *
 * <pre>
 * month-end MRR   Dec     Jan     Feb     Mar
 * 1               100     100     100     100
 * 2                50      50      50      -    cancelled 15 Mar, CRM: PRICE_TOO_HIGH (managed)
 * 3                 -   83.33   83.33   83.33   annual 1000 / 12, new in Jan
 * 4                30      30       -       -   non-payment 20 Feb, no CRM: reason nonpayment
 * 5                80      80      80       -   ends at the first instant of March, CRM: moved_abroad (unclassified)
 * 6                40      40      40       -   cancelled 10 Mar, no CRM: no reason
 * 7                 -       -       -      60   trial in Feb, paid from Mar: new in Mar
 * 8                70       -       -      70   left 20 Jan (moved, unmanaged), back 5 Mar: reactivated
 * 9                20      20      20      35   upgrade: not a movement of customers
 * 10                -       -       -       -   trial only
 * 11               40      40      40      25   one of two subscriptions cancelled: contraction
 * 12               45      45      45      45   saved by the retention desk
 * 13               10      10      10      10   ends 1 Apr 01:00 Istanbul = 31 Mar 22:00 UTC
 * customers        10      10       9       8
 * MRR          485.00  498.33  468.33  428.33
 * </pre>
 */
class MonthlyChurnJobFunctionalIntegrationTests {

	@TempDir
	Path directory;

	FixtureInstallation installation;

	@BeforeEach
	void createInstallation() {
		installation = FixtureInstallation.create(directory);
	}

	@Test
	void writesTheMonthsFiguresToCsvAndPdf() throws IOException {
		// given three months run in order
		for (String month : new String[] { "2025-01", "2025-02", "2025-03" }) {
			CommandResult result = installation.run("run", "--month", month);
			assertThat(result.exitCode()).as(result.toString()).isZero();
			assertThat(result.out()).contains("Month " + month + " completed");
		}

		// then March's summary ties: 9 at start + 1 new + 1 reactivated - 3 churned = 8 at end, and
		// 468.33 + 60.00 new (7) + 70.00 reactivated (8) + 15.00 expansion (9) - 15.00 contraction (11)
		// - 170.00 churned (2, 5, 6) = 428.33
		assertThat(installation.read("2025-03", "summary.csv")).isEqualTo("""
				metric,value
				customers_start,9
				customers_new,1
				customers_reactivated,1
				customers_churned,3
				customers_end,8
				churn_rate,0.333333
				mrr_start,468.33
				mrr_end,428.33
				churned_managed,1
				churned_unmanaged,0
				churned_unclassified,1
				churned_no_reason,1
				mrr_new,60.00
				mrr_reactivation,70.00
				mrr_expansion,15.00
				mrr_contraction,15.00
				mrr_churned,170.00
				mrr_fx,0.00
				gross_mrr_churn_rate,0.395021
				net_mrr_churn_rate,0.213525
				grr,0.604979
				nrr,0.637008
				quick_ratio,0.405405
				arpu,53.54
				avg_lifetime_months,3.00
				ltv,160.62
				churned_voluntary,3
				churned_involuntary,0
				mrr_churned_voluntary,170.00
				mrr_churned_involuntary,0.00
				churned_early,0
				mrr_churned_early,0.00
				early_churn_share,0.000000
				churned_same_month,0
				mrr_churned_same_month,0.00
				churned_to_competitors,1
				hidden_churn_customers,5
				hidden_churn_mrr,185.00
				hidden_churn_confirmed,3
				hidden_churn_confirmed_rate,0.375000
				cancellation_requests,2
				saved,1
				lost_at_desk,1
				save_rate,0.500000
				saved_then_churned_90d,0
				target_churn_rate,
				churn_rate_variance,
				managed_churn_rate,0.111111
				target_managed_churn_rate,
				managed_churn_rate_variance,
				churn_rate_trailing_3m_avg,0.100000
				alerts_raised,1
				at_risk_red_customers,
				at_risk_red_mrr,
				at_risk_yellow_customers,
				at_risk_yellow_mrr,
				risk_list_auc,
				risk_tenure_rule_auc,
				""");
		// customers at risk: a fixture of a dozen customers has far fewer churners than the model needs
		// to learn from (churn.risk.minimum-churners, 30), so the month is not scored and those are empty
		// gross MRR churn (170 + 15) / 468.33; net (170 + 15 - 15 - 70) / 468.33; GRR 283.33 / 468.33;
		// NRR 298.33 / 468.33; quick ratio (60 + 15) / (15 + 170); ARPU 428.33 / 8; lifetime 1 / 0.333333;
		// LTV 53.54 / 0.333333. Hidden churn at 1 April, 60 days: 8, 9, 11, 12, 13 (never paid, paying since
		// November or December) = 70 + 35 + 25 + 45 + 10; not 3, which paid its annual plan 85 days before, within
		// 60 + 11 x 30 days; of the 8 flagged
		// at 1 March (1, 2, 5, 6, 9, 11, 12, 13) 2, 5 and 6 have churned. Desk: 2 asked in March, 12 saved.
		// No targets.yml: no targets; managed 1 / 9; trailing average of January and February 0.1.
		assertThat(installation.read("2025-03", "alerts.csv")).startsWith("alert_type,subject,actual,threshold,message\n")
			.contains("churn_rate_move");
		assertThat(installation.read("2025-03", "churn-by-reason.csv")).isEqualTo("""
				reason_class,category,reason_code,reason_label,customers,mrr_lost
				managed,price,price_too_high,Price too high,1,50.00
				unclassified,,moved_abroad,moved_abroad,1,80.00
				no_reason,,,,1,40.00
				""");
		// revenue retention: cohort 2024-11 = 1, 5, 6, 8, 12, 13 with 345.00 in November, 275.00 from
		// January (8 gone), 225.00 in March (1, 8, 12, 13); cohort 2024-12 = 2, 4, 9, 11 with 140.00
		assertThat(installation.read("2025-03", "cohort-retention.csv")).isEqualTo("""
				cohort_month,months_since,customers_active,cohort_size,retention_rate,cohort_mrr,mrr_active,revenue_retention_rate
				2024-11,0,6,6,1.000000,345.00,345.00,1.000000
				2024-11,1,6,6,1.000000,345.00,345.00,1.000000
				2024-11,2,5,6,0.833333,345.00,275.00,0.797101
				2024-11,3,5,6,0.833333,345.00,275.00,0.797101
				2024-11,4,4,6,0.666667,345.00,225.00,0.652174
				2024-12,0,4,4,1.000000,140.00,140.00,1.000000
				2024-12,1,4,4,1.000000,140.00,140.00,1.000000
				2024-12,2,3,4,0.750000,140.00,110.00,0.785714
				2024-12,3,2,4,0.500000,140.00,60.00,0.428571
				2025-01,0,1,1,1.000000,83.33,83.33,1.000000
				2025-01,1,1,1,1.000000,83.33,83.33,1.000000
				2025-01,2,1,1,1.000000,83.33,83.33,1.000000
				2025-03,0,1,1,1.000000,60.00,60.00,1.000000
				""");
		assertThat(installation.read("2025-03", "departures-to-competitors.csv")).isEqualTo("""
				competitor,customers,mrr_lost,customers_trailing_12m,mrr_lost_trailing_12m
				CheapNet,1,50.00,1,50.00
				""");
		assertThat(installation.read("2025-03", "retention-desk.csv")).contains("price_too_high,Price too high,2,1,1,0.500000");
		assertThat(installation.read("2025-03", "trend.csv")).startsWith("month,").contains("\n2025-01,10,1,1,10,0.100000,")
			.contains("\n2025-03,9,1,3,8,0.333333,468.33,428.33,");

		// and the earlier months: January loses customer 8 (unmanaged), February customer 4 (non-payment)
		assertThat(installation.read("2025-01", "summary.csv")).contains("customers_start,10\n", "customers_new,1\n",
				"customers_churned,1\n", "customers_end,10\n", "churn_rate,0.100000\n", "mrr_start,485.00\n",
				"mrr_end,498.33\n", "churned_unmanaged,1\n");
		assertThat(installation.read("2025-01", "churn-by-reason.csv"))
			.contains("unmanaged,relocation,moved_out_of_area,Moved out of the service area,1,70.00\n");
		assertThat(installation.read("2025-02", "summary.csv")).contains("customers_start,10\n",
				"customers_churned,1\n", "customers_end,9\n", "churn_rate,0.100000\n", "mrr_end,468.33\n",
				"churned_managed,1\n");
		assertThat(installation.read("2025-02", "churn-by-reason.csv"))
			.contains("managed,payment,nonpayment,Payment failed,1,30.00\n");

		// and the spreadsheet beside the report holds the same datasets with numeric cells
		try (ReadableWorkbook workbook = new ReadableWorkbook(
				installation.monthDirectory("2025-03").resolve("management-report.xlsx").toFile())) {
			assertThat(workbook.getSheets().map(Sheet::getName)).containsExactly("summary", "churn-by-reason",
					"cohort-retention", "departures-to-competitors", "retention-desk", "hidden-churn", "at-risk-customers", "alerts",
					"trend", "data-quality");
			List<Row> summary = workbook.findSheet("summary").orElseThrow().read();
			assertThat(summary.get(0).getCell(0).asString()).isEqualTo("metric");
			assertThat(summary.get(1).getCell(0).asString()).isEqualTo("customers_start");
			assertThat(summary.get(1).getCell(1).getType()).isEqualTo(CellType.NUMBER);
			assertThat(summary.get(1).getCell(1).asNumber()).isEqualByComparingTo("9");
			assertThat(summary.get(6).getCell(1).asNumber()).isEqualByComparingTo("0.333333");
			List<Row> cohorts = workbook.findSheet("cohort-retention").orElseThrow().read();
			assertThat(cohorts).hasSize(14);
			assertThat(cohorts.get(5).getCell(0).asString()).isEqualTo("2024-11");
			assertThat(cohorts.get(5).getCell(7).asNumber()).isEqualByComparingTo("0.652174");
		}

		// and every value of the summary has the scale the metric catalogue declares for it
		assertThat(installation.read("2025-03", "summary.csv").lines().skip(1).map(line -> line.split(",", 2)))
			.hasSize(Metric.values().length)
			.allSatisfy(cells -> assertThat(cells[1].isEmpty() ? null : new BigDecimal(cells[1]).scale()).as(cells[0])
				.isIn(null, Metric.named(cells[0]).orElseThrow().scale()));

		// and the management report shows the same numbers, with February beside March
		Path pdf = installation.monthDirectory("2025-03").resolve("management-report.pdf");
		String text = PdfText.of(pdf);
		assertThat(text).contains("Anatolia Telecom", "March 2025", "33.33%", "10.00%", "468.33", "428.33",
				"Price too high", "moved_abroad", "Churn definition", "subscription");
		assertThat(PdfText.of(installation.monthDirectory("2025-03").resolve("finance-report.pdf"))).contains(
				"Anatolia Telecom", "468.33", "428.33", "170.00");
		assertThat(directory.resolve("out/2025-03")).isDirectoryNotContaining("glob:**.partial");
	}

	@Test
	void refusesToRunACompletedMonthAgain() throws Exception {
		assertThat(installation.run("run", "--month", "2025-02").exitCode()).isZero();
		Path summary = installation.monthDirectory("2025-02").resolve("summary.csv");
		var writtenAt = Files.getLastModifiedTime(summary);

		CommandResult again = installation.run("run", "--month", "2025-02");

		assertThat(again.exitCode()).isEqualTo(ExitCodes.ALREADY_COMPLETE);
		assertThat(again.err()).contains("Month 2025-02 is already complete", "nothing was done");
		assertThat(Files.getLastModifiedTime(summary)).isEqualTo(writtenAt);

		// asked with another --out, it names where the reports are, not the new directory
		Path elsewhere = installation.monthDirectory("").resolveSibling("elsewhere");
		CommandResult elsewhereAgain = FixtureInstallation.runBare("run", "--month", "2025-02", "--config",
				installation.configDirectory().toString(), "--out", elsewhere.toString());
		assertThat(elsewhereAgain.exitCode()).isEqualTo(ExitCodes.ALREADY_COMPLETE);
		assertThat(elsewhereAgain.err()).contains("Its reports are in " + installation.monthDirectory("2025-02") + ".");
		assertThat(elsewhere).doesNotExist();
	}

	@Test
	void resumesAFailedMonthFromTheFailedStepWithoutRepeatingCompletedSteps() {
		// given a CRM query that fails on a value it reads (a query that does not plan, such as one naming a table
		// that does not exist, is refused before the month starts: ConfigurationErrorsIntegrationTests)
		Path cancellations = installation.configDirectory().resolve("sources/crm/cancellations.sql");
		String goodQuery = readString(cancellations);
		FixtureInstallation.write(cancellations, goodQuery.replace("takes_effect AS effective_at",
				"(CASE WHEN why = 'price_too_high' THEN 'soon' ELSE takes_effect::text END)::timestamptz AS effective_at"));

		CommandResult failed = installation.run("run", "--month", "2025-03");

		assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(ExitCodes.JOB_FAILED);
		assertThat(failed.err()).contains("extractCancellationsStep", "\"soon\"", "cancellations.sql",
				"churn-report restart --month 2025-03");
		assertThat(installation.monthDirectory("2025-03").resolve("summary.csv")).doesNotExist();

		// when the operator fixes the query and restarts
		FixtureInstallation.write(cancellations, goodQuery);
		CommandResult restarted = installation.run("restart", "--month", "2025-03");

		// then the month completes, the failed step ran again and the steps before it did not
		assertThat(restarted.exitCode()).as(restarted.toString()).isZero();
		assertThat(stepExecutions("extractCustomersStep")).isEqualTo(1);
		assertThat(stepExecutions("extractInvoicesStep")).isEqualTo(1);
		assertThat(stepExecutions("extractCancellationsStep")).isEqualTo(2);
		assertThat(stepExecutions("renderReportStep")).isEqualTo(1);
		assertThat(installation.read("2025-03", "summary.csv")).contains("customers_churned,3\n",
				"churned_managed,1\n", "churned_unclassified,1\n", "churned_no_reason,1\n");
		// the staging tables hold each source row once
		assertThat(installation.reporting().sql("SELECT count(*) FROM staging.customer").query(Long.class).single())
			.isEqualTo(13);
	}

	@Test
	void stagingKeepsOnlyTheMonthsInFlightAndTheLastOneRun() {
		// given January and February run
		for (String month : new String[] { "2025-01", "2025-02" }) {
			assertThat(installation.run("run", "--month", month).exitCode()).isZero();
		}
		// and a March that fails in its last extract (its extracted sources stay staged for the restart), on a value
		// read: a query that does not plan is refused before the month starts
		Path cancellations = installation.configDirectory().resolve("sources/crm/cancellations.sql");
		String goodQuery = readString(cancellations);
		FixtureInstallation.write(cancellations, goodQuery.replace("takes_effect AS effective_at",
				"(CASE WHEN why = 'price_too_high' THEN 'soon' ELSE takes_effect::text END)::timestamptz AS effective_at"));
		assertThat(installation.run("run", "--month", "2025-03").exitCode()).isNotZero();

		// then January's staging was dropped when February started, February's when March started,
		// and March's extracted rows wait in its own partitions (13 customers in the fixture)
		assertThat(stagingPartitions()).containsExactly("cancellation_202503", "cancellation_default",
				"customer_202503", "customer_default",
				"invoice_202503", "invoice_default", "subscription_period_202503", "subscription_period_default");
		assertThat(count("staging.customer_202503")).isEqualTo(13);

		// when March is fixed and resumed, then April's start drops March's staging
		FixtureInstallation.write(cancellations, goodQuery);
		assertThat(installation.run("restart", "--month", "2025-03").exitCode()).isZero();
		assertThat(installation.run("run", "--month", "2025-04").exitCode()).isZero();
		assertThat(stagingPartitions()).contains("customer_202504").doesNotContain("customer_202503");
		// and nothing ever landed in the default partitions
		for (String table : new String[] { "customer", "subscription_period", "invoice", "cancellation" }) {
			assertThat(count("staging." + table + "_default")).as(table).isZero();
		}
	}

	@Test
	void crmWallClockTimesAreReadInTheReportingTimeZone() {
		// the CRM writes local times without a zone; the installation's zone is Europe/Istanbul (UTC+3)
		assertThat(installation.run("run", "--month", "2025-03").exitCode()).isZero();

		assertThat(installation.reporting().sql("""
				SELECT customer_id || ' ' || to_char(requested_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ' '
				       || coalesce(to_char(effective_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'), '-')
				FROM staging.cancellation WHERE run_month = '2025-03-01' ORDER BY requested_at
				""").query(String.class).list()).containsExactly("8 2025-01-10 08:00 2025-01-19 21:00",
				"5 2025-02-10 12:30 2025-02-28 21:00", "2 2025-03-01 07:00 2025-03-14 21:00", "12 2025-03-03 06:00 -");
	}

	private List<String> stagingPartitions() {
		return installation.reporting().sql("""
				SELECT child.relname FROM pg_inherits i
				JOIN pg_class child ON child.oid = i.inhrelid
				JOIN pg_namespace n ON n.oid = child.relnamespace
				WHERE n.nspname = 'staging' AND child.relkind = 'r' ORDER BY child.relname
				""").query(String.class).list();
	}

	private long count(String table) {
		return installation.reporting().sql("SELECT count(*) FROM " + table).query(Long.class).single();
	}

	@Test
	void theChurnersAreClassifiedFromMonthEndMrrAndTheMonthComputedOnceTheInvoicesAreMergedToo() {
		CommandResult run = installation.run("run", "--month", "2025-01");
		assertThat(run.exitCode()).as(run.toString()).isZero();

		// in the subscription definition the invoices are merged beside month-end MRR and the
		// classification, which do not read them: neither side waits for the other
		Map<String, StepSpan> steps = steps("2025-01");
		assertThat(steps.get("classifyChurnStep").started()).isAfterOrEqualTo(steps.get("computeMonthEndMrrStep").ended());
		assertThat(steps.get("computeMetricsStep").started()).isAfterOrEqualTo(steps.get("mergeInvoiceHistoryStep").ended())
			.isAfterOrEqualTo(steps.get("classifyChurnStep").ended());
	}

	@Test
	void inTheActivityDefinitionMonthEndMrrWaitsForTheInvoiceHistoryItIsComputedFrom() {
		installation.withSettings("  definition: activity\n");

		CommandResult run = installation.run("run", "--month", "2025-01");

		assertThat(run.exitCode()).as(run.toString()).isZero();
		Map<String, StepSpan> steps = steps("2025-01");
		assertThat(steps.get("computeMonthEndMrrStep").started()).isAfterOrEqualTo(steps.get("mergeInvoiceHistoryStep").ended());
	}

	/**
	 * When the month's steps started and ended, by name, as the job repository recorded them (read
	 * here rather than through {@code status --json}, whose run in this JVM would leave the console's
	 * log off for the tests after it).
	 */
	private Map<String, StepSpan> steps(String month) {
		Map<String, StepSpan> steps = new LinkedHashMap<>();
		installation.reporting().sql("""
				SELECT s.step_name, s.start_time, s.end_time
				FROM batch_step_execution s
				JOIN batch_job_execution_params p ON p.job_execution_id = s.job_execution_id AND p.parameter_name = 'month'
				WHERE p.parameter_value LIKE :month || '%'
				ORDER BY s.step_execution_id
				""").param("month", month).query((rs, n) -> new StepSpan(rs.getString("step_name"),
				rs.getTimestamp("start_time").toLocalDateTime(), rs.getTimestamp("end_time").toLocalDateTime()))
			.list()
			.forEach(step -> steps.put(step.name(), step));
		return steps;
	}

	private record StepSpan(String name, LocalDateTime started, LocalDateTime ended) {
	}

	private long stepExecutions(String stepName) {
		return installation.reporting()
			.sql("SELECT count(*) FROM batch_step_execution WHERE step_name = :name")
			.param("name", stepName)
			.query(Long.class)
			.single();
	}

	private static String readString(Path file) {
		try {
			return Files.readString(file);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
