package io.churnreport.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import io.churnreport.month.ReportingMonth;
import io.churnreport.system.AtomicFiles;
import io.churnreport.system.CsvCells;

/**
 * Writes the month's CSV files from the mart: UTF-8, a header row, {@code .} as decimal point,
 * each value as {@link CsvCells} writes it (no formula a spreadsheet would evaluate). Each file is
 * replaced atomically.
 */
@Component
public class MonthlyCsvWriter {

	private final MonthlyDatasets datasets;

	@Autowired
	public MonthlyCsvWriter(MonthlyDatasets datasets) {
		this.datasets = datasets;
	}

	/** Writes the given datasets only, as tests of one dataset do, with customer identifiers shown as given. */
	public MonthlyCsvWriter(DataSource reporting, List<CsvFile> datasets, CustomerIds customerIds) {
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
						printer.printRecord(values.stream().map(CsvCells::cell));
					}
					catch (IOException ex) {
						throw new UncheckedIOException(ex);
					}
				});
			}
		});
	}

}
