package io.churnreport.report;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Month;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.churnreport.period.ReportingPeriod;
import io.churnreport.support.FixtureInstallation;
import io.churnreport.support.PdfText;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The quarterly pack of 2025-Q1 on the fixture whose quarter PeriodReportIntegrationTests works
 * out by hand (10 customers at the start, 4 churned, 8 at the end, churn rate 0.400000, monthly
 * rates averaging 0.177778 and compounding to 0.460000; MRR 485.00 + new 143.33 + expansion 15.00
 * + reactivation 70.00 - contraction 15.00 - churn 270.00 = 428.33; gross MRR churn 0.587629, net
 * 0.412371, quick ratio 0.555544), written when March completes, and restated as version 2 by a
 * forced rerun of March as in PeriodRestatementIntegrationTests (account 6 stays: 3 churned, churn
 * rate 0.300000, churn 230.00, MRR at the end 468.33). Each month's targets are 0.05 and, for
 * managed churn, 0.02.
 * <p>
 * The filled pages of version 2 are compared, as JasperReports XML, with the checked-in references
 * {@code src/test/resources/golden/period-report-<language>.xml}, as the monthly reports' are (see
 * FinanceReportGoldenIntegrationTests; regenerate with {@code -Dgolden.update=true} after looking
 * at the PDFs).
 */
class PeriodPackIntegrationTests {

	private static final Pattern UUID = Pattern.compile("uuid=\"[0-9a-fA-F-]{36}\"");

	private static final ReportingPeriod QUARTER = ReportingPeriod.quarter("2025-Q1", Month.JANUARY);

	@TempDir
	static Path directory;

	private static FixtureInstallation installation;

	private static Path quarterDirectory;

	@BeforeAll
	static void reportTheQuarterThenRestateIt() {
		installation = FixtureInstallation.create(directory);
		// the same targets every month: the quarter's are 1 - 0.95^3 = 0.142625 and 1 - 0.98^3 = 0.058808
		FixtureInstallation.write(installation.configDirectory().resolve("targets.yml"),
				"target-churn-rate: 0.05\ntarget-managed-churn-rate: 0.02\n");
		installation.runSucceeding("run", "--month", "2025-01");
		installation.runSucceeding("run", "--month", "2025-02");
		installation.runSucceeding("run", "--month", "2025-03");
		quarterDirectory = directory.resolve("out").resolve("2025-Q1");
		installation.billing()
			.sql("UPDATE price_period SET ends = NULL, closed_by = NULL WHERE contract_id = 601")
			.update();
		installation.runSucceeding("rerun", "--month", "2025-03", "--force", "--reason",
				"account 6's cancellation was reversed");
	}

	@Test
	void theFirstVersionsPackShowsTheQuartersFiguresAsWorkedOutByHand() throws Exception {
		Path pdf = quarterDirectory.resolve("versions").resolve("v1").resolve("quarterly-pack.pdf");
		// one line, as paragraphs wrap where their width says
		String text = PdfText.normalized(PdfText.of(pdf)).replace('\n', ' ');

		assertThat(text).contains("Quarterly churn pack FY2025 Q1", "January 2025 – March 2025", "Version 1 ·",
				"Customers at period end 8 ", "Customer churn rate 40.00% ", "MRR at period end 428.33 ",
				"Net MRR churn rate 41.24% ", "FY2024 Q4: –", "MRR at start 485.00 100.00%", "New +143.33",
				"Expansion +15.00", "Reactivation +70.00", "Contraction -15.00", "Churn -270.00",
				"MRR at end 428.33", "Gross MRR churn 58.76%, net MRR churn 41.24%, quick ratio 0.56.",
				"Churn rate 40.00%: 4 of the 10 customers at the start left. Average of the monthly rates 17.78%; "
						+ "compounded monthly rates 46.00%.",
				"Joined and left within the period (in no count above): 0.",
				// 2 managed of the 10 at the start
				"Above the period's target of 14.26%: churn rate 40.00%.", "Managed churn rate 20.00%, target 5.88%.",
				"Managed (the company can act on it) 2 50.0%", "No reason recorded 1 25.0%",
				// the December cohort (all 10 at the start, 485.00) keeps 1, 8, 9, 11, 12 and 13, who pay
				// 100 + 70 + 35 + 25 + 45 + 10 = 285.00 (0.587629); January's (3 and 7, 143.33) both
				"2024-Q4 Customers 10 100.0% 60.0% MRR 485.00 100.0% 58.8%", "2025-Q1 Customers 2 100.0% MRR 143.33 100.0%",
				// the reasons, most customers first, then most MRR at the start: 5, 2, 6, 4 (one each of 4)
				"Reason not classified moved_abroad 1 25.0% 80.00", "Managed (the company can act on it) Price too high 1 25.0% 50.00",
				"No reason recorded – 1 25.0% 40.00", "Managed (the company can act on it) Payment failed 1 25.0% 30.00",
				"Built from these months (pack version 1)");
		assertThat(text).doesNotContain("RESTATED");
		PdfText.assertEveryFontIsEmbeddedDejaVu(pdf);
	}

