package io.churnreport.report;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import org.springframework.stereotype.Component;

import io.churnreport.system.AtomicFiles;
import io.churnreport.system.ChurnProperties;

/**
 * Writes a month's PDF reports (one per {@link ReportRenderer} bean, as {@code <name>.pdf}) into a
 * directory: each filled from the reporting database, exported as PDF/A, signed when
 * {@code churn.reports.signing} is configured, and written under a temporary name and renamed, so
 * that a reader never sees half a report. A month's run writes them in the reports' language;
 * {@code render} writes them again from what the month left, in any language.
 */
@Component
public class MonthlyReportWriter {

	private final DataSource reportingDataSource;

	private final List<ReportRenderer> renderers;

	private final CustomerIdPseudonyms customerIds;

	private final ReportSigner signer;

	private final MonthCodeLabels codeLabels;

	private final ChurnProperties properties;

	public MonthlyReportWriter(DataSource reportingDataSource, List<ReportRenderer> renderers,
			CustomerIdPseudonyms customerIds, ReportSigner signer, MonthCodeLabels codeLabels,
			ChurnProperties properties) {
		this.reportingDataSource = reportingDataSource;
		this.renderers = renderers;
		this.customerIds = customerIds;
		this.signer = signer;
		this.codeLabels = codeLabels;
		this.properties = properties;
	}

	/** The reports' names, in the order they are written: {@code management-report, finance-report}. */
	public List<String> reports() {
		return renderers.stream().map(ReportRenderer::name).toList();
	}

	/**
	 * Writes the month's reports in the language into the directory, replacing what is there.
	 * @param reports the reports by name; empty for every report
	 * @return the PDFs written
	 */
	public List<Path> write(LocalDate month, Locale language, Path directory, Collection<String> reports) {
		ReportRequest request = new ReportRequest(month, properties.companyName(), properties.currency(),
				properties.timeZone(), language, customerIds.shown(), codeLabels.forMonth(month, language));
		List<Path> written = new ArrayList<>();
		for (ReportRenderer renderer : renderers) {
			if (!reports.isEmpty() && !reports.contains(renderer.name())) {
				continue;
			}
			Path pdf = directory.resolve(renderer.name() + ".pdf");
			AtomicFiles.write(pdf, file -> {
				try (Connection connection = reportingDataSource.getConnection()) {
					renderer.render(connection, request, file);
				}
				signer.signIfConfigured(file, properties.companyName());
			});
			written.add(pdf);
		}
		return written;
	}

}
