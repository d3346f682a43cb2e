package io.churnreport.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.TimeZone;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import io.churnreport.support.PdfA;
import io.churnreport.support.PdfText;
import io.churnreport.support.TestPostgres;
import net.sf.jasperreports.engine.DefaultJasperReportsContext;
import net.sf.jasperreports.engine.JRParameter;
import net.sf.jasperreports.engine.JRPrintElement;
import net.sf.jasperreports.engine.JRPrintFrame;
import net.sf.jasperreports.engine.JRPrintImage;
import net.sf.jasperreports.engine.JRPrintText;
import net.sf.jasperreports.engine.JasperFillManager;
import net.sf.jasperreports.engine.JasperPrint;
import net.sf.jasperreports.engine.JasperReport;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Renders the management report from hand-written mart rows in a real PostgreSQL and reads the
 * PDF's text back, page by page (summary, churn by reason class, logo and revenue cohorts,
 * departures / retention desk / early and involuntary churn / hidden churn, data quality and the
 * run). The PDFs stay in {@code target/management-report-it} to be looked at.
 */
class ManagementReportIntegrationTests {

	private static final Path OUTPUT = Path.of("target", "management-report-it");

	/** Written by PDFBox after every page, so that assertions can look at one page. */
	private static final String PAGE_END = "[end of page]";

	static final String COMPANY = "Örnek Yazılım A.Ş.";

	private static final ReportRenderer renderer = new ReportRenderer(ReportRenderer.MANAGEMENT_REPORT, "Monthly churn report");

	private static DataSource reporting;

	@BeforeAll
	static void createReportingDatabase() throws IOException {
		reporting = reportingDatabase("management_report");
		Files.createDirectories(OUTPUT);
	}

	/** A migrated reporting database with every fixture month of this class. */
	static DataSource reportingDatabase(String prefix) {
		DataSource dataSource = TestPostgres.migratedReportingDatabase(prefix);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.execute(AUGUST_2024_TO_JULY_2025);
		jdbc.execute(JANUARY_2023_WITHOUT_CHURN);
		jdbc.execute(JUNE_2027_WITH_TWO_YEARS_OF_COHORTS);
		FinanceReportIntegrationTests.keepTheExtractOfEveryMonthRun(dataSource);
		return dataSource;
	}

	@Test
	void summaryShowsTheKeyFiguresTheTrendAndTheAlerts() throws Exception {
		String text = render("july-2025-en.pdf", request(LocalDate.of(2025, 7, 1), Locale.ENGLISH, ZoneOffset.UTC));
		String summary = page(text, 1);

		assertThat(summary).contains("Monthly churn report", "July 2025", COMPANY);
		// the tiles, row by row: labels, values, notes
		assertThat(summary).contains("Customers at start New customers Reactivated customers Churned customers Customers at end Churn rate")
			.contains("1,140 75 5 60 1,160 5.26%")
			.contains("Last month: 1,000 Last month: 170 Last month: 3 Last month: 33 Last month: 1,140 Target: 2.50% · last month: 3.30%")
			.contains("2.19% 101,234.56 USD 5,410.50 USD 3.12% 98.40% 12")
			.contains("Target: 1.50% · last month: 0.79% At start: 98,765.40 USD Gross MRR churn rate: 6.12% Last month: 2.00% Last month: 99.10% MRR at risk: 1,830.00 USD");
		// the 12-month trend under the chart: August 2024 to July 2025
		assertThat(summary).contains("Aug 24 Sep 24 Oct 24 Nov 24 Dec 24 Jan 25 Feb 25 Mar 25 Apr 25 May 25 Jun 25 Jul 25")
			.contains("2.10% 2.20% 2.30% 2.40% 2.50% 2.60% 2.70% 2.80% 2.90% 3.00% 3.30% 5.26%")
			.doesNotContain("Jul 24");
		assertThat(summary).contains("Alerts this month", "Churn rate 5.26% is 2.76 points above the",
				"Reason category Pricing: 18 churned")
			.doesNotContain("No alerts this month.");
		assertThat(summary).contains("Monthly churn report · July 2025 · " + COMPANY + " · Job execution 42 Page 1 of 7");
	}

	@Test
	void churnByReasonClassShowsTheClassesTheTopReasonsAndTheMissingReasons() throws Exception {
		String text = page(render("july-2025-en.pdf", request(LocalDate.of(2025, 7, 1), Locale.ENGLISH, ZoneOffset.UTC)), 2);

		assertThat(text).contains("Churn by reason class", "Churned customers by reason class, last 12 months");
		assertThat(text).contains("Managed 25 41.7% 2,750.50")
			.contains("Unmanaged 20 33.3% 1,720.00")
			.contains("Unclassified 10 16.7% 640.00")
			.contains("No reason recorded 5 8.3% 300.00")
			.contains("Total 60 5,410.50");
		assertThat(text).contains("Reasons missing: 10 churned customers (16.7%) had a reason code that churn-reasons.yml does not list (unclassified), and 5 (8.3%) had no reason recorded at all.");
		// change against June; the threshold is the reason category's
		assertThat(text).contains("Too expensive Managed Pricing 18 30.0% 1,800.00 +18 Above: 1.58% > 1.00%")
			.contains("Ödeme yapılamadı (şirket kapandı) Unmanaged Business 12 20.0% 1,020.00 -10 No threshold")
			.contains("legacy_code_17 Unclassified – 10 16.7% 640.00 +8 –")
			.contains("Missing feature Managed Product 7 11.7% 950.50 0 Within: 0.61% ≤ 1.00%")
			.contains("No reason recorded No reason recorded – 5 8.3% 300.00 +5 –");
		assertThat(text).contains("Page 2 of 7");
	}

