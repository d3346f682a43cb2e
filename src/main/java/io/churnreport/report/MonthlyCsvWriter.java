package io.churnreport.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.churnreport.metrics.ReportingMonth;
import io.churnreport.system.AtomicFiles;

/**
 * The month's CSV files, read from the mart: UTF-8, a header row, {@code .} as decimal point,
 * rates as fractions, months as YYYY-MM. Each file is replaced atomically.
 */
public class MonthlyCsvWriter {

	private static final DateTimeFormatter YEAR_MONTH = DateTimeFormatter.ofPattern("uuuu-MM");

	private static final String SUMMARY = """
			SELECT m.metric, m.value
			FROM mart.monthly_metric m JOIN mart.metric_definition d USING (metric)
			WHERE m.month = :month
			ORDER BY d.display_order
			""";

	private static final String CHURN_BY_REASON = """
			SELECT reason_class, category, reason_code, reason_label, customers, mrr_lost
			FROM mart.churn_by_reason
			WHERE month = :month
			ORDER BY array_position(ARRAY['managed', 'unmanaged', 'unclassified', 'no_reason'], reason_class),
			         customers DESC, mrr_lost DESC, reason_code
			""";

	private static final String COHORT_RETENTION = """
			SELECT cohort_month, months_since, customers_active, cohort_size, retention_rate
			FROM mart.cohort_retention
			WHERE month = :month
			ORDER BY cohort_month, months_since
			""";

	private final JdbcClient reporting;

	public MonthlyCsvWriter(JdbcClient reporting) {
		this.reporting = reporting;
	}

	/** Writes summary.csv, churn-by-reason.csv and cohort-retention.csv into the directory. */
	public void write(ReportingMonth month, Path directory) {
		LocalDate firstDay = month.firstDay();
		writeCsv(directory.resolve("summary.csv"), SUMMARY, firstDay, new String[] { "metric", "value" },
				(rs, printer) -> printer.printRecord(rs.getString("metric"), plain(rs.getBigDecimal("value"))));
		writeCsv(directory.resolve("churn-by-reason.csv"), CHURN_BY_REASON, firstDay,
				new String[] { "reason_class", "category", "reason_code", "reason_label", "customers", "mrr_lost" },
				(rs, printer) -> printer.printRecord(rs.getString("reason_class"), rs.getString("category"),
						rs.getString("reason_code"), rs.getString("reason_label"), rs.getLong("customers"),
						plain(rs.getBigDecimal("mrr_lost"))));
		writeCsv(directory.resolve("cohort-retention.csv"), COHORT_RETENTION, firstDay,
				new String[] { "cohort_month", "months_since", "customers_active", "cohort_size", "retention_rate" },
				(rs, printer) -> printer.printRecord(rs.getObject("cohort_month", LocalDate.class).format(YEAR_MONTH),
						rs.getInt("months_since"), rs.getLong("customers_active"), rs.getLong("cohort_size"),
						plain(rs.getBigDecimal("retention_rate"))));
	}

	private void writeCsv(Path file, String sql, LocalDate month, String[] header, RowPrinter rowPrinter) {
		AtomicFiles.write(file, temporary -> {
			CSVFormat format = CSVFormat.DEFAULT.builder().setHeader(header).setRecordSeparator('\n').get();
			try (BufferedWriter out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8);
					CSVPrinter printer = new CSVPrinter(out, format)) {
				reporting.sql(sql).param("month", month).query((RowCallbackHandler) rs -> {
					try {
						rowPrinter.print(rs, printer);
					}
					catch (IOException ex) {
						throw new UncheckedIOException(ex);
					}
				});
			}
		});
	}

	/** Numbers as written in the mart, without exponent; an absent value is an empty cell. */
	private static String plain(BigDecimal value) {
		return value == null ? "" : value.toPlainString();
	}

	@FunctionalInterface
	private interface RowPrinter {

		void print(ResultSet rs, CSVPrinter printer) throws SQLException, IOException;

	}

}
