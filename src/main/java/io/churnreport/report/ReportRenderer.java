package io.churnreport.report;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.Map;
import java.util.TimeZone;

import com.lowagie.text.ExceptionConverter;
import net.sf.jasperreports.engine.DefaultJasperReportsContext;
import net.sf.jasperreports.engine.JRException;
import net.sf.jasperreports.engine.JRParameter;
import net.sf.jasperreports.engine.JRRuntimeException;
import net.sf.jasperreports.engine.JasperCompileManager;
import net.sf.jasperreports.engine.JasperExportManager;
import net.sf.jasperreports.engine.JasperFillManager;
import net.sf.jasperreports.engine.JasperPrint;
import net.sf.jasperreports.engine.JasperReport;
import net.sf.jasperreports.engine.JasperReportsContext;
import net.sf.jasperreports.engine.util.JRLoader;
import net.sf.jasperreports.export.SimpleExporterInput;
import net.sf.jasperreports.export.SimpleOutputStreamExporterOutput;
import net.sf.jasperreports.pdf.JRPdfExporter;
import net.sf.jasperreports.pdf.SimplePdfExporterConfiguration;
import net.sf.jasperreports.pdf.type.PdfaConformanceEnum;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Renders one monthly report ({@code reports/<name>.jrxml}) to PDF in three stages: compile the
 * template (once, then reused by every render, also concurrent ones), fill it from the mart tables
 * of the reporting database, export the filled pages to PDF. Labels come from the resource bundle
 * {@code reports/i18n/<name>[_<language>].properties}, with the metric labels behind it
 * ({@link ReportLabels}), when the template uses them ({@code $R{key}}).
 */
public class ReportRenderer {

	public static final String MANAGEMENT_REPORT = "management-report";

	public static final String FINANCE_REPORT = "finance-report";

	private static final Log logger = LogFactory.getLog(ReportRenderer.class);

	private final String name;

	private final String title;

	private final JasperReportsContext jasperContext;

	private final Object compileLock = new Object();

	private volatile JasperReport compiledReport;

	/**
	 * @param name the template's name without extension, also the PDF's name, e.g.
	 * {@code management-report}
	 * @param title what the PDF's document properties call it, e.g. {@code Monthly churn report}
	 */
	public ReportRenderer(String name, String title) {
		this(name, title, DefaultJasperReportsContext.getInstance());
	}

	public ReportRenderer(String name, String title, JasperReportsContext jasperContext) {
		this.name = name;
		this.title = title;
		this.jasperContext = jasperContext;
	}

	/** The template's name, e.g. {@code management-report}; the PDF is {@code <name>.pdf}. */
	public String name() {
		return name;
	}

	/**
	 * Fills the report for the requested month from the mart tables and writes the PDF to exactly
	 * {@code pdfFile}, replacing it. The connection is used, not closed.
	 * @throws ReportRenderingException when the template does not compile, a query fails or the
	 * PDF cannot be written
	 */
	public void render(Connection reporting, ReportRequest request, Path pdfFile) {
		render(reporting, request, Map.of(), YearMonth.from(request.month()).toString(), pdfFile);
	}

	/**
	 * As {@link #render(Connection, ReportRequest, Path)}, with parameters of the template's own
	 * beside the request's, and what the PDF's document properties name as its subject after the
	 * title (e.g. {@code FY2026 Q3} instead of the month).
	 */
	public void render(Connection reporting, ReportRequest request, Map<String, Object> templateParameters,
			String documentLabel, Path pdfFile) {
		JasperPrint print = fill(reporting, request, templateParameters);
		export(print, request, documentLabel, pdfFile);
		if (logger.isDebugEnabled()) {
			int pages = print.getPages().size();
			logger.debug("Rendered the " + name + " of " + YearMonth.from(request.month()) + " to " + pdfFile + " ("
					+ pages + ((pages != 1) ? " pages)" : " page)"));
		}
	}

	/**
	 * The filled report, before export: what golden tests compare, as JasperReports XML
	 * ({@link #toXml}), since PDF bytes differ from run to run.
	 */
	public JasperPrint fill(Connection reporting, ReportRequest request) {
		return fill(reporting, request, Map.of());
	}

	/** The filled report, with parameters of the template's own beside the request's. */
	public JasperPrint fill(Connection reporting, ReportRequest request, Map<String, Object> templateParameters) {
		return fill(compiledReport(), reporting, request, templateParameters);
	}

