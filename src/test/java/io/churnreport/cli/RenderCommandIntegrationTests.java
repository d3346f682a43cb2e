package io.churnreport.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.churnreport.support.FixtureInstallation;
import io.churnreport.support.FixtureInstallation.CommandResult;
import io.churnreport.support.PdfA;
import io.churnreport.support.PdfText;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code render} writes a completed month's reports again from what its run left in the reporting
 * database, on the hand-made fixture (src/test/resources/fixture): March 2025, run in English,
 * has a churn rate of 3 / 9 = 33.33% (worked out in MonthlyChurnJobFunctionalIntegrationTests),
 * which Turkish writes %33,33.
 */
class RenderCommandIntegrationTests {

	private static final List<String> MONTH_FILES = List.of("management-report.pdf", "management-report.xlsx",
			"finance-report.pdf", "finance-report.xlsx");

	@TempDir
	Path directory;

	@Test
	void rendersACompletedMonthAgainInItsLanguageInPlaceAndInAnotherBesideItWithoutTouchingItsResults()
			throws Exception {
		FixtureInstallation installation = FixtureInstallation.create(directory);
		installation.runSucceeding("run", "--month", "2025-03");
		Path march = installation.monthDirectory("2025-03");
		String managementText = PdfText.of(march.resolve("management-report.pdf"));
		String financeText = PdfText.of(march.resolve("finance-report.pdf"));
		Map<String, List<String>> published = martRows(installation);
		String status = statusJson(installation);
		// dated back, so that a file written again shows by its time
		FileTime before = FileTime.fromMillis(0);
		for (String file : MONTH_FILES) {
			Files.setLastModifiedTime(march.resolve(file), before);
		}

		CommandResult again = installation.run("render", "--month", "2025-03");

		assertThat(again.exitCode()).as(again.toString()).isZero();
		assertThat(again.out()).contains("Month 2025-03 (version 1) rendered again in English, the language it was run "
				+ "in, from its published results, nothing computed again: replaced " + march.resolve("management-report.pdf")
				+ ", " + march.resolve("management-report.xlsx") + ", " + march.resolve("finance-report.pdf") + ", "
				+ march.resolve("finance-report.xlsx") + ".");
		for (String file : MONTH_FILES) {
			assertThat(Files.getLastModifiedTime(march.resolve(file))).as(file).isGreaterThan(before);
		}
		assertThat(PdfText.of(march.resolve("management-report.pdf"))).isEqualTo(managementText);
		assertThat(PdfText.of(march.resolve("finance-report.pdf"))).isEqualTo(financeText);
		PdfA.assertPdfA2b(march.resolve("management-report.pdf"));
		assertThat(march.resolve("tr")).doesNotExist();

		Map<Path, byte[]> ownFiles = new LinkedHashMap<>();
		for (String file : MONTH_FILES) {
			ownFiles.put(march.resolve(file), Files.readAllBytes(march.resolve(file)));
		}
		CommandResult turkish = installation.run("render", "--month", "2025-03", "--locale", "tr");

		assertThat(turkish.exitCode()).as(turkish.toString()).isZero();
		Path inTurkish = march.resolve("tr");
		assertThat(turkish.out()).contains("Month 2025-03 (version 1) rendered again in Turkish from its published "
				+ "results, nothing computed again: wrote " + inTurkish.resolve("management-report.pdf") + ", "
				+ inTurkish.resolve("management-report.xlsx") + ", " + inTurkish.resolve("finance-report.pdf") + ", "
				+ inTurkish.resolve("finance-report.xlsx") + "; the month's own reports are unchanged. To send these to the "
				+ "reports' readers: churn-report deliver --month 2025-03 --locale tr.");
		String turkishText = PdfText.normalized(PdfText.of(inTurkish.resolve("management-report.pdf")));
		// the churn rate 3 / 9 in Turkish: the percent sign ahead, a decimal comma
		assertThat(turkishText).contains("Mart 2025", "%33,33").doesNotContain("33.33%");
		assertThat(PdfText.normalized(managementText)).contains("March 2025", "33.33%");
		assertThat(PdfText.of(inTurkish.resolve("finance-report.pdf"))).contains("Mart 2025");
		PdfA.assertPdfA2b(inTurkish.resolve("management-report.pdf"));
		try (var written = Files.list(inTurkish)) {
			assertThat(written.map(file -> file.getFileName().toString())).containsExactlyInAnyOrderElementsOf(MONTH_FILES);
		}
		ownFiles.forEach((file, bytes) -> assertThat(file).as(file.toString()).hasBinaryContent(bytes));

		// nothing of the month's results, version or executions changed
		assertThat(martRows(installation)).isEqualTo(published);
		assertThat(statusJson(installation)).isEqualTo(status);
		JsonNode run = JsonMapper.builder().build().readTree(status).get("runs").get(0);
		assertThat(run.get("version").asLong()).isEqualTo(1);
		assertThat(run.get("executions")).hasSize(1);
		assertThat(run.get("executions").get(0).get("status").asString()).isEqualTo("COMPLETED");

		// one report alone, in the language the month was run in: that report's files only
		Files.setLastModifiedTime(march.resolve("finance-report.pdf"), before);
		CommandResult finance = installation.run("render", "--month", "2025-03", "--report", "management");
		assertThat(finance.exitCode()).as(finance.toString()).isZero();
		assertThat(finance.out()).contains("replaced " + march.resolve("management-report.pdf") + ", "
				+ march.resolve("management-report.xlsx") + ".");
		assertThat(Files.getLastModifiedTime(march.resolve("finance-report.pdf"))).isEqualTo(before);
	}