	@Test
	void theRestatedPackShowsTheNewFiguresAndWhatItRestates() {
		String text = PdfText.normalized(PdfText.of(quarterDirectory.resolve("quarterly-pack.pdf"))).replace('\n', ' ');

		assertThat(text).contains("Version 2 ·", "Customers at period end 9 ", "Customer churn rate 30.00% ",
				"MRR at period end 468.33 ", "Churn -230.00",
				"Churn rate 30.00%: 3 of the 10 customers at the start left.",
				"restated since pack version 1: account 6's cancellation was reversed",
				"RESTATED: this is version 2 of the pack; version 1 was built from months that have since been restated");
	}

	@Test
	void theSpreadsheetHoldsThePeriodsCsvFilesWithNumericCells() throws Exception {
		try (ReadableWorkbook workbook = new ReadableWorkbook(quarterDirectory.resolve("quarterly-pack.xlsx").toFile())) {
			assertThat(workbook.getSheets().map(Sheet::getName)).containsExactly("period-summary", "churn-by-reason", "cohort-retention");
			List<Row> summary = workbook.findSheet("period-summary").orElseThrow().read();
			assertThat(summary.get(0).getCell(0).asString()).isEqualTo("metric");
			Row churned = summary.stream()
				.filter(row -> "customers_churned".equals(row.getCell(0).asString()))
				.findFirst()
				.orElseThrow();
			assertThat(churned.getCell(1).getType()).isEqualTo(CellType.NUMBER);
			assertThat(churned.getCell(1).asNumber()).isEqualByComparingTo("3");
			assertThat(workbook.findSheet("cohort-retention").orElseThrow().read()).hasSizeGreaterThan(1);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "en", "tr", "de" })
	void filledPackEqualsTheReference(String language) throws Exception {
		String actual = fill(language);
		GoldenXml.assertEqualsReference(actual, "period-report-" + language + ".xml");
	}

	private static String fill(String language) throws Exception {
		ReportRenderer renderer = new ReportRenderer(PeriodPackWriter.TEMPLATE, "Quarterly churn pack");
		ReportRequest request = new ReportRequest(QUARTER.lastMonth().atDay(1), "Golden Telecom", "EUR", ZoneOffset.UTC,
				Locale.forLanguageTag(language), CustomerIds.inFull());
		try (Connection connection = installation.reportingDataSource().getConnection()) {
			String xml = ReportRenderer
				.toXml(renderer.fill(connection, request, PeriodPackWriter.templateParameters(QUARTER)));
			return withStylesSorted(UUID.matcher(xml).replaceAll("uuid=\"-\""));
		}
	}

	/**
	 * The print's style definitions in name order: the styles a table's conditional styles derive
	 * are collected from its own filler in no fixed order, which changes nothing a reader sees.
	 */
	static String withStylesSorted(String xml) {
		List<String> lines = xml.lines().toList();
		List<String> styles = new ArrayList<>();
		List<String> others = new ArrayList<>();
		int firstStyle = -1;
		for (int line = 0; line < lines.size(); line++) {
			if (!lines.get(line).startsWith("\t<style ")) {
				others.add(lines.get(line));
				continue;
			}
			firstStyle = firstStyle < 0 ? others.size() : firstStyle;
			StringBuilder style = new StringBuilder(lines.get(line));
			if (!lines.get(line).endsWith("/>")) {
				while (!lines.get(line).equals("\t</style>")) {
					style.append('\n').append(lines.get(++line));
				}
			}
			styles.add(style.toString());
		}
		Collections.sort(styles);
		if (firstStyle >= 0) {
			others.addAll(firstStyle, styles);
		}
		return String.join("\n", others) + "\n";
	}

}