	@Test
	void cohortPagesShowLogoAndRevenueRetention() throws Exception {
		String text = render("july-2025-en.pdf", request(LocalDate.of(2025, 7, 1), Locale.ENGLISH, ZoneOffset.UTC));

		assertThat(page(text, 3)).contains("Cohort retention: customers")
			.contains("Cohort Size 0 1 2")
			.contains("May 2025 40 100% 90% 85%")
			.contains("Jun 2025 50 100% 86%")
			.contains("Jul 2025 75 100%")
			.doesNotContain("Jul 2023");
		assertThat(page(text, 4)).contains("Cohort retention: revenue", "Starting MRR in USD")
			.contains("Cohort Start MRR 0 1 2")
			.contains("May 2025 4,000 100% 95% 103%")
			.contains("Jun 2025 5,000 100% 88%");
	}

	@Test
	void departuresRetentionDeskEarlyAndHiddenChurnWithPseudonymousCustomerIds() throws Exception {
		String text = page(render("july-2025-en.pdf", request(LocalDate.of(2025, 7, 1), Locale.ENGLISH, ZoneOffset.UTC)), 5);

		assertThat(text).contains("Departures to competitors", "Retention desk", "Early and involuntary churn", "Hidden churn: accounts at risk");
		assertThat(text).contains("RivalCo 3 300.00 5 520.00")
			.contains("Acme 0 0.00 1 80.00");
		assertThat(text).contains("Cancellation requests 20 15")
			.contains("Save rate 40.00% 33.33%")
			.contains("Saved, then churned within 90 days 1 –")
			.contains("Price too high 12 5 6 41.7%")
			.contains("(no reason given) 8 3 4 37.5%");
		assertThat(text).contains("Churned early 9 4")
			.contains("MRR churned early 810.00 USD 400.00 USD")
			.contains("Early churn share 15.00% 12.12%")
			.contains("Churned: involuntary (non-payment) 6 2")
			.contains("Joined and left within the month 3 –");
		assertThat(text).contains("12 customers, 1,830.00")
			// the pseudonyms of CUST-000011 and CUST-000010 under the tests' key, from
			// echo -n CUST-000011 | openssl dgst -sha256 -hmac 0123456789abcdef (first 60 bits, Crockford base 32)
			.contains("G9NT-W34H-YNTY 300.00 95 – No payment")
			.contains("N2Z7-G2Y2-1FEY 250.00 40 70 Overdue invoice")
			.contains("Customer ids are pseudonyms, the same every month")
			.doesNotContain("CUST-000011", "CUST-000010");
	}

	/**
	 * The fixture's July: red CUST-000021 (score 0.6, MRR 200, at risk 120) and CUST-000022 (0.25,
	 * 100, 25), yellow CUST-000023 (0.08, 50, 4), green CUST-000024 (not listed, however large its
	 * MRR). The checks of June and July are in the table; January's is more than 6 months back, but
	 * within the 12 months of the trend.
	 */
	@Test
	void customersAtRiskListsTheRedAndYellowByMrrAtRiskWithTheirFactorsAndTheChecksOfTheLastMonths() throws Exception {
		String text = page(render("july-2025-en.pdf", request(LocalDate.of(2025, 7, 1), Locale.ENGLISH, ZoneOffset.UTC)), 6);

		assertThat(text).contains("Customers at risk", "Red: 2 (300.00 USD MRR); yellow: 1 (50.00 USD MRR).");
		// pseudonyms as for hidden churn: echo -n CUST-000021 | openssl dgst -sha256 -hmac 0123456789abcdef
		assertThat(text).containsSubsequence("P2XW-14XN-SBH4 Red 60.0% 200.00 2 unpaid invoices; MRR down 40% in 3 months",
				"GF0D-VM60-CCKN Red 25.0% 100.00 customer for under 3 months", "9V9P-Z8FC-D10G Yellow 8.0% 50.00 –")
			.doesNotContain("PFKB-B14Y-B9DS", "CUST-0000");
		assertThat(text).contains("How the lists did")
			.containsSubsequence("Jun 2025 1,100 33 0.70 0.55 10.0% 30.0% 2.0× 20.0% 25.0%",
					"Jul 2025 1,140 60 0.81 0.55 25.0% 48.8% 4.0× 50.0% 3.3%")
			.doesNotContain("Jan 2025")
			.contains("Last month's list ranked churners better than tenure alone (AUC 0.81 against 0.55).");
		assertThat(text).contains("Page 6 of 7");
		// the trend of the lists' AUC, drawn as a picture: 3 months checked in the 12 (the golden files hold it)
		assertThat(riskTrendCharts(request(LocalDate.of(2025, 7, 1), Locale.ENGLISH, ZoneOffset.UTC))).isOne();
	}

	@Test
	void customersAtRiskSaysPlainlyWhenTheMonthIsNotScoredAndWhenLastMonthsListLostToTheTenureRule() throws Exception {
		String text = pageContaining(render("june-2027-risk.pdf", request(LocalDate.of(2027, 6, 1), Locale.ENGLISH,
				ZoneOffset.UTC)), "Customers at risk");

		assertThat(text).contains("Not scored this month: too little history to learn from (1 earlier month, 4 churners).")
			.contains("Jun 2027 500 12 0.48 0.61 2.0% 8.3% 0.5× – 0.0%")
			.contains("Last month's list did no better than tenure alone (AUC 0.48 against 0.61): do not rely on its scores this month.")
			.doesNotContain("What raises the risk");
		// one month checked is no trend yet
		assertThat(riskTrendCharts(request(LocalDate.of(2027, 6, 1), Locale.ENGLISH, ZoneOffset.UTC))).isZero();
	}

	/** The charts as wide as the page and 76 high, the size of the trend of the lists' AUC, in the filled report. */
	private static long riskTrendCharts(ReportRequest request) throws Exception {
		try (Connection connection = reporting.getConnection()) {
			return renderer.fill(connection, request)
				.getPages()
				.stream()
				.flatMap(page -> page.getElements().stream())
				.filter(element -> element instanceof JRPrintImage && element.getWidth() == 786 && element.getHeight() == 76)
				.count();
		}
	}

