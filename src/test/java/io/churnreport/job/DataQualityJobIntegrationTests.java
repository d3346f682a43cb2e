package io.churnreport.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.churnreport.cli.ExitCodes;
import io.churnreport.support.FixtureInstallation;
import io.churnreport.support.FixtureInstallation.CommandResult;
import io.churnreport.support.PdfText;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The check of the source data through the real job, from the command line, on the functional
 * test's billing and CRM fixture (src/test/resources/fixture) with dirty rows added. The clean
 * fixture has no row to quarantine and three voluntary ends without a CRM cancellation
 * (subscriptions 601, 1102 and 1301 of customers 6, 11 and 13), which are kept and flagged;
 * March 2025 of the clean fixture is worked out in MonthlyChurnJobFunctionalIntegrationTests.
 */
class DataQualityJobIntegrationTests {

	/** Customer 14 with a period at a negative price and one billed every 2 months. */
	private static final String CUSTOMER_14_WITH_TWO_BAD_PERIODS = """
			INSERT INTO account VALUES (14, '2024-11-01 00:00+03', 'consumer', 'north');
			INSERT INTO price_period VALUES
			 (1401, 14, 'plus', '2024-11-01 00:00+03', NULL, -30.00, 1, 'EUR', false, NULL),
			 (1402, 14, 'plus', '2024-11-01 00:00+03', NULL, 30.00, 2, 'EUR', false, NULL);
			""";

	@TempDir
	Path directory;

	FixtureInstallation installation;

	@BeforeEach
	void createInstallation() {
		installation = FixtureInstallation.create(directory);
	}

	@Test
	void dirtyRowsAreQuarantinedCountedAndReportedWhileTheFiguresStayThoseOfTheCleanRows() throws IOException {
		// given four bad rows out of 19 subscription periods, 4 invoices and 5 cancellations, and a limit that lets
		// them through
		configure("max-quarantined-percent: 30");
		installation.billing().sql(CUSTOMER_14_WITH_TWO_BAD_PERIODS).update();
		installation.billing().sql("INSERT INTO bill VALUES (4, 99, '2025-03-10 00:00+03', 25.00, 'EUR', NULL)").update();
		installation.crm().sql("""
				INSERT INTO churn_request (client, asked, takes_effect, why, note, rival, result)
				VALUES (77, '2025-03-05 10:00', NULL, 'price_too_high', 'Not a billing customer', NULL, 'churned')
				""").update();

		CommandResult result = installation.run("run", "--month", "2025-03");

		// then the month completes with the clean fixture's figures: customer 14 never had a valid period, and
		// the request of customer 77 is not one of March's 2 requests
		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(installation.read("2025-03", "summary.csv")).contains("customers_start,9\n", "customers_new,1\n",
				"customers_reactivated,1\n", "customers_churned,3\n", "customers_end,8\n", "mrr_start,468.33\n",
				"mrr_end,428.33\n", "cancellation_requests,2\n", "hidden_churn_customers,5\n");
		assertThat(installation.read("2025-03", "data-quality.csv")).isEqualTo("""
				month,source,rule,action,rows,rows_extracted
				2025-03,subscriptions,negative_amount,quarantined,1,19
				2025-03,subscriptions,interval_not_allowed,quarantined,1,19
				2025-03,subscriptions,voluntary_end_without_cancellation,kept-and-flagged,3,19
				2025-03,invoices,unknown_customer,quarantined,1,4
				2025-03,cancellations,unknown_customer,quarantined,1,5
				""");
		assertThat(installation.reporting().sql("""
				SELECT source || ' ' || rule || ' ' || coalesce(source_row->>'subscription_id', source_row->>'invoice_id',
				                                                source_row->>'customer_id')
				FROM quality.quarantined_row WHERE run_month = '2025-03-01' ORDER BY 1
				""").query(String.class).list()).containsExactly("cancellations unknown_customer 77",
				"invoices unknown_customer 4", "subscriptions interval_not_allowed 1402",
				"subscriptions negative_amount 1401");
		assertThat(installation.reporting()
			.sql("SELECT count(*) FROM mart.data_quality WHERE month = '2025-03-01'")
			.query(Long.class)
			.single()).isEqualTo(5);
		try (ReadableWorkbook workbook = new ReadableWorkbook(
				installation.monthDirectory("2025-03").resolve("management-report.xlsx").toFile())) {
			List<Row> sheet = workbook.findSheet("data-quality").orElseThrow().read();
			assertThat(sheet).hasSize(6);
			assertThat(sheet.get(1).getCell(2).asString()).isEqualTo("negative_amount");
			assertThat(sheet.get(1).getCell(5).asNumber()).isEqualByComparingTo("19");
		}
		String report = PdfText.of(installation.monthDirectory("2025-03").resolve("management-report.pdf"));
		assertThat(report).contains("Subscription periods (subscriptions.sql) 19", "Invoices (invoices.sql) 4",
				"Cancellation requests (cancellations.sql) 5")
			.contains("Subscription periods Negative amount (negative_amount) 19 1 –",
					"Subscription periods Billing interval not allowed (interval_not_allowed) 19 1 –",
					"Subscription periods Voluntary end without a CRM cancellation (voluntary_end_without_cancellation) 19 – 3",
					"Invoices Customer not in billing (unknown_customer) 4 1 –",
					"Cancellation requests Customer not in billing (unknown_customer) 5 1 –");
	}

