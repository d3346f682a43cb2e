package io.churnreport.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;

import javax.sql.DataSource;

import io.churnreport.support.TestPostgres;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Renders the management report from hand-written mart rows in a real PostgreSQL and reads the
 * PDF's text back. The PDFs stay in {@code target/management-report-it} to be looked at.
 */
class ManagementReportIntegrationTests {

	private static final Path OUTPUT = Path.of("target", "management-report-it");

	private static final String COMPANY = "Örnek Yazılım A.Ş.";

	private static final ReportRenderer renderer = new ReportRenderer(ReportRenderer.MANAGEMENT_REPORT, "Monthly churn report");

	private static DataSource reporting;

	@BeforeAll
	static void createReportingDatabase() throws IOException {
		reporting = TestPostgres.dataSource(TestPostgres.newDatabase("management_report"));
		Flyway.configure().dataSource(reporting).locations("classpath:db/migration").load().migrate();
		JdbcTemplate jdbc = new JdbcTemplate(reporting);
		jdbc.execute(JUNE_AND_JULY_2025);
		jdbc.execute(JANUARY_2025_WITHOUT_CHURN);
		jdbc.execute(JUNE_2027_WITH_TWO_YEARS_OF_COHORTS);
		Files.createDirectories(OUTPUT);
	}

	@Test
	void showsTheFiguresOfTheMonthFormattedByUnit() throws Exception {
		String text = render("july-2025-en.pdf", request(LocalDate.of(2025, 7, 1), Locale.ENGLISH, ZoneOffset.UTC));

		assertThat(text).contains("Monthly churn report", "July 2025", COMPANY)
			.contains("Customers at start 1,140 1,000 +140")
			.contains("Churned customers 60 33 +27")
			.contains("Churned: unmanaged reasons 20 22 -2")
			.contains("Customer churn rate 5.26% 3.30% +1.96 pp")
			.contains("MRR at end 101,234.56 USD 98,765.40 USD +2,469.16 USD")
			.contains("Churned: no reason recorded 5 – –");
		assertThat(text).contains("Managed 25 41.7% 2,750.50")
			.contains("Unmanaged 20 33.3% 1,720.00")
			.contains("Unclassified 10 16.7% 640.00")
			.contains("No reason recorded 5 8.3% 300.00")
			.contains("Total 60 5,410.50");
		assertThat(text).contains("Managed Pricing Too expensive 18 1,800.00")
			.contains("Unclassified – legacy_code_17 10 640.00")
			.contains("No reason recorded – No reason recorded 5 300.00")
			.contains("Unmanaged Business Ödeme yapılamadı (şirket kapandı) 12 1,020.00");
		assertThat(text).contains("May 2025 40 100% 90% 85%")
			.contains("Jun 2025 50 100% 86%")
			.contains("Jul 2025 75 100%")
			.doesNotContain("Jul 2023");
		assertThat(text).contains("Job execution 42 · run started 2025-08-01 06:15 UTC · churn definition: subscription · Page 1 of 2",
				"Job execution 42 · run started 2025-08-01 06:15 UTC · churn definition: subscription · Page 2 of 2");
		assertThat(text).doesNotContain("No customers churned this month.");
	}

