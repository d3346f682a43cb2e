package io.churnreport.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.churnreport.metrics.ReportingMonth;
import io.churnreport.system.AtomicFiles;

/**
 * Writes the month's CSV files from the mart: UTF-8, a header row, {@code .} as decimal point,
 * numbers as stored (no exponent), empty cells for nulls. Each file is replaced atomically.
 */
@Component
public class MonthlyCsvWriter {

	private final JdbcClient reporting;

	private final List<CsvFile> files;

	public MonthlyCsvWriter(JdbcClient reporting, List<CsvFile> files) {
		this.reporting = reporting;
		this.files = files;
	}

	/** Writes every declared file into the directory and returns how many were written. */
	public int write(ReportingMonth month, Path directory) {
		files.forEach(file -> write(file, month, directory.resolve(file.fileName())));
		return files.size();
	}

	private void write(CsvFile file, ReportingMonth month, Path target) {
		AtomicFiles.write(target, temporary -> {
			CSVFormat format = CSVFormat.DEFAULT.builder()
				.setHeader(file.columns().toArray(String[]::new))
				.setRecordSeparator('\n')
				.get();
			try (BufferedWriter out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8);
					CSVPrinter printer = new CSVPrinter(out, format)) {
				reporting.sql(file.sql()).param("month", month.firstDay()).query((RowCallbackHandler) rs -> {
					List<String> values = new ArrayList<>(file.columns().size());
					for (String column : file.columns()) {
						values.add(cell(rs.getObject(column)));
					}
					try {
						printer.printRecord(values);
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
		return value.toString();
	}

}