	@Test
	void tooManyQuarantinedRowsFailTheMonthBeforeAnythingIsPublishedAndARestartAfterRaisingTheLimitChecksTheSameRows()
			throws IOException {
		// given one bad period of 18: 5.56 %, above the default limit of 1 %
		installation.billing()
			.sql("""
					INSERT INTO account VALUES (14, '2024-11-01 00:00+03', 'consumer', 'north');
					INSERT INTO price_period VALUES (1402, 14, 'plus', '2024-11-01 00:00+03', NULL, 30.00, 2, 'EUR', false, NULL);
					""")
			.update();

		CommandResult failed = installation.run("run", "--month", "2025-03");

		assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(ExitCodes.DATA_QUALITY_LIMIT);
		assertThat(failed.err()).startsWith("churn-report: Month 2025-03 failed in step checkSourceDataStep (execution ")
			.contains("Source data failed the data-quality limit of 1% quarantined rows per source "
					+ "(churn.data-quality.max-quarantined-percent): subscriptions: 1 of 18 rows quarantined (5.56%): "
					+ "interval_not_allowed 1. Nothing was published for 2025-03. See the rows with: SELECT source, rule, "
					+ "source_row FROM quality.quarantined_row WHERE run_month = '2025-03-01'. Fix them in the source: "
					+ "billing (" + installation.configDirectory().resolve("sources/billing/subscriptions.sql")
					+ "), then extract the month again with: churn-report restart --month 2025-03 --re-extract; or, if "
					+ "these rows may be left out, raise churn.data-quality.max-quarantined-percent and check the same "
					+ "rows again with: churn-report restart --month 2025-03\n");
		// nothing published, no file under a final name, the row waits in the quarantine
		assertThat(martRows("2025-03-01")).isZero();
		assertThat(filesIn(installation.monthDirectory("2025-03"))).isEmpty();
		assertThat(installation.reporting()
			.sql("SELECT rule || ' ' || (source_row->>'subscription_id') FROM quality.quarantined_row")
			.query(String.class)
			.list()).containsExactly("interval_not_allowed 1402");

		// when the operator accepts leaving the row out and restarts
		configure("max-quarantined-percent: 10");
		CommandResult restarted = installation.run("restart", "--month", "2025-03");

		// then the same staged rows were checked again, not extracted again, and the month completes
		assertThat(restarted.exitCode()).as(restarted.toString()).isZero();
		assertThat(stepExecutions("extractSubscriptionsStep")).isEqualTo(1);
		assertThat(stepExecutions("checkSourceDataStep")).isEqualTo(2);
		assertThat(installation.read("2025-03", "data-quality.csv")).isEqualTo("""
				month,source,rule,action,rows,rows_extracted
				2025-03,subscriptions,interval_not_allowed,quarantined,1,18
				2025-03,subscriptions,voluntary_end_without_cancellation,kept-and-flagged,3,18
				""");
		assertThat(installation.reporting().sql("SELECT count(*) FROM quality.quarantined_row").query(Long.class).single())
			.isEqualTo(1);
		assertThat(installation.read("2025-03", "summary.csv")).contains("customers_end,8\n", "mrr_end,428.33\n");
	}

