package io.churnreport.report;

import java.util.List;

/**
 * One CSV file written for each month: its name, and the SQL that reads its rows from the mart
 * with the named parameter {@code :month} (the first day of the month). The columns are the SQL's
 * result columns, in order; the header row repeats their names. Declare a bean of this type to
 * add a file to every month's outputs.
 */
public record CsvFile(String fileName, String sql, List<String> columns) {
}
