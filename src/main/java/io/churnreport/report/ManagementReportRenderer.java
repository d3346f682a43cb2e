package io.churnreport.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.Map;
import java.util.TimeZone;

import net.sf.jasperreports.engine.DefaultJasperReportsContext;
import net.sf.jasperreports.engine.JRException;
import net.sf.jasperreports.engine.JRParameter;
import net.sf.jasperreports.engine.JRRuntimeException;
import net.sf.jasperreports.engine.JasperCompileManager;
import net.sf.jasperreports.engine.JasperFillManager;
import net.sf.jasperreports.engine.JasperPrint;
import net.sf.jasperreports.engine.JasperReport;
import net.sf.jasperreports.engine.JasperReportsContext;
import net.sf.jasperreports.export.SimpleExporterInput;
import net.sf.jasperreports.export.SimpleOutputStreamExporterOutput;
import net.sf.jasperreports.pdf.JRPdfExporter;
import net.sf.jasperreports.pdf.SimplePdfExporterConfiguration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Renders the monthly management report ({@code reports/management-report.jrxml}) to PDF in three
 * stages: compile the template (once, then reused by every render, also concurrent ones), fill it
 * from the mart tables of the reporting database, export the filled pages to PDF.
 */
public class ManagementReportRenderer {

	private static final String TEMPLATE = "reports/management-report.jrxml";

	private static final Log logger = LogFactory.getLog(ManagementReportRenderer.class);

	private final JasperReportsContext jasperContext;

	private final Object compileLock = new Object();

	private volatile JasperReport compiledReport;

	public ManagementReportRenderer() {
		this(DefaultJasperReportsContext.getInstance());
	}

	public ManagementReportRenderer(JasperReportsContext jasperContext) {
		this.jasperContext = jasperContext;
	}

	/**
	 * Fills the report for the requested month from the mart tables and writes the PDF to exactly
	 * {@code pdfFile}, replacing it. The connection is used, not closed.
	 * @throws ReportRenderingException when the template does not compile, a query fails or the
	 * PDF cannot be written
	 */
	public void render(Connection reporting, ReportRequest request, Path pdfFile) {
		JasperReport report = compiledReport();
		JasperPrint print = fill(report, reporting, request);
		export(print, request, pdfFile);
		if (logger.isDebugEnabled()) {
			int pages = print.getPages().size();
			logger.debug("Rendered the management report of " + YearMonth.from(request.month()) + " to " + pdfFile + " ("
					+ pages + ((pages != 1) ? " pages)" : " page)"));
		}
	}

	/** Compiling takes about a second, so it happens on first use and only once. */
	private JasperReport compiledReport() {
		JasperReport report = this.compiledReport;
		if (report == null) {
			synchronized (this.compileLock) {
				report = this.compiledReport;
				if (report == null) {
					report = compile();
					this.compiledReport = report;
				}
			}
		}
		return report;
	}

	private JasperReport compile() {
		try (InputStream template = ManagementReportRenderer.class.getClassLoader().getResourceAsStream(TEMPLATE)) {
			if (template == null) {
				throw new IOException("not found on the classpath");
			}
			return JasperCompileManager.getInstance(this.jasperContext).compile(template);
		}
		catch (IOException | JRException | JRRuntimeException ex) {
			throw new ReportRenderingException("Could not compile the report template " + TEMPLATE, ex);
		}
	}

	private JasperPrint fill(JasperReport report, Connection reporting, ReportRequest request) {
		try {
			return JasperFillManager.getInstance(this.jasperContext).fill(report, parameters(request), reporting);
		}
		catch (JRException | JRRuntimeException ex) {
			throw new ReportRenderingException(
					"Could not fill the management report of " + YearMonth.from(request.month()) + ": " + ex.getMessage(),
					ex);
		}
	}

	private static Map<String, Object> parameters(ReportRequest request) {
		Map<String, Object> parameters = new HashMap<>();
		parameters.put("MONTH", Date.valueOf(request.month()));
		parameters.put("COMPANY_NAME", request.companyName());
		parameters.put("CURRENCY", request.currency());
		parameters.put(JRParameter.REPORT_LOCALE, request.locale());
		parameters.put(JRParameter.REPORT_TIME_ZONE, TimeZone.getTimeZone(request.zone()));
		return parameters;
	}

	private void export(JasperPrint print, ReportRequest request, Path pdfFile) {
		JRPdfExporter exporter = new JRPdfExporter(this.jasperContext);
		exporter.setExporterInput(new SimpleExporterInput(print));
		exporter.setConfiguration(pdfConfiguration(request));
		try (OutputStream out = Files.newOutputStream(pdfFile)) {
			exporter.setExporterOutput(new SimpleOutputStreamExporterOutput(out));
			exporter.exportReport();
		}
		catch (IOException | JRException | JRRuntimeException ex) {
			throw new ReportRenderingException("Could not write the management report of "
					+ YearMonth.from(request.month()) + " to " + pdfFile + ": " + ex.getMessage(), ex);
		}
	}

	/** Document properties, so that a PDF found on its own still says what it is. */
	private static SimplePdfExporterConfiguration pdfConfiguration(ReportRequest request) {
		SimplePdfExporterConfiguration configuration = new SimplePdfExporterConfiguration();
		configuration.setMetadataTitle("Monthly churn report " + YearMonth.from(request.month()));
		configuration.setMetadataAuthor(request.companyName());
		configuration.setMetadataCreator("churn-report");
		return configuration;
	}

}