	/** The filled pages as JasperReports print XML, the same for the same data. */
	public static String toXml(JasperPrint print) {
		try {
			return JasperExportManager.exportReportToXml(print);
		}
		catch (JRException ex) {
			throw new ReportRenderingException("Could not export " + print.getName() + " to XML", ex);
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

	private String template() {
		return "reports/" + name + ".jrxml";
	}

	/** The template compiled at build time, else compiled now from its .jrxml. */
	private JasperReport compile() {
		String compiledName = "reports/" + name + ".jasper";
		try (InputStream compiled = ReportRenderer.class.getClassLoader().getResourceAsStream(compiledName)) {
			if (compiled != null) {
				return (JasperReport) JRLoader.loadObject(this.jasperContext, compiled);
			}
		}
		catch (IOException | JRException | JRRuntimeException | ClassCastException ex) {
			logger.warn("Could not load " + compiledName + " (" + ex.getMessage() + "); compiling " + template());
		}
		try {
			return compileTemplate(name, this.jasperContext);
		}
		catch (IOException | JRException | JRRuntimeException ex) {
			throw new ReportRenderingException("Could not compile the report template " + template(), ex);
		}
	}

	/**
	 * Compiles {@code reports/<name>.jrxml} from the classpath, its sections read from beside it
	 * ({@code reports/<name>/...}), as the build does from the templates directory.
	 */
	static JasperReport compileTemplate(String name, JasperReportsContext jasperContext) throws IOException, JRException {
		String template = ReportTemplateSections.assemble(classpathText("reports/" + name + ".jrxml"),
				sectionPath -> classpathText("reports/" + sectionPath));
		return JasperCompileManager.getInstance(jasperContext)
			.compile(new ByteArrayInputStream(template.getBytes(StandardCharsets.UTF_8)));
	}

	private static String classpathText(String resource) throws IOException {
		try (InputStream in = ReportRenderer.class.getClassLoader().getResourceAsStream(resource)) {
			if (in == null) {
				throw new IOException(resource + " not found on the classpath");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private JasperPrint fill(JasperReport report, Connection reporting, ReportRequest request,
			Map<String, Object> templateParameters) {
		Map<String, Object> parameters = parameters(request);
		parameters.putAll(templateParameters);
		try {
			return JasperFillManager.getInstance(this.jasperContext).fill(report, parameters, reporting);
		}
		catch (JRException | JRRuntimeException ex) {
			throw new ReportRenderingException(
					"Could not fill the " + name + " of " + YearMonth.from(request.month()) + ": " + ex.getMessage(),
					ex);
		}
	}

	private Map<String, Object> parameters(ReportRequest request) {
		Map<String, Object> parameters = new HashMap<>();
		parameters.put("MONTH", Date.valueOf(request.month()));
		parameters.put("PREVIOUS_MONTH", Date.valueOf(request.month().minusMonths(1)));
		ReportLabels.of(name, request.locale()).ifPresent(bundle -> parameters.put(JRParameter.REPORT_RESOURCE_BUNDLE, bundle));
		parameters.put("COMPANY_NAME", request.companyName());
		parameters.put("CURRENCY", request.currency());
		parameters.put("CUSTOMER_IDS", request.customerIds());
		parameters.put("SHOW_CUSTOMER_IDS", request.customerIds().inFullShown());
		parameters.put("CODE_LABELS", request.codeLabels());
		parameters.put(JRParameter.REPORT_LOCALE, request.locale());
		parameters.put(JRParameter.REPORT_TIME_ZONE, TimeZone.getTimeZone(request.zone()));
		return parameters;
	}

	private void export(JasperPrint print, ReportRequest request, String documentLabel, Path pdfFile) {
		JRPdfExporter exporter = new JRPdfExporter(this.jasperContext);
		exporter.setExporterInput(new SimpleExporterInput(print));
		exporter.setConfiguration(pdfConfiguration(request, documentLabel));
		try (OutputStream out = Files.newOutputStream(pdfFile)) {
			exporter.setExporterOutput(new SimpleOutputStreamExporterOutput(out));
			exporter.exportReport();
		}
		catch (IOException | JRException | RuntimeException ex) {
			// a full disk or a lost permission is the file's failure (AtomicFiles reports it with its advice)
			IOException writeFailure = writeFailure(ex);
			Throwable cause = writeFailure != null ? writeFailure : ex;
			if (cause instanceof RuntimeException runtime && !(cause instanceof JRRuntimeException)) {
				throw runtime;
			}
			throw new ReportRenderingException("Could not write the " + name + " of "
					+ YearMonth.from(request.month()) + " to " + pdfFile + ": " + cause.getMessage(), cause);
		}
	}

	/**
	 * The I/O failure behind an export's, also through OpenPDF's ExceptionConverter, which holds the
	 * disk's "No space left on device" without making it its cause.
	 */
	private static IOException writeFailure(Throwable failure) {
		for (Throwable each = failure; each != null; each = each instanceof ExceptionConverter converter
				&& each.getCause() == null ? converter.getException() : each.getCause()) {
			if (each instanceof IOException io) {
				return io;
			}
		}
		return null;
	}

	/**
	 * Archival PDF (PDF/A-2b: fonts embedded, sRGB output intent, XMP metadata) with document
	 * properties, so that a PDF found on its own, years later, still says what it is.
	 */
	private SimplePdfExporterConfiguration pdfConfiguration(ReportRequest request, String documentLabel) {
		SimplePdfExporterConfiguration configuration = new SimplePdfExporterConfiguration();
		configuration.setPdfaConformance(PdfaConformanceEnum.PDFA_2B);
		configuration.setIccProfilePath(SrgbProfile.location());
		configuration.setMetadataTitle(title + " " + documentLabel);
		configuration.setMetadataAuthor(request.companyName());
		configuration.setMetadataSubject(title + ", " + request.companyName() + ", " + documentLabel);
		configuration.setMetadataKeywords("churn-report, " + name + ", " + documentLabel);
		configuration.setMetadataCreator("churn-report");
		return configuration;
	}

}
