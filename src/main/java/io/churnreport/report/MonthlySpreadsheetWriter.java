package io.churnreport.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import io.churnreport.month.ReportingMonth;
import io.churnreport.system.AtomicFiles;

/**
 * Writes the month's .xlsx files: for each {@link SpreadsheetFile} bean, one sheet per dataset with
 * a bold header row, numbers as numeric cells (so that finance can sum and chart them) and text as
 * text. A dataset with more rows than a sheet holds (every scored customer of a company with more
 * than a million) goes on in further sheets, named with their number: "at-risk-customers (2)".
 * Rows are streamed to the file, never held whole. Each file is replaced atomically.
 */
@Component
public class MonthlySpreadsheetWriter {

	/** Excel refuses longer sheet names. */
	private static final int MAX_SHEET_NAME = 31;

	/** The rows an Excel sheet holds, its header row included; a library writing more fails. */
	static final int EXCEL_SHEET_ROWS = 1_048_576;

	/** Rows a sheet holds before they are written out. */
	private static final int FLUSHED_ROWS = 10_000;

	private final MonthlyDatasets datasets;

	private final List<SpreadsheetFile> spreadsheets;

	/** The rows of a dataset a sheet holds below its header. */
	private final int rowsPerSheet;

	@Autowired
	public MonthlySpreadsheetWriter(MonthlyDatasets datasets, List<SpreadsheetFile> spreadsheets) {
		this(datasets, spreadsheets, EXCEL_SHEET_ROWS - 1);
	}

	MonthlySpreadsheetWriter(MonthlyDatasets datasets, List<SpreadsheetFile> spreadsheets, int rowsPerSheet) {
		this.datasets = datasets;
		this.spreadsheets = spreadsheets;
		this.rowsPerSheet = rowsPerSheet;
	}

	/** Writes every declared spreadsheet into the directory and returns how many were written. */
	public int write(ReportingMonth month, Path directory) {
		spreadsheets.forEach(spreadsheet -> write(spreadsheet, month, directory.resolve(spreadsheet.fileName())));
		return spreadsheets.size();
	}

	/**
	 * Writes the spreadsheets beside the given reports into the directory.
	 * @param reports the reports by name; empty for every report
	 * @return the files written
	 */
	public List<Path> write(ReportingMonth month, Path directory, Collection<String> reports) {
		List<Path> written = new ArrayList<>();
		for (SpreadsheetFile spreadsheet : spreadsheets) {
			if (reports.isEmpty() || reports.stream().anyMatch(spreadsheet::accompanies)) {
				Path target = directory.resolve(spreadsheet.fileName());
				write(spreadsheet, month, target);
				written.add(target);
			}
		}
		return written;
	}

	private void write(SpreadsheetFile spreadsheet, ReportingMonth month, Path target) {
		List<CsvFile> sheets = datasets.named(spreadsheet.datasets());
		AtomicFiles.write(target, temporary -> {
			try (OutputStream out = Files.newOutputStream(temporary)) {
				Workbook workbook = new Workbook(out, "churn-report", "1.0");
				for (CsvFile dataset : sheets) {
					writeSheets(workbook, dataset, month);
				}
				workbook.finish();
			}
		});
	}

	private void writeSheets(Workbook workbook, CsvFile dataset, ReportingMonth month) {
		Worksheet[] sheet = { newSheet(workbook, dataset, 1) };
		int[] sheets = { 1 };
		int[] row = { 1 };
		datasets.forEachRow(dataset, month, values -> {
			if (row[0] > rowsPerSheet) {
				finish(sheet[0]);
				sheet[0] = newSheet(workbook, dataset, ++sheets[0]);
				row[0] = 1;
			}
			for (int column = 0; column < values.size(); column++) {
				Object value = values.get(column);
				if (value instanceof BigDecimal decimal) {
					sheet[0].value(row[0], column, decimal);
				}
				else if (value instanceof Number number) {
					sheet[0].value(row[0], column, number);
				}
				else if (value != null) {
					// in the cell itself: a shared-strings table would hold every distinct text, such as a
					// million customers' pseudonyms, in memory until the workbook is finished
					sheet[0].inlineString(row[0], column, value.toString());
				}
			}
			row[0]++;
			if (row[0] % FLUSHED_ROWS == 0) {
				flush(sheet[0]);
			}
		});
		finish(sheet[0]);
	}

	/** The dataset's sheet of the given number, with its bold header row. */
	private static Worksheet newSheet(Workbook workbook, CsvFile dataset, int number) {
		Worksheet sheet = workbook.newWorksheet(sheetName(dataset, number));
		List<String> columns = dataset.columns();
		for (int column = 0; column < columns.size(); column++) {
			sheet.value(0, column, columns.get(column));
		}
		sheet.range(0, 0, 0, columns.size() - 1).style().bold().set();
		sheet.freezePane(0, 1);
		return sheet;
	}

	private static void finish(Worksheet sheet) {
		try {
			sheet.finish();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Writes the rows so far to the file, so that a sheet of a million rows is not held whole. */
	private static void flush(Worksheet sheet) {
		try {
			sheet.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The dataset's name, and from the second sheet on its number, within Excel's length. */
	private static String sheetName(CsvFile dataset, int number) {
		String name = dataset.fileName().replaceFirst("\\.csv$", "");
		String suffix = number == 1 ? "" : " (" + number + ")";
		int room = MAX_SHEET_NAME - suffix.length();
		return (name.length() > room ? name.substring(0, room) : name) + suffix;
	}

}
