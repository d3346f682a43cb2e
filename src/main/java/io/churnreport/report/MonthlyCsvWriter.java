package io.churnreport.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.churnreport.month.ReportingMonth;
import io.churnreport.system.AtomicFiles;

/**
 * Writes the month's CSV files from the mart: UTF-8, a header row, {@code .} as decimal point,
 * numbers as stored (no exponent), empty cells for nulls. Each file is replaced atomically.
 * <p>
 * Text that a spreadsheet would take for a formula (starting with {@code =}, {@code +}, {@code -},
 * {@code @}, a tab or a carriage return: a billing segment {@code =HYPERLINK(...)}) is written
 * with a single quote before it, as OWASP's advice on CSV injection has it; numbers are never
 * changed, so that {@code -12.50} stays a number.
 */
@Component
public class MonthlyCsvWriter {

	/** What a spreadsheet may read as the start of a formula (OWASP, CSV injection). */
	private static final String FORMULA_STARTS = "=+-@\t\r";

	private final MonthlyDatasets datasets;

	@Autowired
	public MonthlyCsvWriter(MonthlyDatasets datasets) {
		this.datasets = datasets;
	}

	/** Writes the given datasets only, as tests of one dataset do, with customer identifiers shown as given. */
	public MonthlyCsvWriter(JdbcClient reporting, List<CsvFile> datasets, CustomerIds customerIds) {
		this(new MonthlyDatasets(reporting, datasets, customerIds));
	}

	/** Writes every declared dataset into the directory and returns how many files were written. */
	public int write(ReportingMonth month, Path directory) {
		datasets.all().forEach(dataset -> write(dataset, month, directory.resolve(dataset.fileName())));
		return datasets.all().size();
	}

	private void write(CsvFile dataset, ReportingMonth month, Path target) {
		AtomicFiles.write(target, temporary -> {
			CSVFormat format = CSVFormat.DEFAULT.builder()
				.setHeader(dataset.columns().toArray(String[]::new))
				.setRecordSeparator('\n')
				.get();
			try (BufferedWriter out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8);
					CSVPrinter printer = new CSVPrinter(out, format)) {
				datasets.forEachRow(dataset, month, values -> {
					try {
						printer.printRecord(values.stream().map(MonthlyCsvWriter::cell));
					}
					catch (IOException ex) {
						throw new UncheckedIOException(ex);
					}
				});
			}
		});
	}

	private static String cell(Object value) {
		if (value == null) {
			return "";
		}
		if (value instanceof BigDecimal decimal) {
			return decimal.toPlainString();
		}
		if (value instanceof Number) {
			return value.toString();
		}
		return text(value.toString());
	}

	/** The text as a cell no spreadsheet evaluates: quoted with ' when it starts like a formula. */
	private static String text(String text) {
		return !text.isEmpty() && FORMULA_STARTS.indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
	}

}
