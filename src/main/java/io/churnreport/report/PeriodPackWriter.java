package io.churnreport.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.springframework.stereotype.Component;

import io.churnreport.period.PeriodClose;
import io.churnreport.period.PeriodPack;
import io.churnreport.period.ReportingPeriod;
import io.churnreport.system.AtomicFiles;
import io.churnreport.system.ChurnProperties;

/**
 * Writes a reported quarter's or fiscal year's pack into its directory: {@code quarterly-pack.pdf}
 * or {@code annual-pack.pdf} (reports/period-report.jrxml, in the reports' language, PDF/A and
 * signed as the monthly reports are) and an .xlsx of the same name with the period's CSV files as
 * sheets. Each file is written under a temporary name and renamed.
 */
@Component
public class PeriodPackWriter implements PeriodPack {

	/** The template's name, and the title of its PDFs' document properties. */
	static final String TEMPLATE = "period-report";

	private final DataSource reportingDataSource;

	private final ReportSigner signer;

	private final ChurnProperties properties;

	private final ReportRenderer quarterly;

	private final ReportRenderer annual;

	public PeriodPackWriter(DataSource reportingDataSource, ReportSigner signer, ChurnProperties properties) {
		this.reportingDataSource = reportingDataSource;
		this.signer = signer;
		this.properties = properties;
		this.quarterly = new ReportRenderer(TEMPLATE, "Quarterly churn pack");
		this.annual = new ReportRenderer(TEMPLATE, "Annual churn pack");
	}

	/** The pack's file name without extension: {@code quarterly-pack}, {@code annual-pack}. */
	public static String baseName(ReportingPeriod period) {
		return period.isQuarter() ? "quarterly-pack" : "annual-pack";
	}

	@Override
	public List<Path> write(ReportingPeriod period, Path directory) {
		return List.of(writePdf(period, properties.locale(), directory), writeSpreadsheet(period, directory));
	}

	/** Writes the pack's PDF in the language into the directory, replacing what is there. */
	public Path writePdf(ReportingPeriod period, Locale language, Path directory) {
		Path pdf = directory.resolve(baseName(period) + ".pdf");
		ReportRenderer renderer = period.isQuarter() ? quarterly : annual;
		AtomicFiles.write(pdf, file -> {
			try (Connection connection = reportingDataSource.getConnection()) {
				renderer.render(connection, request(period, language), templateParameters(period), period.label(), file);
			}
			signer.signIfConfigured(file, properties.companyName());
		});
		return pdf;
	}

	/** The request of the period's pack: its month is the period's last. */
	ReportRequest request(ReportingPeriod period, Locale language) {
		return new ReportRequest(period.lastMonth().atDay(1), properties.companyName(), properties.currency(),
				properties.timeZone(), language, CustomerIds.inFull());
	}

	/** What the template reads beside the request's parameters. */
	static Map<String, Object> templateParameters(ReportingPeriod period) {
		Map<String, Object> parameters = new HashMap<>();
		parameters.put("PERIOD", period.key());
		parameters.put("PERIOD_LABEL", period.label());
		parameters.put("IS_QUARTER", period.isQuarter());
		parameters.put("FIRST_MONTH", Date.valueOf(period.firstMonth().atDay(1)));
		parameters.put("PREVIOUS_PERIOD", period.previous().key());
		parameters.put("PREVIOUS_LABEL", period.previous().label());
		parameters.put("LAST_YEAR_PERIOD", period.yearBefore().key());
		parameters.put("LAST_YEAR_LABEL", period.yearBefore().label());
		return parameters;
	}

	/**
	 * The period's CSV files as the sheets of one workbook, numbers as numeric cells so that
	 * finance can sum and chart them.
	 */
	private static Path writeSpreadsheet(ReportingPeriod period, Path directory) {
		Path xlsx = directory.resolve(baseName(period) + ".xlsx");
		AtomicFiles.write(xlsx, temporary -> {
			try (OutputStream out = Files.newOutputStream(temporary)) {
				Workbook workbook = new Workbook(out, "churn-report", "1.0");
				for (String csv : List.of(PeriodClose.SUMMARY_FILE, PeriodClose.REASONS_FILE, PeriodClose.COHORTS_FILE)) {
					writeSheet(workbook.newWorksheet(csv.replaceFirst("\\.csv$", "")), directory.resolve(csv));
				}
				workbook.finish();
			}
		});
		return xlsx;
	}

	private static void writeSheet(Worksheet sheet, Path csv) throws IOException {
		try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
			int row = 0;
			for (CSVRecord record : CSVFormat.DEFAULT.parse(reader)) {
				for (int column = 0; column < record.size(); column++) {
					String value = record.get(column);
					if (row > 0 && isNumber(value)) {
						sheet.value(row, column, new BigDecimal(value));
					}
					else if (!value.isEmpty()) {
						sheet.value(row, column, value);
					}
				}
				if (row == 0) {
					sheet.range(0, 0, 0, Math.max(0, record.size() - 1)).style().bold().set();
					sheet.freezePane(0, 1);
				}
				row++;
			}
		}
		sheet.finish();
	}

	private static boolean isNumber(String value) {
		return value.matches("-?\\d+(\\.\\d+)?");
	}

}