	@Test
	void afterTheSourceIsFixedRestartReExtractExtractsAndChecksTheMonthAgain() {
		installation.billing().sql(CUSTOMER_14_WITH_TWO_BAD_PERIODS).update();
		assertThat(installation.run("run", "--month", "2025-03").exitCode()).isEqualTo(ExitCodes.DATA_QUALITY_LIMIT);

		// when billing deletes the bad periods, a plain restart still checks the rows extracted before
		installation.billing().sql("DELETE FROM price_period WHERE contract_id IN (1401, 1402)").update();
		CommandResult restarted = installation.run("restart", "--month", "2025-03");
		assertThat(restarted.exitCode()).as(restarted.toString()).isEqualTo(ExitCodes.DATA_QUALITY_LIMIT);
		assertThat(restarted.err()).contains("2 of 19 rows quarantined", "--re-extract");

		// and restart --re-extract starts the month again from the extract
		CommandResult reExtracted = installation.run("restart", "--month", "2025-03", "--re-extract");

		assertThat(reExtracted.exitCode()).as(reExtracted.toString()).isZero();
		assertThat(reExtracted.out()).contains("Month 2025-03 completed");
		assertThat(stepExecutions("extractSubscriptionsStep")).as("one per attempt").isEqualTo(2);
		assertThat(installation.read("2025-03", "data-quality.csv")).isEqualTo("""
				month,source,rule,action,rows,rows_extracted
				2025-03,subscriptions,voluntary_end_without_cancellation,kept-and-flagged,3,17
				""");
		assertThat(installation.reporting().sql("SELECT count(*) FROM quality.quarantined_row").query(Long.class).single())
			.isZero();
		assertThat(installation.reporting()
			.sql("SELECT count(*) FROM staging.subscription_period WHERE run_month = '2025-03-01'")
			.query(Long.class)
			.single()).isEqualTo(17);
		assertThat(installation.read("2025-03", "summary.csv")).contains("customers_start,9\n", "customers_churned,3\n",
				"customers_end,8\n", "mrr_end,428.33\n");

		// and the re-extracted attempt is the month's run from now on
		CommandResult status = FixtureInstallation.runBare("status", "--month", "2025-03", "--config",
				installation.configDirectory().toString());
		assertThat(status.out()).contains("Month 2025-03\n", "Month 2025-03, attempt 2 (re-extracted)\n");
		CommandResult again = installation.run("run", "--month", "2025-03");
		assertThat(again.exitCode()).isEqualTo(ExitCodes.ALREADY_COMPLETE);
		CommandResult reExtractCompleted = installation.run("restart", "--month", "2025-03", "--re-extract");
		assertThat(reExtractCompleted.exitCode()).isEqualTo(ExitCodes.ALREADY_COMPLETE);
		assertThat(reExtractCompleted.err()).contains("churn-report rerun --month 2025-03 --force --reason");
	}

	/** Adds a key under churn.data-quality to the installation's application.yml. */
	private void configure(String dataQualityProperty) throws IOException {
		Path applicationYml = installation.configDirectory().resolve("application.yml");
		String yml = Files.readString(applicationYml).replaceAll("(?m)^  data-quality:\\n(    .*\\n)*", "");
		Files.writeString(applicationYml, yml + "  data-quality:\n    " + dataQualityProperty + "\n",
				StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
	}

	private long martRows(String month) {
		return Stream.of("mart.month_run", "mart.monthly_metric", "mart.data_quality", "mart.churned_customer")
			.mapToLong(table -> installation.reporting()
				.sql("SELECT count(*) FROM " + table + " WHERE month = '" + month + "'")
				.query(Long.class)
				.single())
			.sum();
	}

	private static List<Path> filesIn(Path directory) throws IOException {
		if (!Files.exists(directory)) {
			return List.of();
		}
		try (Stream<Path> files = Files.walk(directory)) {
			return files.filter(Files::isRegularFile).toList();
		}
	}

	private long stepExecutions(String stepName) {
		return installation.reporting()
			.sql("SELECT count(*) FROM batch_step_execution WHERE step_name = :name")
			.param("name", stepName)
			.query(Long.class)
			.single();
	}

}