	@Test
	void customersAtRiskSaysWhenTheMonthWasComputedBeforeItsCustomersWereScored() throws Exception {
		String text = render("january-2023-en.pdf", request(LocalDate.of(2023, 1, 1), Locale.ENGLISH, ZoneOffset.UTC));

		assertThat(text).contains("No risk scores for this month: it was computed before customers at risk were scored.",
				"A forced rerun of the month scores it (churn-report rerun --month 2023-01 --force", "No list checked in the last 6 months");
	}

	@Test
	void showsCustomerIdsInFullWhenConfigured() throws Exception {
		JasperReport report = ReportRenderer.compileTemplate(ReportRenderer.MANAGEMENT_REPORT,
				DefaultJasperReportsContext.getInstance());
		Map<String, Object> parameters = new HashMap<>();
		parameters.put("MONTH", Date.valueOf(LocalDate.of(2025, 7, 1)));
		parameters.put("COMPANY_NAME", COMPANY);
		parameters.put("CURRENCY", "USD");
		parameters.put(JRParameter.REPORT_LOCALE, Locale.ENGLISH);
		parameters.put(JRParameter.REPORT_TIME_ZONE, TimeZone.getTimeZone("UTC"));
		parameters.put(JRParameter.REPORT_RESOURCE_BUNDLE, ResourceBundle.getBundle("reports/i18n/management-report", Locale.ROOT));
		parameters.put("CUSTOMER_IDS", CustomerIds.inFull());
		JasperPrint print;
		try (Connection connection = reporting.getConnection()) {
			print = JasperFillManager.fillReport(report, parameters, connection);
		}

		String text = print.getPages().stream().flatMap(page -> page.getElements().stream())
			.map(ManagementReportIntegrationTests::texts).collect(Collectors.joining("\n"));
		assertThat(text).contains("CUST-000011", "CUST-000010", "Customer ids are shown in full").doesNotContain("G9NT-W34H-YNTY");
	}

	@Test
	void dataQualityAndRunPage() throws Exception {
		String text = page(render("july-2025-en.pdf", request(LocalDate.of(2025, 7, 1), Locale.ENGLISH, ZoneOffset.UTC)), 7);

		assertThat(text).contains("Data quality and the run", "Rows extracted per source")
			.contains("Customers (customers.sql) 3")
			.contains("Subscription periods (subscriptions.sql) 2")
			.contains("Invoices (invoices.sql) 4")
			.contains("Cancellation requests (cancellations.sql) 1")
			.contains("Churned without a reason 5 (8.3% of churned)")
			.contains("Churned with an unclassified reason code 10 (16.7% of churned)")
			.contains("Job execution id 42")
			.contains("Run started 2025-08-01 06:15 UTC")
			.contains("Churn definition subscription (open subscription periods)")
			.contains("Classifier version 0123456789ab")
			.contains("Time zone Europe/Berlin")
			.contains("Currency USD")
			.contains("Restated No")
			.doesNotContain("0123456789abc");
		assertThat(text).contains("Page 7 of 7");
	}

	@Test
	void dataQualityListsTheSourceRowsQuarantinedAndFlaggedPerRule() throws Exception {
		String text = page(render("july-2025-en.pdf", request(LocalDate.of(2025, 7, 1), Locale.ENGLISH, ZoneOffset.UTC)), 7);

		// sources in contract order; quarantined before flagged
		assertThat(text).contains("Source rows checked against the source contract")
			.contains("Source Rule Rows checked Quarantined Flagged")
			.containsSubsequence("Customers Conflicting versions of one record (conflicting_duplicate) 1,250 2 –",
					"Subscription periods Overlapping periods of one subscription (overlapping_periods) 2,410 2 –",
					"Subscription periods Voluntary end without a CRM cancellation (voluntary_end_without_cancellation) 2,410 – 7",
					"Invoices Customer not in billing (unknown_customer) 9,800 1 –")
			.contains("quality.quarantined_row")
			.doesNotContain("No source rows were rejected.");
		assertThat(text).contains("Page 7 of 7");
	}

	@Test
	void dataQualitySaysSoWhenNoSourceRowWasRejected() throws Exception {
		String text = render("january-2023.pdf", request(LocalDate.of(2023, 1, 1), Locale.ENGLISH, ZoneOffset.UTC));

		assertThat(page(text, 7)).contains("Source rows checked against the source contract", "No source rows were rejected.")
			.doesNotContain("Rows checked Quarantined");
	}

	@Test
	void dataQualityInTurkish() throws Exception {
		String text = render("july-2025-tr.pdf",
				request(LocalDate.of(2025, 7, 1), Locale.forLanguageTag("tr-TR"), ZoneId.of("Europe/Istanbul")));

		assertThat(page(text, 7)).contains("Kaynak sözleşmesine göre denetlenen kaynak satırları")
			.contains("Kaynak Kural Denetlenen satır Karantinada İşaretlenen")
			.contains("Abonelik dönemleri Bir aboneliğin çakışan dönemleri (overlapping_periods) 2.410 2 –")
			.contains("Faturalar Müşteri faturalama sisteminde yok (unknown_customer) 9.800 1 –");
	}

