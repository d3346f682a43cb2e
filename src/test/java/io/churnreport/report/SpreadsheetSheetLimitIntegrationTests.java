package io.churnreport.report;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
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
 * A dataset with more rows than a sheet holds goes on in further sheets, each with the header, so
 * that no row is lost and no sheet is written past Excel's limit of 1,048,576 rows (the library
 * refuses the next row, which would fail the month). Here a sheet holds 2 rows.
 */
class SpreadsheetSheetLimitIntegrationTests {

	private static final ReportingMonth MARCH = ReportingMonth.of("2025-03", ZoneOffset.UTC);

	private static DataSource dataSource;

	private static CsvFile segments;

	@TempDir
	Path out;

	@BeforeAll
	static void fiveSegments() {
		try (AnnotationConfigApplicationContext declared = new AnnotationConfigApplicationContext(BreakdownCsvFiles.class)) {
			segments = declared.getBeansOfType(CsvFile.class)
				.values()
				.stream()
				.filter(file -> file.fileName().equals("churn-by-segment.csv"))
				.findFirst()
				.orElseThrow();
		}
		dataSource = TestPostgres.migratedReportingDatabase("sheet_limit");
		JdbcClient.create(dataSource).sql("""
				INSERT INTO mart.churn_by_segment (month, dimension, value, customers_start, customers_churned, churn_rate,
				    mrr_start, mrr_churned, churned_managed, churned_unmanaged, churned_unclassified, churned_no_reason)
				VALUES
				 ('2025-03-01', 'segment', 'a', 1, 0, 0, 10.00, 0.00, 0, 0, 0, 0),
				 ('2025-03-01', 'segment', 'b', 2, 0, 0, 20.00, 0.00, 0, 0, 0, 0),
				 ('2025-03-01', 'segment', 'c', 3, 0, 0, 30.00, 0.00, 0, 0, 0, 0),
				 ('2025-03-01', 'segment', 'd', 4, 0, 0, 40.00, 0.00, 0, 0, 0, 0),
				 ('2025-03-01', 'segment', 'e', 5, 0, 0, 50.00, 0.00, 0, 0, 0, 0)
				""").update();
	}

	@Test
	void aDatasetLongerThanASheetGoesOnInNumberedSheetsWithTheHeader() throws IOException {
		MonthlyDatasets datasets = new MonthlyDatasets(dataSource, List.of(segments), CustomerIds.inFull());
		new MonthlySpreadsheetWriter(datasets, List.of(new SpreadsheetFile("segments.xlsx", List.of("churn-by-segment.csv"))),
				2)
			.write(MARCH, out);

		try (ReadableWorkbook workbook = new ReadableWorkbook(out.resolve("segments.xlsx").toFile())) {
			List<Sheet> sheets = workbook.getSheets().toList();
			assertThat(sheets).extracting(Sheet::getName)
				.containsExactly("churn-by-segment", "churn-by-segment (2)", "churn-by-segment (3)");
			for (Sheet sheet : sheets) {
				assertThat(sheet.read().get(0).getCell(0).getRawValue()).as(sheet.getName()).isEqualTo("dimension");
			}
			assertThat(valuesAndCustomers(sheets.get(0))).containsExactly("a 1", "b 2");
			assertThat(valuesAndCustomers(sheets.get(1))).containsExactly("c 3", "d 4");
			assertThat(valuesAndCustomers(sheets.get(2))).containsExactly("e 5");
		}
	}

	@Test
	void aDatasetThatFillsItsLastSheetExactlyAddsNoEmptySheet() throws IOException {
		MonthlyDatasets datasets = new MonthlyDatasets(dataSource, List.of(segments), CustomerIds.inFull());
		new MonthlySpreadsheetWriter(datasets, List.of(new SpreadsheetFile("segments.xlsx", List.of("churn-by-segment.csv"))),
				5)
			.write(MARCH, out);

		try (ReadableWorkbook workbook = new ReadableWorkbook(out.resolve("segments.xlsx").toFile())) {
			List<Sheet> sheets = workbook.getSheets().toList();
			assertThat(sheets).extracting(Sheet::getName).containsExactly("churn-by-segment");
			assertThat(valuesAndCustomers(sheets.get(0))).containsExactly("a 1", "b 2", "c 3", "d 4", "e 5");
		}
	}

	/** Each row below the header as its value and customers at the start. */
	private static List<String> valuesAndCustomers(Sheet sheet) throws IOException {
		return sheet.read()
			.stream()
			.skip(1)
			.map((Row row) -> row.getCell(1).getRawValue() + " " + row.getCell(2).getRawValue())
			.collect(Collectors.toList());
	}

}