	@Test
	void takesTheLanguageTheMonthWasRunInFromItsRunNotFromTheConfiguration() {
		FixtureInstallation installation = FixtureInstallation.create(directory);
		installation.runSucceeding("run", "--month", "2025-03", "--locale", "tr");
		Path march = installation.monthDirectory("2025-03");

		CommandResult again = installation.run("render", "--month", "2025-03");

		assertThat(again.exitCode()).as(again.toString()).isZero();
		assertThat(again.out()).contains("rendered again in Turkish, the language it was run in,",
				"replaced " + march.resolve("management-report.pdf"));
		assertThat(PdfText.normalized(PdfText.of(march.resolve("management-report.pdf")))).contains("%33,33");
		assertThat(march.resolve("tr")).doesNotExist();

		CommandResult english = installation.run("render", "--month", "2025-03", "--locale", "en", "--report",
				"finance-report");

		assertThat(english.exitCode()).as(english.toString()).isZero();
		assertThat(english.out()).contains("rendered again in English from its published results, nothing computed "
				+ "again: wrote " + march.resolve("en").resolve("finance-report.pdf") + ", "
				+ march.resolve("en").resolve("finance-report.xlsx") + "; the month's own reports are unchanged. To send these "
				+ "to the reports' readers: churn-report deliver --month 2025-03 --locale en.");
		assertThat(PdfText.of(march.resolve("en").resolve("finance-report.pdf"))).contains("March 2025");
		assertThat(PdfText.of(march.resolve("finance-report.pdf"))).contains("Mart 2025");
	}