	@Test
	void embedsEveryFont() throws Exception {
		Path pdf = OUTPUT.resolve("july-2025-fonts.pdf");
		renderTo(pdf, request(LocalDate.of(2025, 7, 1), Locale.ENGLISH, ZoneOffset.UTC));

		try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
			for (PDPage page : document.getPages()) {
				for (var name : page.getResources().getFontNames()) {
					PDFont font = page.getResources().getFont(name);
					assertThat(font.isEmbedded()).as(font.getName()).isTrue();
					assertThat(font.getName()).contains("DejaVuSans");
				}
			}
		}
	}

	@Test
	void formatsInTheRequestedLocaleAndZone() throws Exception {
		String text = render("july-2025-tr.pdf",
				request(LocalDate.of(2025, 7, 1), Locale.forLanguageTag("tr-TR"), ZoneId.of("Europe/Istanbul")));

		assertThat(text).contains("Temmuz 2025")
			.contains("Customers at start 1.140 1.000 +140")
			.contains("Customer churn rate 5,26% 3,30% +1,96 pp")
			.contains("Managed 25 41,7% 2.750,50")
			.contains("Haz 2025 50 100% 86%")
			.contains("run started 2025-08-01 09:15");
	}

	@Test
	void saysSoWhenNoCustomerChurned() throws Exception {
		String text = render("january-2025.pdf", request(LocalDate.of(2025, 1, 1), Locale.ENGLISH, ZoneOffset.UTC));

		assertThat(text).contains("January 2025", "No customers churned this month.")
			.contains("Customers at start 0 – –")
			.contains("Customer churn rate – – –")
			.contains("New customers 12 – –")
			.contains("Jan 2025 12 100%")
			.contains("Job execution 7 · run started 2025-02-01 05:00 UTC · churn definition: subscription · Page 1 of 1")
			.doesNotContain("Top reasons", "Reason class");
	}

	@Test
	void saysSoWhenTheMonthWasNotRun() throws Exception {
		String text = render("march-2024-not-run.pdf", request(LocalDate.of(2024, 3, 1), Locale.ENGLISH, ZoneOffset.UTC));

		assertThat(text).contains("March 2024", "No metrics were computed for this month.",
				"No customers churned this month.", "No cohort data for this month.",
				"Job execution – · run started – · Page 1 of 1");
	}

	@Test
	void failsWithTheMonthAndTheFileWhenThePdfCannotBeWritten() {
		Path pdf = OUTPUT.resolve("missing-directory").resolve("july.pdf");

		assertThatExceptionOfType(ReportRenderingException.class)
			.isThrownBy(() -> renderTo(pdf, request(LocalDate.of(2025, 7, 1), Locale.ENGLISH, ZoneOffset.UTC)))
			.withMessageContaining("2025-07")
			.withMessageContaining(pdf.toString());
	}

	@Test
	void fitsTwoYearsOfCohortsAndTheTopTenReasonsOnLandscapePages() throws Exception {
		Path pdf = OUTPUT.resolve("june-2027-two-years.pdf");
		renderTo(pdf, request(LocalDate.of(2027, 6, 1), Locale.ENGLISH, ZoneOffset.UTC));

		try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
			String text = normalized(new PDFTextStripper() {
				{
					setSortByPosition(true);
				}
			}.getText(document));
			// one row per cohort, the oldest with all 24 months, and no column pushed to another page
			assertThat(text).contains("Jul 2025 1,074 100% 96% 92%")
				.contains("Jun 2027 1,925 100%")
				.contains("Size 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23")
				.doesNotContain("Jun 2025 ");
			assertThat(text).contains("Reason number 10").doesNotContain("Reason number 11");
			assertThat(text).contains("MRR at end 1,234,567.89 USD");
			assertThat(document.getNumberOfPages()).isLessThanOrEqualTo(3);
		}
	}

	private static ReportRequest request(LocalDate month, Locale locale, ZoneId zone) {
		return new ReportRequest(month, COMPANY, "USD", zone, locale);
	}

	private static String render(String fileName, ReportRequest request) throws Exception {
		Path pdf = OUTPUT.resolve(fileName);
		renderTo(pdf, request);
		try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
			PDFTextStripper stripper = new PDFTextStripper();
			stripper.setSortByPosition(true);
			return normalized(stripper.getText(document));
		}
	}

	private static void renderTo(Path pdf, ReportRequest request) throws Exception {
		try (Connection connection = reporting.getConnection()) {
			renderer.render(connection, request, pdf);
		}
	}

	/** One space between words, so that assertions do not depend on how PDFBox spaces columns. */
	private static String normalized(String text) {
		return text.replaceAll("[ \\t\\u00A0]+", " ").replaceAll(" ?\\R ?", "\n");
	}

	private static final String JUNE_AND_JULY_2025 = """
			INSERT INTO mart.month_run (month, job_execution_id, started_at, time_zone, currency, classifier_sha256) VALUES
			 ('2025-06-01', 41, '2025-07-01T06:10:00Z', 'UTC', 'USD', 'abc'),
			 ('2025-07-01', 42, '2025-08-01T06:15:00Z', 'UTC', 'USD', 'abc');

			-- June has no churned_no_reason row: the report shows "–" for it
			INSERT INTO mart.monthly_metric (month, metric, value) VALUES
			 ('2025-06-01', 'customers_start', 1000),
			 ('2025-06-01', 'customers_new', 170),
			 ('2025-06-01', 'customers_reactivated', 3),
			 ('2025-06-01', 'customers_churned', 33),
			 ('2025-06-01', 'customers_end', 1140),
			 ('2025-06-01', 'churn_rate', 0.033),
			 ('2025-06-01', 'mrr_start', 90000.00),
			 ('2025-06-01', 'mrr_end', 98765.40),
			 ('2025-06-01', 'churned_managed', 9),
			 ('2025-06-01', 'churned_unmanaged', 22),
			 ('2025-06-01', 'churned_unclassified', 2),
			 ('2025-07-01', 'customers_start', 1140),
			 ('2025-07-01', 'customers_new', 75),
			 ('2025-07-01', 'customers_reactivated', 5),
			 ('2025-07-01', 'customers_churned', 60),
			 ('2025-07-01', 'customers_end', 1160),
			 ('2025-07-01', 'churn_rate', 0.052632),
			 ('2025-07-01', 'mrr_start', 98765.40),
			 ('2025-07-01', 'mrr_end', 101234.56),
			 ('2025-07-01', 'churned_managed', 25),
			 ('2025-07-01', 'churned_unmanaged', 20),
			 ('2025-07-01', 'churned_unclassified', 10),
			 ('2025-07-01', 'churned_no_reason', 5);

			INSERT INTO mart.churn_by_reason (month, reason_class, category, reason_code, reason_label, customers, mrr_lost) VALUES
			 ('2025-06-01', 'unmanaged', 'Business', 'company_closed', 'Company closed', 22, 2000.00),
			 ('2025-07-01', 'managed', 'Pricing', 'too_expensive', 'Too expensive', 18, 1800.00),
			 ('2025-07-01', 'managed', 'Product', 'missing_feature', 'Missing feature', 7, 950.50),
			 ('2025-07-01', 'unmanaged', 'Business', 'company_closed', 'Ödeme yapılamadı (şirket kapandı)', 12, 1020.00),
			 ('2025-07-01', 'unmanaged', 'Business', 'acquired', 'Acquired by another company', 8, 700.00),
			 ('2025-07-01', 'unclassified', NULL, 'legacy_code_17', NULL, 10, 640.00),
			 ('2025-07-01', 'no_reason', NULL, NULL, NULL, 5, 300.00);

			-- the July run's triangle; the 2023 cohort is older than the 24 the report shows
			INSERT INTO mart.cohort_retention (month, cohort_month, months_since, customers_active, cohort_size, retention_rate) VALUES
			 ('2025-07-01', '2023-07-01', 24, 100, 777, 0.128700),
			 ('2025-07-01', '2025-05-01', 0, 40, 40, 1.000000),
			 ('2025-07-01', '2025-05-01', 1, 36, 40, 0.900000),
			 ('2025-07-01', '2025-05-01', 2, 34, 40, 0.850000),
			 ('2025-07-01', '2025-06-01', 0, 50, 50, 1.000000),
			 ('2025-07-01', '2025-06-01', 1, 43, 50, 0.860000),
			 ('2025-07-01', '2025-07-01', 0, 75, 75, 1.000000);
			""";

	private static final String JANUARY_2025_WITHOUT_CHURN = """
			INSERT INTO mart.month_run (month, job_execution_id, started_at, time_zone, currency, classifier_sha256) VALUES
			 ('2025-01-01', 7, '2025-02-01T05:00:00Z', 'UTC', 'USD', 'abc');

			-- the first month: nobody to churn, so no churn rate
			INSERT INTO mart.monthly_metric (month, metric, value) VALUES
			 ('2025-01-01', 'customers_start', 0),
			 ('2025-01-01', 'customers_new', 12),
			 ('2025-01-01', 'customers_reactivated', 0),
			 ('2025-01-01', 'customers_churned', 0),
			 ('2025-01-01', 'customers_end', 12),
			 ('2025-01-01', 'churn_rate', NULL),
			 ('2025-01-01', 'mrr_start', 0),
			 ('2025-01-01', 'mrr_end', 1188.00);

			INSERT INTO mart.cohort_retention (month, cohort_month, months_since, customers_active, cohort_size, retention_rate) VALUES
			 ('2025-01-01', '2025-01-01', 0, 12, 12, 1.000000);
			""";

	/** A realistic size: 24 cohorts with their whole triangle, twelve reasons, large amounts. */
	private static final String JUNE_2027_WITH_TWO_YEARS_OF_COHORTS = """
			INSERT INTO mart.month_run (month, job_execution_id, started_at, time_zone, currency, classifier_sha256) VALUES
			 ('2027-06-01', 901, '2027-07-01T06:00:00Z', 'UTC', 'USD', 'abc');

			INSERT INTO mart.monthly_metric (month, metric, value)
			SELECT '2027-06-01', metric, CASE unit WHEN 'rate' THEN 0.041234 WHEN 'money' THEN 1234567.89 ELSE 12345 END
			  FROM mart.metric_definition;

			INSERT INTO mart.churn_by_reason (month, reason_class, category, reason_code, reason_label, customers, mrr_lost)
			SELECT '2027-06-01', 'managed', 'Category with a long name ' || n, 'reason_' || n,
			       'Reason number ' || n || CASE WHEN n = 1 THEN ': the customer found the reporting module too slow for the month-end close and asked for a direct export to their ERP system' ELSE '' END,
			       100 - n, 98765.43 - n
			  FROM generate_series(1, 12) AS n;

			INSERT INTO mart.cohort_retention (month, cohort_month, months_since, customers_active, cohort_size, retention_rate)
			SELECT '2027-06-01', cohort.month, since.n, round(cohort.size * power(0.96, since.n)), cohort.size,
			       round(power(0.96, since.n)::numeric, 6)
			  FROM (SELECT month::date, 1000 + 37 * row_number() OVER (ORDER BY month) AS size
			          FROM generate_series(DATE '2025-06-01', DATE '2027-06-01', INTERVAL '1 month') AS month) AS cohort
			 CROSS JOIN generate_series(0, 24) AS since (n)
			 WHERE cohort.month + make_interval(months => since.n) <= DATE '2027-06-01';
			""";

}
