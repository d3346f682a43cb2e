package io.churnreport.report;

import java.util.List;

/**
 * A spreadsheet written for each month beside a PDF report: one sheet per dataset (a
 * {@link CsvFile} named by its file name), with numbers as numeric cells.
 */
public record SpreadsheetFile(String fileName, List<String> datasets) {

	/** Whether this is the spreadsheet beside the report: {@code <report>.xlsx}. */
	public boolean accompanies(String report) {
		return fileName.equals(report + ".xlsx");
	}

}