	@Test
	void rendersAnEarlierMonthAfterALaterOneDroppedItsStagingWithTheFiguresItWasPublishedWith() {
		FixtureInstallation installation = FixtureInstallation.create(directory);
		installation.runSucceeding("run", "--month", "2025-02");
		Path february = installation.monthDirectory("2025-02");
		Map<String, String> published = new LinkedHashMap<>();
		Map<String, String> inTurkish = new LinkedHashMap<>();
		installation.runSucceeding("render", "--month", "2025-02", "--locale", "tr");
		for (String report : List.of("management-report.pdf", "finance-report.pdf")) {
			published.put(report, PdfText.of(february.resolve(report)));
			inTurkish.put(report, PdfText.of(february.resolve("tr").resolve(report)));
		}

		// March's start drops February's staging partitions
		installation.runSucceeding("run", "--month", "2025-03");
		assertThat(installation.reporting()
			.sql("SELECT to_regclass('staging.invoice_202502') IS NULL AND to_regclass('staging.customer_202502') IS NULL")
			.query(Boolean.class)
			.single()).isTrue();
		CommandResult turkish = installation.run("render", "--month", "2025-02", "--locale", "tr");
		CommandResult english = installation.run("render", "--month", "2025-02");

		assertThat(turkish.exitCode()).as(turkish.toString()).isZero();
		assertThat(english.exitCode()).as(english.toString()).isZero();
		assertThat(english.out()).contains("Month 2025-02 (version 1) rendered again in English, the language it was run "
				+ "in, from its published results");
		inTurkish.forEach((report, text) -> assertThat(PdfText.of(february.resolve("tr").resolve(report)))
			.as("%s in Turkish", report)
			.isEqualTo(text));
		published.forEach((report, text) -> assertThat(PdfText.of(february.resolve(report))).as(report).isEqualTo(text));
		// what the reports show of February's extract is there, not left empty: its rows per source
		assertThat(PdfText.normalized(published.get("finance-report.pdf"))).contains("February 2025")
			.containsPattern("Customers [1-9]")
			.containsPattern("Invoices [1-9]");
		assertThat(PdfText.normalized(inTurkish.get("finance-report.pdf"))).contains("Şubat 2025");
	}

	@Test
	void refusesAMonthNeverRunAndOneRunBeforeItsExtractWasKeptWithWhatToRun() {
		FixtureInstallation installation = FixtureInstallation.create(directory);

		CommandResult neverRun = installation.run("render", "--month", "2025-03");

		assertThat(neverRun.exitCode()).as(neverRun.toString()).isEqualTo(ExitCodes.NOTHING_TO_RESTART);
		assertThat(neverRun.err()).contains("Month 2025-03 has never run, so there is nothing to render: run it with: "
				+ "churn-report run --month 2025-03");
		assertThat(installation.monthDirectory("2025-03")).doesNotExist();

		// February as a churn-report that did not keep its extract in the mart left it, once March dropped its staging
		installation.runSucceeding("run", "--month", "2025-02");
		installation.runSucceeding("run", "--month", "2025-03");
		installation.reporting().sql("DELETE FROM mart.month_source_extract WHERE month = '2025-02-01'").update();
		Path february = installation.monthDirectory("2025-02");
		CommandResult notKept = installation.run("render", "--month", "2025-02", "--locale", "tr");

		assertThat(notKept.exitCode()).as(notKept.toString()).isEqualTo(ExitCodes.NOTHING_TO_RESTART);
		assertThat(notKept.err()).contains("Month 2025-02 cannot be rendered again as it was published: it was run before "
				+ "churn-report kept what its reports show of the rows it extracted", "Its reports in " + february
				+ " are unchanged. To write them again, restate the month from the sources as they are now (a new "
				+ "version): churn-report rerun --month 2025-02 --force --reason \"...\"");
		assertThat(february.resolve("tr")).doesNotExist();

		CommandResult unknownReport = installation.run("render", "--month", "2025-03", "--report", "board-report");
		assertThat(unknownReport.exitCode()).isEqualTo(ExitCodes.USAGE);
		assertThat(unknownReport.err()).contains("--report board-report is not a report: give one of "
				+ "management-report, finance-report.");
	}

	/** Every row of the mart's tables, as JSON, by table. */
	private static Map<String, List<String>> martRows(FixtureInstallation installation) {
		Map<String, List<String>> rows = new LinkedHashMap<>();
		for (String table : installation.reporting()
			.sql("SELECT table_schema || '.' || table_name FROM information_schema.tables "
					+ "WHERE table_schema IN ('mart', 'quality') ORDER BY 1")
			.query(String.class)
			.list()) {
			rows.put(table, new ArrayList<>(installation.reporting()
				.sql("SELECT to_jsonb(t)::text FROM " + table + " t ORDER BY 1")
				.query(String.class)
				.list()));
		}
		return rows;
	}

	private static String statusJson(FixtureInstallation installation) {
		CommandResult status = FixtureInstallation.runBare("status", "--json", "--month", "2025-03", "--config",
				installation.configDirectory().toString());
		assertThat(status.exitCode()).as(status.toString()).isZero();
		return status.out();
	}

}