	@Test
	void isAnArchivalPdfWithEveryFontEmbeddedAndItsMetadata() throws Exception {
		Path pdf = OUTPUT.resolve("july-2025-fonts.pdf");
		renderTo(pdf, request(LocalDate.of(2025, 7, 1), Locale.ENGLISH, ZoneOffset.UTC));

		PdfText.assertEveryFontIsEmbeddedDejaVu(pdf);
		PdfA.assertPdfA2b(pdf);
		try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
			assertThat(document.getDocumentInformation().getTitle()).isEqualTo("Monthly churn report 2025-07");
			assertThat(document.getDocumentInformation().getAuthor()).isEqualTo(COMPANY);
			String xmp = new String(document.getDocumentCatalog().getMetadata().toByteArray(), StandardCharsets.UTF_8);
			assertThat(xmp).contains("<pdfaid:part>2</pdfaid:part>", "Monthly churn report 2025-07", COMPANY);
		}
	}

	@Test
	void formatsInTheRequestedLocaleAndZone() throws Exception {
		String text = render("july-2025-tr.pdf",
				request(LocalDate.of(2025, 7, 1), Locale.forLanguageTag("tr-TR"), ZoneId.of("Europe/Istanbul")));

		assertThat(page(text, 1)).contains("Aylık müşteri kaybı raporu", "Temmuz 2025")
			.contains("1.140 75 5 60 1.160 %5,26")
			.contains("101.234,56 USD")
			.contains("Hedef: %2,50 · geçen ay: %3,30")
			.contains("Müşteri kayıp oranı %5,26, %2,50 hedefinin 2,76 puan")
			.contains("Ağu 24", "Tem 25")
			.contains("Sayfa 1 / 7");
		assertThat(page(text, 2)).contains("Yönetilebilir 25 %41,7 2.750,50")
			.contains("Çok pahalı Yönetilebilir Fiyatlandırma 18 %30,0 1.800,00 +18 Üzerinde: %1,58 > %1,00")
			.contains("Missing feature Yönetilebilir Product 7")
			.doesNotContain("Too expensive", "Haziran etiketi");
		assertThat(page(text, 1)).contains("Kayıp nedeni kategorisi Fiyatlandırma: 18 müşteri kaybedildi");
		assertThat(page(text, 5)).contains("Fiyat çok yüksek 12 5 6 %41,7");
		assertThat(page(text, 3)).contains("Haz 2025 50 %100 %86");
		assertThat(page(text, 7)).contains("Başlangıç zamanı 2025-08-01 09:15", "Yeniden düzenlendi Hayır");
	}

	@Test
	void formatsInGermanWithLongLabels() throws Exception {
		String text = render("july-2025-de.pdf",
				request(LocalDate.of(2025, 7, 1), Locale.forLanguageTag("de-DE"), ZoneId.of("Europe/Berlin")));

		// 60 churned of 1,140 at start = 5.2632%, 2.7632 points above the 2.50% target; Pricing: 18 / 1,140 = 1.5789%
		String summary = page(text, 1);
		assertThat(summary).contains("Monatlicher Abwanderungsbericht", "Juli 2025")
			.contains("Kunden am Anfang Neukunden Reaktivierte Kunden Abgewanderte Kunden Kunden am Ende Abwanderungsquote")
			.contains("1.140 75 5 60 1.160 5,26 %")
			.contains("101.234,56 USD")
			.contains("Ziel: 2,50 % · Vormonat: 3,30 %")
			.contains("Aug 24 Sep 24 Okt 24", "Jun 25 Jul 25")
			.contains("Seite 1 von 7");
		assertThat(summary.replace('\n', ' '))
			.contains("Abwanderungsquote 5,26 % liegt 2,76 Prozentpunkte über dem Ziel von 2,50 %")
			.contains("Kategorie Pricing: 18 abgewanderte Kunden, 1,58 % der Kunden am Monatsanfang");
		// managed: 25 of 60 = 41.67%; Too expensive has no German label in the fixture, so its label stays
		assertThat(page(text, 2)).contains("Beeinflussbar 25 41,7 % 2.750,50")
			.contains("Too expensive Beeinflussbar Pricing 18 30,0 % 1.800,00 +18 Darüber: 1,58 % > 1,00 %");
		assertThat(page(text, 2).replace('\n', ' '))
			.contains("Bei 10 abgewanderten Kunden (16,7 %) steht der Grundcode nicht in churn-reasons.yml");
		// the retention desk: 5 of 12 requests saved = 41.67%
		assertThat(page(text, 5)).contains("Price too high 12 5 6 41,7 %")
			.contains("N2Z7-G2Y2-1FEY 250,00 40 70 Überfällig");
		assertThat(page(text, 7)).contains("Korrigiert Nein");

		// the month with two years of cohorts and amounts in the millions: the cohort of July 2025 is the second,
		// 1,000 + 37 * 2 = 1,074 customers, 0.96^n of them kept
		String large = render("june-2027-de.pdf",
				request(LocalDate.of(2027, 6, 1), Locale.forLanguageTag("de-DE"), ZoneOffset.UTC));
		assertThat(page(large, 1)).contains("1.234.567,89 USD");
		assertThat(pageContaining(large, "Kohortenbindung: Kunden")).contains("Jul 2025 1.074 100 % 96 % 92 %");
	}

	@Test
	void saysSoWhenNoCustomerChurned() throws Exception {
		String text = render("january-2023.pdf", request(LocalDate.of(2023, 1, 1), Locale.ENGLISH, ZoneOffset.UTC));

		assertThat(text).contains("January 2023", "No customers churned this month.", "No alerts this month.",
				"No customer churned in the last 12 months.", "No month of the last 12 has a churn rate yet.",
				"No churned customer named a competitor this month.", "No hidden churn this month.")
			.contains("0 12 0 0 12 –")
			.contains("Jan 2023 12 100%")
			.contains("Job execution 7 Page 1 of 7")
			.doesNotContain("Top reasons", "Reasons missing");
	}

	/** August 2027: June 2027's figures, but billing held no invoice, so hidden churn was not judged. */
	@Test
	void saysHiddenChurnWasNotJudgedWhenBillingHeldNoInvoice() throws Exception {
		new JdbcTemplate(reporting).execute("""
				DELETE FROM mart.monthly_metric WHERE month = '2027-08-01';
				INSERT INTO mart.monthly_metric (month, metric, value)
				SELECT '2027-08-01', metric, CASE WHEN metric LIKE 'hidden_churn%' THEN NULL ELSE value END
				  FROM mart.monthly_metric WHERE month = '2027-06-01';
				""");

		String text = render("august-2027-no-invoices.pdf", request(LocalDate.of(2027, 8, 1), Locale.ENGLISH, ZoneOffset.UTC));

		assertThat(page(text, 1)).contains("4.12% 1,234,567.89 USD 1,234,567.89 USD 4.12% 4.12% –\n", "MRR at risk: –");
		assertThat(pageContaining(text, "Hidden churn: accounts at risk"))
			// the sentence wraps after "pays is"
			.contains("Not judged this month: billing holds no invoices, and whether a customer still pays is", "read from them.")
			.doesNotContain("No hidden churn this month.", "Customer ids are pseudonyms", "MRR at risk.");
	}

	@Test
	void saysSoWhenTheMonthWasNotRun() throws Exception {
		String text = render("march-2024-not-run.pdf", request(LocalDate.of(2024, 3, 1), Locale.ENGLISH, ZoneOffset.UTC));

		assertThat(text).contains("March 2024", "No customers churned this month.", "No cohort data for this month.",
				"No revenue cohort data for this month.", "No alerts this month.", "Job execution – Page 1 of 7",
				"Job execution id –", "Restated No", "The month has not been computed.");
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
		ReportRequest request = request(LocalDate.of(2027, 6, 1), Locale.ENGLISH, ZoneOffset.UTC);
		// how long it takes is measured by the bench (renderReportStep, docs/benchmarks.md), not here
		String text = render("june-2027-two-years.pdf", request);

		// one row per cohort, the oldest with all 24 months, and no column pushed to another page
		String logoCohorts = pageContaining(text, "Cohort retention: customers");
		assertThat(logoCohorts).contains("Jul 2025 1,074 100% 96% 92%")
			.contains("Jun 2027 1,925 100%")
			.contains("Size 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23")
			.doesNotContain("Jun 2025 ");
		assertThat(pageContaining(text, "Cohort retention: revenue")).contains("Start MRR 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23");
		// ten reasons with long, wrapping category names may continue the table on a page of its own
		assertThat(text).contains("Reason number 10").doesNotContain("Reason number 11");
		assertThat(page(text, 1)).contains("1,234,567.89 USD");
		assertThat(text.split(Pattern.quote(PAGE_END)).length - 1).isLessThanOrEqualTo(8);
	}

	/** Customer ids under a fixed key, so that the expected pseudonyms can be worked out beside the tests. */
	static final CustomerIds PSEUDONYMS = CustomerIds.pseudonyms("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

	static ReportRequest request(LocalDate month, Locale locale, ZoneId zone) {
		return new ReportRequest(month, COMPANY, "USD", zone, locale, PSEUDONYMS);
	}

	private static String render(String fileName, ReportRequest request) throws Exception {
		Path pdf = OUTPUT.resolve(fileName);
		renderTo(pdf, request);
		try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
			PDFTextStripper stripper = new PDFTextStripper();
			stripper.setSortByPosition(true);
			stripper.setPageEnd("\n" + PAGE_END + "\n");
			String text = PdfText.normalized(stripper.getText(document));
			Files.writeString(OUTPUT.resolve(fileName + ".txt"), text);
			return text;
		}
	}

	/** The text of one page, counted from 1. */
	private static String page(String text, int number) {
		String[] pages = text.split(Pattern.quote(PAGE_END));
		assertThat(pages.length).as("pages").isGreaterThanOrEqualTo(number);
		return pages[number - 1];
	}

	private static String pageContaining(String text, String title) {
		for (String page : text.split(Pattern.quote(PAGE_END))) {
			if (page.contains(title)) {
				return page;
			}
		}
		throw new AssertionError("No page contains " + title);
	}

	private static String texts(JRPrintElement element) {
		if (element instanceof JRPrintText text) {
			return text.getFullText();
		}
		if (element instanceof JRPrintFrame frame) {
			return frame.getElements().stream().map(ManagementReportIntegrationTests::texts).collect(Collectors.joining("\n"));
		}
		return "";
	}

	private static void renderTo(Path pdf, ReportRequest request) throws Exception {
		try (Connection connection = reporting.getConnection()) {
			renderer.render(connection, request, pdf);
		}
	}


	/**
	 * July 2025 and the eleven months before it: a full year of churn rates against a 2.50% target,
	 * June 2025 as the previous month, and every table the report reads for July.
	 */
	static final String AUGUST_2024_TO_JULY_2025 = """
			INSERT INTO mart.month_run (month, job_execution_id, started_at, time_zone, currency, classifier_sha256, churn_definition) VALUES
			 ('2025-06-01', 41, '2025-07-01T06:10:00Z', 'Europe/Berlin', 'USD', repeat('0123456789abcdef', 4), 'subscription'),
			 ('2025-07-01', 42, '2025-08-01T06:15:00Z', 'Europe/Berlin', 'USD', repeat('0123456789abcdef', 4), 'subscription');

			-- August 2024 to May 2025: churn rate 2.10% rising by 0.10 points a month, 20 churned of 1,000
			INSERT INTO mart.monthly_metric (month, metric, value)
			SELECT (DATE '2024-08-01' + make_interval(months => n))::date, metric.name,
			       CASE metric.name WHEN 'churn_rate' THEN 0.021 + n * 0.001 ELSE metric.value END
			  FROM generate_series(0, 9) AS n
			 CROSS JOIN (VALUES ('customers_start', 1000), ('customers_churned', 20), ('churn_rate', NULL),
			                    ('target_churn_rate', 0.025), ('churned_managed', 10), ('churned_unmanaged', 6),
			                    ('churned_unclassified', 2), ('churned_no_reason', 2)) AS metric (name, value);

			-- June has no churned_no_reason, saved_then_churned_90d or churned_same_month row: "–"
			INSERT INTO mart.monthly_metric (month, metric, value) VALUES
			 ('2025-06-01', 'customers_start', 1000),
			 ('2025-06-01', 'customers_new', 170),
			 ('2025-06-01', 'customers_reactivated', 3),
			 ('2025-06-01', 'customers_churned', 33),
			 ('2025-06-01', 'customers_end', 1140),
			 ('2025-06-01', 'churn_rate', 0.033),
			 ('2025-06-01', 'target_churn_rate', 0.025),
			 ('2025-06-01', 'managed_churn_rate', 0.0079),
			 ('2025-06-01', 'mrr_start', 90000.00),
			 ('2025-06-01', 'mrr_end', 98765.40),
			 ('2025-06-01', 'net_mrr_churn_rate', 0.02),
			 ('2025-06-01', 'nrr', 0.991),
			 ('2025-06-01', 'churned_managed', 9),
			 ('2025-06-01', 'churned_unmanaged', 22),
			 ('2025-06-01', 'churned_unclassified', 2),
			 ('2025-06-01', 'cancellation_requests', 15),
			 ('2025-06-01', 'saved', 5),
			 ('2025-06-01', 'lost_at_desk', 10),
			 ('2025-06-01', 'save_rate', 0.333333),
			 ('2025-06-01', 'churned_early', 4),
			 ('2025-06-01', 'mrr_churned_early', 400.00),
			 ('2025-06-01', 'early_churn_share', 0.121212),
			 ('2025-06-01', 'churned_involuntary', 2),
			 ('2025-06-01', 'mrr_churned_involuntary', 200.00),
			 ('2025-06-01', 'mrr_churned_same_month', 0.00),
			 ('2025-07-01', 'customers_start', 1140),
			 ('2025-07-01', 'customers_new', 75),
			 ('2025-07-01', 'customers_reactivated', 5),
			 ('2025-07-01', 'customers_churned', 60),
			 ('2025-07-01', 'customers_end', 1160),
			 ('2025-07-01', 'churn_rate', 0.052632),
			 ('2025-07-01', 'target_churn_rate', 0.025),
			 ('2025-07-01', 'churn_rate_trailing_3m_avg', 0.030667),
			 ('2025-07-01', 'managed_churn_rate', 0.021930),
			 ('2025-07-01', 'target_managed_churn_rate', 0.015),
			 ('2025-07-01', 'mrr_start', 98765.40),
			 ('2025-07-01', 'mrr_end', 101234.56),
			 ('2025-07-01', 'mrr_churned', 5410.50),
			 ('2025-07-01', 'gross_mrr_churn_rate', 0.061234),
			 ('2025-07-01', 'net_mrr_churn_rate', 0.031234),
			 ('2025-07-01', 'nrr', 0.984),
			 ('2025-07-01', 'hidden_churn_customers', 12),
			 ('2025-07-01', 'hidden_churn_mrr', 1830.00),
			 ('2025-07-01', 'churned_managed', 25),
			 ('2025-07-01', 'churned_unmanaged', 20),
			 ('2025-07-01', 'churned_unclassified', 10),
			 ('2025-07-01', 'churned_no_reason', 5),
			 ('2025-07-01', 'alerts_raised', 2),
			 ('2025-07-01', 'cancellation_requests', 20),
			 ('2025-07-01', 'saved', 8),
			 ('2025-07-01', 'lost_at_desk', 10),
			 ('2025-07-01', 'save_rate', 0.4),
			 ('2025-07-01', 'saved_then_churned_90d', 1),
			 ('2025-07-01', 'churned_early', 9),
			 ('2025-07-01', 'mrr_churned_early', 810.00),
			 ('2025-07-01', 'early_churn_share', 0.15),
			 ('2025-07-01', 'churned_involuntary', 6),
			 ('2025-07-01', 'mrr_churned_involuntary', 540.00),
			 ('2025-07-01', 'churned_same_month', 3),
			 ('2025-07-01', 'mrr_churned_same_month', 90.00),
			 ('2025-07-01', 'churned_to_competitors', 3);

			INSERT INTO mart.churn_by_reason (month, reason_class, category, reason_code, reason_label, customers, mrr_lost) VALUES
			 ('2025-06-01', 'unmanaged', 'Business', 'company_closed', 'Ödeme yapılamadı (şirket kapandı)', 22, 2000.00),
			 ('2025-06-01', 'managed', 'Product', 'missing_feature', 'Missing feature', 7, 700.00),
			 ('2025-06-01', 'unclassified', NULL, 'legacy_code_17', NULL, 2, 100.00),
			 ('2025-07-01', 'managed', 'Pricing', 'too_expensive', 'Too expensive', 18, 1800.00),
			 ('2025-07-01', 'managed', 'Product', 'missing_feature', 'Missing feature', 7, 950.50),
			 ('2025-07-01', 'unmanaged', 'Business', 'company_closed', 'Ödeme yapılamadı (şirket kapandı)', 12, 1020.00),
			 ('2025-07-01', 'unmanaged', 'Business', 'acquired', 'Acquired by another company', 8, 700.00),
			 ('2025-07-01', 'unclassified', NULL, 'legacy_code_17', NULL, 10, 640.00),
			 ('2025-07-01', 'no_reason', NULL, NULL, NULL, 5, 300.00);

			INSERT INTO mart.category_threshold (month, category, customers, customers_start, churn_rate_contribution, threshold, exceeded) VALUES
			 ('2025-07-01', 'Business', 20, 1140, 0.017544, NULL, NULL),
			 ('2025-07-01', 'Pricing', 18, 1140, 0.015789, 0.010000, true),
			 ('2025-07-01', 'Product', 7, 1140, 0.006140, 0.010000, false);

			INSERT INTO mart.alert (month, alert_type, subject, actual, threshold, message) VALUES
			 ('2025-07-01', 'above_target', 'churn_rate', 0.052632, 0.025,
			  'Churn rate 5.26% is 2.76 points above the target of 2.50%'),
			 ('2025-07-01', 'category_threshold', 'Pricing', 0.015789, 0.01,
			  'Reason category Pricing: 18 churned customers, 1.58% of customers at start, above its threshold of 1.00%');

			-- Turkish labels from churn-reasons.yml; missing_feature and the category Product have none
			INSERT INTO mart.reason_label (month, kind, code, language, label) VALUES
			 ('2025-07-01', 'reason', 'too_expensive', 'tr', 'Çok pahalı'),
			 ('2025-07-01', 'category', 'pricing', 'tr', 'Fiyatlandırma'),
			 ('2025-07-01', 'reason', 'price_too_high', 'tr', 'Fiyat çok yüksek'),
			 ('2025-06-01', 'reason', 'too_expensive', 'tr', 'Haziran etiketi');

			-- the July run's triangle; the 2023 cohort is older than the 24 the report shows
			INSERT INTO mart.cohort_retention (month, cohort_month, months_since, customers_active, cohort_size, retention_rate,
			                                   cohort_mrr, mrr_active, revenue_retention_rate) VALUES
			 ('2025-07-01', '2023-07-01', 24, 100, 777, 0.128700, 77700.00, 10000.00, 0.128700),
			 ('2025-07-01', '2025-05-01', 0, 40, 40, 1.000000, 4000.00, 4000.00, 1.000000),
			 ('2025-07-01', '2025-05-01', 1, 36, 40, 0.900000, 4000.00, 3800.00, 0.950000),
			 ('2025-07-01', '2025-05-01', 2, 34, 40, 0.850000, 4000.00, 4120.00, 1.030000),
			 ('2025-07-01', '2025-06-01', 0, 50, 50, 1.000000, 5000.00, 5000.00, 1.000000),
			 ('2025-07-01', '2025-06-01', 1, 43, 50, 0.860000, 5000.00, 4400.00, 0.880000),
			 ('2025-07-01', '2025-07-01', 0, 75, 75, 1.000000, 7500.00, 7500.00, 1.000000);

			INSERT INTO mart.churn_by_competitor (month, competitor, customers, mrr_lost, customers_12m, mrr_lost_12m) VALUES
			 ('2025-07-01', 'RivalCo', 3, 300.00, 5, 520.00),
			 ('2025-07-01', 'Acme', 0, 0.00, 1, 80.00);

			INSERT INTO mart.retention_desk_by_reason (month, reason_code, reason_label, requests, saved, lost, save_rate) VALUES
			 ('2025-07-01', 'price_too_high', 'Price too high', 12, 5, 6, 0.416667),
			 ('2025-07-01', '(none)', '(none)', 8, 3, 4, 0.375000);

			-- twelve accounts at risk; the report lists the ten largest by MRR
			INSERT INTO mart.hidden_churn_customer (month, customer_id, mrr, last_paid_at, oldest_unpaid_issued_at,
			                                        days_since_last_payment, days_overdue, reason) VALUES
			 ('2025-07-01', 'CUST-000011', 300.00, '2025-04-27T00:00:00Z', NULL, 95, NULL, 'no_payment'),
			 ('2025-07-01', 'CUST-000010', 250.00, '2025-06-21T00:00:00Z', '2025-05-22T00:00:00Z', 40, 70, 'overdue'),
			 ('2025-07-01', 'CUST-000001', 50.00, '2025-04-01T00:00:00Z', NULL, 121, NULL, 'no_payment'),
			 ('2025-07-01', 'CUST-000012', 30.00, '2025-04-01T00:00:00Z', NULL, 121, NULL, 'no_payment');
			INSERT INTO mart.hidden_churn_customer (month, customer_id, mrr, last_paid_at, oldest_unpaid_issued_at,
			                                        days_since_last_payment, days_overdue, reason)
			SELECT '2025-07-01', 'CUST-00000' || n, 150.00, NULL, '2025-04-01T00:00:00Z', 100 + n, 121, 'both'
			  FROM generate_series(2, 9) AS n;

			-- customers at risk in July: three red or yellow, listed by score x MRR (120, 25, 4); the green
			-- one (5) is not; June's and July's lists checked, and January's, outside the 6 months shown
			INSERT INTO mart.monthly_metric (month, metric, value) VALUES
			 ('2025-07-01', 'at_risk_red_customers', 2),
			 ('2025-07-01', 'at_risk_red_mrr', 300.00),
			 ('2025-07-01', 'at_risk_yellow_customers', 1),
			 ('2025-07-01', 'at_risk_yellow_mrr', 50.00),
			 ('2025-07-01', 'risk_list_auc', 0.8125),
			 ('2025-07-01', 'risk_tenure_rule_auc', 0.55);
			INSERT INTO mart.risk_model (month, scored, skipped_because, labelled_months, training_rows, training_churners,
			                             feature_codes)
			VALUES ('2025-07-01', true, NULL, 6, 6800, 210, '{unpaid_invoices,mrr_down_3m,short_tenure}');
			INSERT INTO mart.risk_customer (month, customer_id, mrr, score, band, tenure_months, factors, explanation, features)
			VALUES
			 ('2025-07-01', 'CUST-000021', 200.00, 0.600000, 'red', 14, '{unpaid_invoices,mrr_down_3m}',
			  '2 unpaid invoices; MRR down 40% in 3 months', '{2,0.4,0}'),
			 ('2025-07-01', 'CUST-000022', 100.00, 0.250000, 'red', 1, '{short_tenure}', 'customer for under 3 months',
			  '{0,0,1}'),
			 ('2025-07-01', 'CUST-000023', 50.00, 0.080000, 'yellow', 30, '{}', '', '{0,0,0}'),
			 ('2025-07-01', 'CUST-000024', 500.00, 0.010000, 'green', 40, '{}', '', '{0,0,0}');
			INSERT INTO mart.risk_backtest (month, customers, churners, auc, naive_auc, top_decile_precision,
			                                top_decile_recall, naive_top_decile_precision, lift_over_naive, red_precision,
			                                red_recall, beats_naive_rule) VALUES
			 ('2025-01-01', 900, 20, 0.9, 0.5, 0.2, 0.5, 0.1, 2, 0.3, 0.4, true),
			 ('2025-06-01', 1100, 33, 0.7, 0.55, 0.1, 0.3, 0.05, 2, 0.2, 0.25, true),
			 ('2025-07-01', 1140, 60, 0.8125, 0.55, 0.25, 0.4875, 0.0625, 4, 0.5, 0.0333, true);

			-- what the July run extracted
			INSERT INTO staging.customer (run_month, customer_id) VALUES
			 ('2025-07-01', 'a'), ('2025-07-01', 'b'), ('2025-07-01', 'c'), ('2025-06-01', 'a');
			INSERT INTO staging.subscription_period (run_month, subscription_id, customer_id, valid_from, amount, interval_months, is_trial) VALUES
			 ('2025-07-01', 's1', 'a', '2025-01-01T00:00:00Z', 10, 1, false),
			 ('2025-07-01', 's2', 'b', '2025-01-01T00:00:00Z', 10, 1, false);
			INSERT INTO staging.invoice (run_month, invoice_id, customer_id, issued_at, amount) VALUES
			 ('2025-07-01', 'i1', 'a', '2025-07-01T00:00:00Z', 10), ('2025-07-01', 'i2', 'a', '2025-06-01T00:00:00Z', 10),
			 ('2025-07-01', 'i3', 'b', '2025-07-01T00:00:00Z', 10), ('2025-07-01', 'i4', 'b', '2025-06-01T00:00:00Z', 10);
			INSERT INTO staging.cancellation (run_month, customer_id, requested_at, outcome) VALUES
			 ('2025-07-01', 'c', '2025-07-10T00:00:00Z', 'churned');

			-- what the July run's check of the source rows found
			INSERT INTO mart.data_quality (month, source, rule, action, rows, rows_extracted) VALUES
			 ('2025-07-01', 'subscriptions', 'voluntary_end_without_cancellation', 'kept-and-flagged', 7, 2410),
			 ('2025-07-01', 'subscriptions', 'overlapping_periods', 'quarantined', 2, 2410),
			 ('2025-07-01', 'invoices', 'unknown_customer', 'quarantined', 1, 9800),
			 ('2025-07-01', 'customers', 'conflicting_duplicate', 'quarantined', 2, 1250);
			""";

	/** The first month of an installation: nobody to churn, so no churn rate, no trend and no alerts. */
	private static final String JANUARY_2023_WITHOUT_CHURN = """
			INSERT INTO mart.month_run (month, job_execution_id, started_at, time_zone, currency, classifier_sha256) VALUES
			 ('2023-01-01', 7, '2023-02-01T05:00:00Z', 'UTC', 'USD', 'abc');

			INSERT INTO mart.monthly_metric (month, metric, value) VALUES
			 ('2023-01-01', 'customers_start', 0),
			 ('2023-01-01', 'customers_new', 12),
			 ('2023-01-01', 'customers_reactivated', 0),
			 ('2023-01-01', 'customers_churned', 0),
			 ('2023-01-01', 'customers_end', 12),
			 ('2023-01-01', 'churn_rate', NULL),
			 ('2023-01-01', 'mrr_start', 0),
			 ('2023-01-01', 'mrr_end', 1188.00);

			INSERT INTO mart.cohort_retention (month, cohort_month, months_since, customers_active, cohort_size, retention_rate) VALUES
			 ('2023-01-01', '2023-01-01', 0, 12, 12, 1.000000);
			""";

	/** A realistic size: 24 cohorts with their whole triangle, twelve reasons, large amounts. */
	private static final String JUNE_2027_WITH_TWO_YEARS_OF_COHORTS = """
			INSERT INTO mart.month_run (month, job_execution_id, started_at, time_zone, currency, classifier_sha256) VALUES
			 ('2027-06-01', 901, '2027-07-01T06:00:00Z', 'UTC', 'USD', 'abc');

			INSERT INTO mart.monthly_metric (month, metric, value)
			SELECT '2027-06-01', metric, CASE unit WHEN 'rate' THEN 0.041234 WHEN 'money' THEN 1234567.89 ELSE 12345 END
			  FROM mart.metric_definition;

			-- too little history to score June 2027, and May's list did worse than the tenure rule
			INSERT INTO mart.risk_model (month, scored, skipped_because, labelled_months, training_rows, training_churners)
			VALUES ('2027-06-01', false, 'only 4 churners', 1, 0, 4);
			INSERT INTO mart.risk_backtest (month, customers, churners, auc, naive_auc, top_decile_precision,
			                                top_decile_recall, naive_top_decile_precision, lift_over_naive, red_precision,
			                                red_recall, beats_naive_rule)
			VALUES ('2027-06-01', 500, 12, 0.4812, 0.6149, 0.02, 0.0833, 0.04, 0.5, NULL, 0, false);

			INSERT INTO mart.churn_by_reason (month, reason_class, category, reason_code, reason_label, customers, mrr_lost)
			SELECT '2027-06-01', 'managed', 'Category with a long name ' || n, 'reason_' || n,
			       'Reason number ' || n || CASE WHEN n = 1 THEN ': the customer found the reporting module too slow for the month-end close and asked for a direct export to their ERP system' ELSE '' END,
			       100 - n, 98765.43 - n
			  FROM generate_series(1, 12) AS n;

			INSERT INTO mart.cohort_retention (month, cohort_month, months_since, customers_active, cohort_size, retention_rate,
			                                   cohort_mrr, mrr_active, revenue_retention_rate)
			SELECT '2027-06-01', cohort.month, since.n, round(cohort.size * power(0.96, since.n)), cohort.size,
			       round(power(0.96, since.n)::numeric, 6), cohort.size * 45.50,
			       round(cohort.size * 45.50 * power(0.99, since.n)::numeric, 2), round(power(0.99, since.n)::numeric, 6)
			  FROM (SELECT month::date, 1000 + 37 * row_number() OVER (ORDER BY month) AS size
			          FROM generate_series(DATE '2025-06-01', DATE '2027-06-01', INTERVAL '1 month') AS month) AS cohort
			 CROSS JOIN generate_series(0, 24) AS since (n)
			 WHERE cohort.month + make_interval(months => since.n) <= DATE '2027-06-01';
			""";

}
