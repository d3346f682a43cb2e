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

import org.springframework.stereotype.Component;

import io.churnreport.month.ReportingMonth;
import io.churnreport.system.AtomicFiles;

/**
 * Writes the month's .xlsx files: for each {@link SpreadsheetFile} bean, one sheet per dataset with
 * a bold header row, numbers as numeric cells (so that finance can sum and chart them) and text as
 * text. Rows are streamed to the file, never held whole. Each file is replaced atomically.
 */
@Component
public class MonthlySpreadsheetWriter {

	/** Excel refuses longer sheet names. */
	private static final int MAX_SHEET_NAME = 31;

	/** Rows a sheet holds before they are written out. */
	private static final int FLUSHED_ROWS = 10_000;

	private final MonthlyDatasets datasets;

	private final List<SpreadsheetFile> spreadsheets;

	public MonthlySpreadsheetWriter(MonthlyDatasets datasets, List<SpreadsheetFile> spreadsheets) {
		this.datasets = datasets;
		this.spreadsheets = spreadsheets;
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
					writeSheet(workbook.newWorksheet(sheetName(dataset)), dataset, month);
				}
				workbook.finish();
			}
		});
	}

	private void writeSheet(Worksheet sheet, CsvFile dataset, ReportingMonth month) {
		List<String> columns = dataset.columns();
		for (int column = 0; column < columns.size(); column++) {
			sheet.value(0, column, columns.get(column));
		}
		sheet.range(0, 0, 0, columns.size() - 1).style().bold().set();
		sheet.freezePane(0, 1);
		int[] row = { 1 };
		datasets.forEachRow(dataset, month, values -> {
			for (int column = 0; column < values.size(); column++) {
				Object value = values.get(column);
				if (value instanceof BigDecimal decimal) {
					sheet.value(row[0], column, decimal);
				}
				else if (value instanceof Number number) {
					sheet.value(row[0], column, number);
				}
				else if (value != null) {
					// in the cell itself: a shared-strings table would hold every distinct text, such as a
					// million customers' pseudonyms, in memory until the workbook is finished
					sheet.inlineString(row[0], column, value.toString());
				}
			}
			row[0]++;
			if (row[0] % FLUSHED_ROWS == 0) {
				flush(sheet);
			}
		});
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

	private static String sheetName(CsvFile dataset) {
		String name = dataset.fileName().replaceFirst("\\.csv$", "");
		return name.length() > MAX_SHEET_NAME ? name.substring(0, MAX_SHEET_NAME) : name;
	}

}
