package io.churnreport.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import io.churnreport.extract.MonthExtractCalculation;
import io.churnreport.month.MonthContext;
import io.churnreport.month.ReportingMonth;
import io.churnreport.support.PdfA;
import io.churnreport.system.ChurnProperties;
import io.churnreport.system.InvalidConfigurationException;
import io.churnreport.support.PdfText;
import io.churnreport.support.TestPostgres;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Renders the finance report from hand-written mart and staging rows in a real PostgreSQL (the
 * staged rows kept in the mart as a run keeps them) and reads the PDF's text back, in English and Turkish. The PDFs stay in
 * {@code target/finance-report-it} to be looked at.
 */
@ExtendWith(OutputCaptureExtension.class)
class FinanceReportIntegrationTests {

	private static final Path OUTPUT = Path.of("target", "finance-report-it");

	static final String COMPANY = "Örnek Yazılım A.Ş.";

	private static final ReportRenderer renderer = new ReportRenderer("finance-report", "Monthly finance report");

	private static DataSource reporting;

	@BeforeAll
	static void createReportingDatabase() throws IOException {
		reporting = newReportingDatabase("finance_report");
		Files.createDirectories(OUTPUT);
	}

	/** A migrated reporting database holding {@link #FIXTURE}. */
	static DataSource newReportingDatabase(String prefix) {
		DataSource dataSource = TestPostgres.migratedReportingDatabase(prefix);
		new JdbcTemplate(dataSource).execute(FIXTURE);
		keepTheExtractOfEveryMonthRun(dataSource);
		return dataSource;
	}

	/**
	 * Keeps what the reports show of each fixture month's staged rows in the mart, as the month's run
	 * does: {@link MonthExtractCalculation} in the month's time zone and reporting currency.
	 */
	static void keepTheExtractOfEveryMonthRun(DataSource dataSource) {
		JdbcClient reporting = JdbcClient.create(dataSource);
		record Run(ReportingMonth month, String currency) {
		}
		for (Run run : reporting.sql("SELECT month, time_zone, currency FROM mart.month_run ORDER BY month")
			.query((rs, n) -> new Run(new ReportingMonth(YearMonth.from(rs.getDate("month").toLocalDate()),
					ZoneId.of(rs.getString("time_zone"))), rs.getString("currency")))
			.list()) {
			new MonthExtractCalculation(reporting, run.currency()).calculate(new MonthContext(run.month(), Path.of("unused")));
		}
	}

	@Test
	void showsTheMrrBridgeAsKeyFiguresAndTable() throws Exception {
		String text = render("july-2025-en.pdf", request(LocalDate.of(2025, 7, 1), Locale.ENGLISH, ZoneOffset.UTC));

		assertThat(text).contains("Monthly finance report", "July 2025", COMPANY, "Reporting currency: EUR");
		assertThat(text).contains("98,765.40 101,205.15 2.33% 0.56% 97.67% 99.19%")
			.contains("+2,439.75 EUR (+2.5%)");
		assertThat(text).contains("MRR at start 98,765.40 100.00%")
			.contains("New +3,000.00 +3.04%")
			.contains("Expansion +1,500.50 +1.52%")
			.contains("Reactivation +250.00 +0.25%")
			.contains("Contraction -400.25 -0.41%")
			.contains("Churn -1,900.00 -1.92%")
			.contains("Exchange-rate effect -10.50 -0.01%")
			.contains("MRR at end 101,205.15 102.47%");
		assertThat(text).contains("Gross MRR churn: 2.33% of the MRR at the start of the month")
			.contains("(2,300.25 EUR) was lost to churn and contraction.")
			.contains("Net MRR churn: 0.56% after expansion and reactivation.")
			.doesNotContain("negative churn");
	}

	@Test
	void showsUnitEconomicsAsEstimatesAndTheBreakdownByPlanAndSegment() throws Exception {
		String text = render("july-2025-en-page-2.pdf", request(LocalDate.of(2025, 7, 1), Locale.ENGLISH, ZoneOffset.UTC));

		assertThat(text).contains("Revenue retention, last 12 months")
			.contains("ARPU (MRR per customer, EUR) 87.25")
			.contains("Customer churn rate 5.26%")
			.contains("Average lifetime, months (estimate) 19.00")
			.contains("Gross margin used for LTV 80%")
			.contains("Lifetime value, LTV (EUR, estimate) 1,326.19")
			.contains("Quick ratio 1.96");
		assertThat(text).contains("Plan Pro 340 20 5.88% 58,765.40 900.00 1.53%")
			.contains("Plan Basic 800 40 5.00% 40,000.00 1,000.00 2.50%")
			.contains("Segment Enterprise 140 10 7.14% 60,000.00 1,300.00 2.17%")
			.contains("Segment SMB 1,000 50 5.00% 38,765.40 600.00 1.55%")
			.doesNotContain("North");
	}

	@Test
	void showsPlanAndSegmentLabelsInTheReportsLanguageAndNamesTheCodesWithoutOne(CapturedOutput output)
			throws Exception {
		// as churn.labels gives them: Basic has no label at all, Pro only an English one
		ChurnProperties.Labels labels = new ChurnProperties.Labels(
				Map.of("Pro", Map.of("en", "Pro (monthly)")),
				Map.of("SMB", Map.of("en", "Small business", "tr", "KOBİ"), "Enterprise", Map.of("tr", "Kurumsal")));
		Locale turkish = Locale.forLanguageTag("tr-TR");
		CodeLabels codeLabels = new MonthCodeLabels(JdbcClient.create(reporting), labels)
			.forMonth(LocalDate.of(2025, 7, 1), turkish);

		String text = render("july-2025-tr-labels.pdf", new ReportRequest(LocalDate.of(2025, 7, 1), COMPANY, "EUR",
				ZoneOffset.UTC, turkish, ManagementReportIntegrationTests.PSEUDONYMS, codeLabels));

		assertThat(text).contains("Segment KOBİ 1.000 50 %5,00 38.765,40 600,00 %1,55")
			.contains("Segment Kurumsal 140 10 %7,14 60.000,00 1.300,00 %2,17")
			.contains("Plan Pro 340 20 %5,88 58.765,40 900,00 %1,53")
			.contains("Plan Basic 800 40 %5,00 40.000,00 1.000,00 %2,50")
			.doesNotContain("SMB", "Enterprise", "Pro (monthly)");
		assertThat(output).containsOnlyOnce("churn.labels gives no")
			.contains("The reports are in 'tr', but churn.labels gives no 'tr' label for: plan Basic, plan Pro. "
					+ "The finance report shows their codes instead; add a 'tr:' label under "
					+ "churn.labels.<plan or segment>.<code> in application.yml of the config directory")
			.doesNotContain("North");
	}

	@Test
	void namesCustomersWithoutASegmentInTheReportsLanguage() throws Exception {
		// a month of its own, so that the other tests' pages stay as they are
		new JdbcTemplate(reporting).update("""
				INSERT INTO mart.churn_by_segment (month, dimension, value, customers_start, customers_churned, churn_rate,
				        mrr_start, mrr_churned, churned_managed, churned_unmanaged, churned_unclassified, churned_no_reason)
				VALUES ('2031-01-01', 'segment', '(none)', 10, 1, 0.100000, 500.00, 50.00, 1, 0, 0, 0)
				""");

		String text = render("january-2031-tr-none.pdf",
				request(LocalDate.of(2031, 1, 1), Locale.forLanguageTag("tr-TR"), ZoneOffset.UTC));

		assertThat(text).contains("Segment (yok) 10 1 %10,00 500,00 50,00 %10,00").doesNotContain("(none)");
	}

	@Test
	void showsTheRevenueCohorts() throws Exception {
		String text = render("july-2025-en-cohorts.pdf", request(LocalDate.of(2025, 7, 1), Locale.ENGLISH, ZoneOffset.UTC));

		assertThat(text).contains("Revenue cohorts", "Cohort Cohort MRR 0 1 2")
			.contains("May 2025 4,000.00 100% 95% 113%")
			.contains("Jun 2025 3,000.00 100% 90%")
			.contains("Jul 2025 2,500.00 100%")
			.doesNotContain("Jul 2023");
	}

	@Test
	void reconcilesMrrWithTheInvoicesOfTheMonthInItsTimeZone() throws Exception {
		String text = render("july-2025-en-reconciliation.pdf",
				request(LocalDate.of(2025, 7, 1), Locale.ENGLISH, ZoneOffset.UTC));

		// July in Europe/Istanbul: 2025-06-30 21:00 UTC up to 2025-07-31 21:00 UTC
		assertThat(text).contains("MRR at end of month 101,205.15 EUR")
			.contains("Invoiced in the month (billing source) 4,500.00 EUR")
			.contains("MRR at end less invoiced +96,705.15 EUR")
			.contains("Invoices issued in the month 4")
			.contains("of which unpaid 2")
			.contains("EUR 3 2 3,600.00 1.0000 3,600.00")
			.contains("USD 1 0 1,000.00 0.9000 900.00")
			.contains("Invoices issued from 1 July 2025 00:00 up to 1 August 2025 00:00 (Europe/Istanbul)");
		assertThat(text).contains("Customers 3", "Subscription periods 2", "Invoices 6", "Cancellations 1");
		assertThat(text.replace('\n', ' '))
			.contains("every customer, subscription period and cancellation on record, and the invoices issued or paid since 1 June 2025");
		assertThat(text).contains("Amounts in other currencies were converted to EUR at these month-end rates")
			.contains("USD 0.900000 0.920000 -2.17%")
			.doesNotContain("no conversion");
	}

	@Test
	void putsTitleMonthCompanyRunAndPageOnEveryPage() throws Exception {
		String text = render("july-2025-en-footer.pdf", request(LocalDate.of(2025, 7, 1), Locale.ENGLISH, ZoneOffset.UTC));

		for (int page = 1; page <= 4; page++) {
			assertThat(text).contains("Monthly finance report · July 2025 · " + COMPANY
					+ " · Job execution 42 · churn definition: subscription · Page " + page + " of 4");
		}
	}

	@Test
	void formatsInTurkish() throws Exception {
		String text = render("july-2025-tr.pdf",
				request(LocalDate.of(2025, 7, 1), Locale.forLanguageTag("tr-TR"), ZoneId.of("Europe/Istanbul")));

		assertThat(text).contains("Aylık finans raporu", "Temmuz 2025", "Raporlama para birimi: EUR")
			.contains("98.765,40 101.205,15 %2,33 %0,56 %97,67 %99,19")
			.contains("Ay başı MRR 98.765,40 %100,00")
			.contains("Yeni +3.000,00 +%3,04")
			.contains("Daralma -400,25 -%0,41")
			.contains("Kayıp -1.900,00 -%1,92")
			.contains("Kur etkisi -10,50 -%0,01")
			.contains("Ay sonu MRR 101.205,15 %102,47")
			.contains("Net MRR kaybı: genişleme ve geri dönüş sonrası %0,56.")
			.contains("LTV (EUR, tahmini) 1.326,19")
			.contains("Plan Pro 340 20 %5,88 58.765,40 900,00 %1,53")
			.contains("Haz 2025 3.000,00 %100 %90")
			.contains("Ay içinde faturalanan (faturalama kaynağı) 4.500,00 EUR")
			.contains("USD 0,900000 0,920000 -%2,17")
			.contains("Aylık finans raporu · Temmuz 2025 · " + COMPANY
					+ " · İş yürütmesi 42 · kayıp tanımı: abonelik · Sayfa 4 / 4");
		assertThat(text.replace('\n', ' ')).contains("ile 1 Haziran 2025 tarihinden bu yana kesilen ya da ödenen faturalar");
	}

	@Test
	void formatsInGerman() throws Exception {
		String text = render("july-2025-de.pdf",
				request(LocalDate.of(2025, 7, 1), Locale.forLanguageTag("de-DE"), ZoneId.of("Europe/Berlin")));

		// as in English, with comma decimals, point thousands and the percent sign after a space:
		// new 3,000.00 / 98,765.40 = 3.04%, end 101,205.15 / 98,765.40 = 102.47%, plan Pro 20 / 340 = 5.88%,
		// USD 0.90 against 0.92 = -2.17%
		assertThat(text).contains("Monatlicher Finanzbericht", "Juli 2025", "Berichtswährung: EUR")
			.contains("98.765,40 101.205,15 2,33 % 0,56 % 97,67 % 99,19 %")
			.contains("MRR am Monatsanfang 98.765,40 100,00 %")
			.contains("Neugeschäft +3.000,00 +3,04 %")
			.contains("Kontraktion -400,25 -0,41 %")
			.contains("Wechselkurseffekt -10,50 -0,01 %")
			.contains("MRR am Monatsende 101.205,15 102,47 %")
			.contains("Kundenwert, LTV (EUR, Schätzung) 1.326,19")
			.contains("Lebensdauer, Monate (Schätzung) 19,00")
			.contains("Tarif Pro 340 20 5,88 % 58.765,40 900,00 1,53 %")
			.contains("USD 0,900000 0,920000 -2,17 %")
			.contains("Monatlicher Finanzbericht · Juli 2025 · " + COMPANY
					+ " · Jobausführung 42 · Abwanderungsdefinition: Abonnement · Seite 4 von 4");
	}

	@Test
	void putsThePercentSignWhereTheLanguageDoes() throws Exception {
		String english = render("july-2025-en-percent.pdf", request(LocalDate.of(2025, 7, 1), Locale.ENGLISH, ZoneOffset.UTC));
		String turkish = render("july-2025-tr-percent.pdf",
				request(LocalDate.of(2025, 7, 1), Locale.forLanguageTag("tr-TR"), ZoneOffset.UTC));

		// the plan Pro's churn (20 of 340) and MRR churn (900.00 of 58,765.40), and a fall in an exchange rate
		assertThat(english).contains("Plan Pro 340 20 5.88% 58,765.40 900.00 1.53%")
			.contains("USD 0.900000 0.920000 -2.17%");
		assertThat(turkish).contains("Plan Pro 340 20 %5,88 58.765,40 900,00 %1,53")
			.contains("USD 0,900000 0,920000 -%2,17")
			.doesNotContainPattern("\\d%");
	}

	@Test
	void aSignedReportStaysArchivalAndItsSignatureCoversTheWholeFile(@TempDir Path keys) throws Exception {
		Path keystore = keys.resolve("signing.p12");
		Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
				"-genkeypair", "-alias", "finance", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
				"-dname", "CN=Finance, O=Example", "-storetype", "PKCS12", "-keystore", keystore.toString(),
				"-storepass", "signing-secret", "-keypass", "signing-secret")
			.inheritIO()
			.start();
		assertThat(keytool.waitFor()).isZero();
		Path pdf = OUTPUT.resolve("july-2025-signed.pdf");
		renderTo(pdf, request(LocalDate.of(2025, 7, 1), Locale.ENGLISH, ZoneOffset.UTC));

		new ReportSigner(new ChurnProperties.Signing(keystore, "signing-secret", null, "Issued for the July close"))
			.signIfConfigured(pdf, COMPANY);

		PdfA.assertPdfA2b(pdf);
		byte[] file = Files.readAllBytes(pdf);
		try (PDDocument document = Loader.loadPDF(file)) {
			PDSignature signature = document.getSignatureDictionaries().get(0);
			assertThat(signature.getName()).isEqualTo(COMPANY);
			assertThat(signature.getReason()).isEqualTo("Issued for the July close");
			// the signed ranges are the whole file but the signature's own place
			int[] range = signature.getByteRange();
			assertThat(range[0]).isZero();
			assertThat(range[2] + range[3]).isEqualTo(file.length);
			byte[] signedContent = signature.getSignedContent(file);
			assertThat(verifies(signature.getContents(file), signedContent)).isTrue();
			signedContent[signedContent.length / 2] ^= 1;
			assertThat(verifies(signature.getContents(file), signedContent)).as("a changed byte").isFalse();
		}
		assertThat(keys.resolve("july-2025-signed.pdf.signing")).doesNotExist();
	}

	@Test
	void aKeystoreThatCannotBeOpenedIsBadConfigurationNamingIt(@TempDir Path keys) throws Exception {
		Path keystore = Files.writeString(keys.resolve("not-a-keystore.p12"), "text");

		assertThatThrownBy(() -> new ReportSigner(new ChurnProperties.Signing(keystore, "x", null, "r")))
			.isInstanceOf(InvalidConfigurationException.class)
			.hasMessageContaining("Cannot read the signing keystore " + keystore.toAbsolutePath())
			.hasMessageContaining("churn.reports.signing.password");
		assertThatThrownBy(() -> new ReportSigner(new ChurnProperties.Signing(keys.resolve("missing.p12"), "x", null, "r")))
			.isInstanceOf(InvalidConfigurationException.class)
			.hasMessage("The signing keystore " + keys.resolve("missing.p12").toAbsolutePath()
					+ " (churn.reports.signing.keystore) does not exist or is not a file: give the path of the PKCS#12 file "
					+ "to sign the reports with, or remove the setting to leave them unsigned.");
	}

	private static boolean verifies(byte[] cms, byte[] signedContent) throws Exception {
		// the signature's place is padded with zeros after the CMS structure
		ContentInfo structure;
		try (ASN1InputStream in = new ASN1InputStream(cms)) {
			structure = ContentInfo.getInstance(in.readObject());
		}
		CMSSignedData signed = new CMSSignedData(new CMSProcessableByteArray(signedContent), structure);
		SignerInformation signer = signed.getSignerInfos().getSigners().iterator().next();
		@SuppressWarnings("unchecked")
		X509CertificateHolder certificate = (X509CertificateHolder) signed.getCertificates()
			.getMatches(signer.getSID())
			.iterator()
			.next();
		try {
			return signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(certificate));
		}
		catch (CMSException ex) {
			return false;
		}
	}

	@Test
	void callsNegativeNetChurnSoAndSaysWhenNothingWasConverted() throws Exception {
		String text = render("june-2025-en.pdf", request(LocalDate.of(2025, 6, 1), Locale.ENGLISH, ZoneOffset.UTC));

		assertThat(text).contains("June 2025", "negative churn")
			.contains("Net MRR churn: -2.11%, negative churn: expansion and")
			.contains("All amounts were in EUR; no conversion.")
			.contains("No invoices were issued in the month.");
		assertThat(text.replace('\n', ' '))
			.contains("every customer, subscription period, invoice and cancellation on record, not only the month's")
			.contains("Job execution 41");
	}

	@Test
	void saysSoWhenTheMonthHadNoMovements() throws Exception {
		String text = render("march-2025-en.pdf", request(LocalDate.of(2025, 3, 1), Locale.ENGLISH, ZoneOffset.UTC));

		assertThat(text).contains("March 2025")
			.contains("No MRR movements this month: no new, expansion, reactivation, contraction, churn or")
			.contains("exchange-rate effect. MRR stayed at 1,000.00 EUR.")
			.contains("MRR at start 1,000.00 100.00%")
			// no exchange-rate line where rates moved nothing
			.doesNotContain("Exchange-rate effect")
			.contains("No lifetime or LTV estimate")
			.contains("No churn breakdown by plan or segment for this month.")
			.contains("No cohort data for this month.");
	}

	@Test
	void saysSoWhenTheMonthWasNotRun() throws Exception {
		String text = render("march-2024-not-run.pdf", request(LocalDate.of(2024, 3, 1), Locale.ENGLISH, ZoneOffset.UTC));

		assertThat(text).contains("March 2024", "No MRR figures were computed for this month.",
				"No revenue retention figures for the 12 months", "No cohort data for this month.",
				"No invoices were issued in the month.", "All amounts were in EUR; no conversion.",
				"Job execution – · churn definition: – · Page 1 of 4");
	}

	@Test
	void isAnArchivalPdfWithEveryFontEmbeddedAndItsMetadata() throws Exception {
		Path pdf = OUTPUT.resolve("july-2025-fonts.pdf");
		renderTo(pdf, request(LocalDate.of(2025, 7, 1), Locale.forLanguageTag("tr-TR"), ZoneOffset.UTC));

		PdfText.assertEveryFontIsEmbeddedDejaVu(pdf);
		PdfA.assertPdfA2b(pdf);
		try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
			assertThat(document.getDocumentInformation().getTitle()).isEqualTo("Monthly finance report 2025-07");
			assertThat(document.getDocumentInformation().getAuthor()).isEqualTo(COMPANY);
			String xmp = new String(document.getDocumentCatalog().getMetadata().toByteArray(), StandardCharsets.UTF_8);
			assertThat(xmp).contains("<pdfaid:part>2</pdfaid:part>", "Monthly finance report 2025-07", COMPANY);
		}
	}

	@Test
	void aFullDiskIsReportedAsTheFilesFailureToWrite() throws Exception {
		Path full = Path.of("/dev/full");
		org.junit.jupiter.api.Assumptions.assumeTrue(Files.isWritable(full), "/dev/full is not available here");

		// the system's own ENOSPC, which OpenPDF hands on inside its ExceptionConverter
		org.assertj.core.api.Assertions
			.assertThatThrownBy(() -> renderTo(full, request(LocalDate.of(2025, 7, 1), Locale.ENGLISH, ZoneOffset.UTC)))
			.isInstanceOf(ReportRenderingException.class)
			.hasMessage("Could not write the finance-report of 2025-07 to /dev/full: No space left on device")
			.cause()
			.isInstanceOf(IOException.class);
	}

	@Test
	void rendersAMonthWithTwoYearsOfCohortsOnFourPages() throws Exception {
		ReportRequest request = request(LocalDate.of(2027, 6, 1), Locale.ENGLISH, ZoneOffset.UTC);
		// how long it takes is measured by the bench (renderReportStep, docs/benchmarks.md), not here
		Path pdf = OUTPUT.resolve("june-2027-two-years.pdf");
		renderTo(pdf, request);

		try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
			String text = PdfText.normalized(sortedText(document));
			assertThat(text).contains("Jul 2025 10,740.00 100% 96% 92%")
				.contains("Jun 2027 19,250.00 100%")
				.contains("Cohort MRR 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23")
				.doesNotContain("Jun 2025 ");
			assertThat(document.getNumberOfPages()).isEqualTo(4);
		}
	}

	private static ReportRequest request(LocalDate month, Locale locale, ZoneId zone) {
		return new ReportRequest(month, COMPANY, "EUR", zone, locale, ManagementReportIntegrationTests.PSEUDONYMS);
	}

	private static String render(String fileName, ReportRequest request) throws Exception {
		Path pdf = OUTPUT.resolve(fileName);
		renderTo(pdf, request);
		try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
			return PdfText.normalized(sortedText(document));
		}
	}

	private static String sortedText(PDDocument document) throws IOException {
		PDFTextStripper stripper = new PDFTextStripper();
		stripper.setSortByPosition(true);
		return stripper.getText(document);
	}

	private static void renderTo(Path pdf, ReportRequest request) throws Exception {
		try (Connection connection = reporting.getConnection()) {
			renderer.render(connection, request, pdf);
		}
	}


	/**
	 * July 2025 (job 42, months cut in Europe/Istanbul, reporting in EUR with one USD invoice), June
	 * 2025 with negative net churn, March 2025 without movements, the GRR/NRR trend from August
	 * 2024, and June 2027 with 24 full cohorts.
	 */
	static final String FIXTURE = """
			INSERT INTO mart.month_run (month, job_execution_id, started_at, time_zone, currency, classifier_sha256) VALUES
			 ('2025-03-01', 30, '2025-04-01T06:00:00Z', 'UTC', 'EUR', 'abc'),
			 ('2025-06-01', 41, '2025-07-01T06:10:00Z', 'UTC', 'EUR', 'abc'),
			 ('2025-07-01', 42, '2025-08-01T06:15:00Z', 'Europe/Istanbul', 'EUR', 'abc'),
			 ('2027-06-01', 901, '2027-07-01T06:00:00Z', 'UTC', 'EUR', 'abc');

			INSERT INTO mart.monthly_metric (month, metric, value) VALUES
			 ('2025-07-01', 'mrr_start', 98765.40),
			 ('2025-07-01', 'mrr_new', 3000.00),
			 ('2025-07-01', 'mrr_expansion', 1500.50),
			 ('2025-07-01', 'mrr_reactivation', 250.00),
			 ('2025-07-01', 'mrr_contraction', 400.25),
			 ('2025-07-01', 'mrr_churned', 1900.00),
			 ('2025-07-01', 'mrr_fx', -10.50),
			 ('2025-07-01', 'mrr_end', 101205.15),
			 ('2025-07-01', 'gross_mrr_churn_rate', 0.023290),
			 ('2025-07-01', 'net_mrr_churn_rate', 0.005566),
			 ('2025-07-01', 'grr', 0.976710),
			 ('2025-07-01', 'nrr', 0.991903),
			 ('2025-07-01', 'quick_ratio', 1.956526),
			 ('2025-07-01', 'customers_end', 1160),
			 ('2025-07-01', 'churn_rate', 0.052632),
			 ('2025-07-01', 'arpu', 87.25),
			 ('2025-07-01', 'avg_lifetime_months', 19.00),
			 ('2025-07-01', 'ltv', 1326.19),
			 ('2025-06-01', 'mrr_start', 95000.00),
			 ('2025-06-01', 'mrr_new', 2000.00),
			 ('2025-06-01', 'mrr_expansion', 3000.00),
			 ('2025-06-01', 'mrr_reactivation', 500.00),
			 ('2025-06-01', 'mrr_contraction', 300.00),
			 ('2025-06-01', 'mrr_churned', 1200.00),
			 ('2025-06-01', 'mrr_fx', 12.35),
			 ('2025-06-01', 'mrr_end', 99012.35),
			 ('2025-06-01', 'gross_mrr_churn_rate', 0.015789),
			 ('2025-06-01', 'net_mrr_churn_rate', -0.021053),
			 ('2025-06-01', 'grr', 0.984211),
			 ('2025-06-01', 'nrr', 1.015789),
			 ('2025-03-01', 'mrr_start', 1000.00),
			 ('2025-03-01', 'mrr_new', 0),
			 ('2025-03-01', 'mrr_expansion', 0),
			 ('2025-03-01', 'mrr_reactivation', 0),
			 ('2025-03-01', 'mrr_contraction', 0),
			 ('2025-03-01', 'mrr_churned', 0),
			 ('2025-03-01', 'mrr_fx', 0),
			 ('2025-03-01', 'mrr_end', 1000.00),
			 ('2025-03-01', 'gross_mrr_churn_rate', 0),
			 ('2025-03-01', 'net_mrr_churn_rate', 0),
			 ('2025-03-01', 'grr', 1),
			 ('2025-03-01', 'nrr', 1),
			 ('2025-03-01', 'churn_rate', 0),
			 ('2025-03-01', 'arpu', 100.00);

			-- the trend before June 2025 (March 2025 is above)
			INSERT INTO mart.monthly_metric (month, metric, value)
			SELECT month::date, metric.name, CASE metric.name WHEN 'grr' THEN 0.95 ELSE 1.01 END
			  FROM generate_series(DATE '2024-08-01', DATE '2025-05-01', INTERVAL '1 month') AS month
			 CROSS JOIN (VALUES ('grr'), ('nrr')) AS metric (name)
			 WHERE month::date <> DATE '2025-03-01';

			INSERT INTO mart.churn_by_segment (month, dimension, value, customers_start, customers_churned, churn_rate,
			        mrr_start, mrr_churned, churned_managed, churned_unmanaged, churned_unclassified, churned_no_reason) VALUES
			 ('2025-07-01', 'plan', 'Basic', 800, 40, 0.050000, 40000.00, 1000.00, 30, 10, 0, 0),
			 ('2025-07-01', 'plan', 'Pro', 340, 20, 0.058824, 58765.40, 900.00, 10, 5, 5, 0),
			 ('2025-07-01', 'segment', 'SMB', 1000, 50, 0.050000, 38765.40, 600.00, 30, 10, 5, 5),
			 ('2025-07-01', 'segment', 'Enterprise', 140, 10, 0.071429, 60000.00, 1300.00, 10, 0, 0, 0),
			 ('2025-07-01', 'region', 'North', 1140, 60, 0.052632, 98765.40, 1900.00, 40, 10, 5, 5);

			-- the July run's revenue triangle; the 2023 cohort is older than the 24 the report shows
			INSERT INTO mart.cohort_retention (month, cohort_month, months_since, customers_active, cohort_size, retention_rate,
			        cohort_mrr, mrr_active, revenue_retention_rate) VALUES
			 ('2025-07-01', '2023-07-01', 24, 100, 777, 0.128700, 9999.00, 1287.00, 0.128713),
			 ('2025-07-01', '2025-05-01', 0, 40, 40, 1.000000, 4000.00, 4000.00, 1.000000),
			 ('2025-07-01', '2025-05-01', 1, 36, 40, 0.900000, 4000.00, 3800.00, 0.950000),
			 ('2025-07-01', '2025-05-01', 2, 34, 40, 0.850000, 4000.00, 4500.00, 1.125000),
			 ('2025-07-01', '2025-06-01', 0, 50, 50, 1.000000, 3000.00, 3000.00, 1.000000),
			 ('2025-07-01', '2025-06-01', 1, 43, 50, 0.860000, 3000.00, 2700.00, 0.900000),
			 ('2025-07-01', '2025-07-01', 0, 75, 75, 1.000000, 2500.00, 2500.00, 1.000000);

			-- July 2025 in Europe/Istanbul (UTC+3) runs from 2025-06-30 21:00 UTC to 2025-07-31 21:00 UTC
			INSERT INTO staging.invoice (run_month, invoice_id, customer_id, issued_at, amount, currency, paid_at) VALUES
			 ('2025-07-01', 'i1', 'c1', '2025-06-30T21:30:00Z', 1000.00, 'EUR', '2025-07-02T10:00:00Z'),
			 ('2025-07-01', 'i2', 'c2', '2025-07-15T10:00:00Z', 2500.50, 'EUR', NULL),
			 ('2025-07-01', 'i3', 'c3', '2025-07-20T10:00:00Z', 1000.00, 'USD', '2025-07-21T10:00:00Z'),
			 ('2025-07-01', 'i4', 'c1', '2025-07-31T20:59:59Z', 99.50, NULL, NULL),
			 ('2025-07-01', 'i5', 'c2', '2025-07-31T21:00:00Z', 5000.00, 'EUR', NULL),
			 ('2025-07-01', 'i6', 'c3', '2025-06-30T20:59:59Z', 7000.00, 'EUR', NULL),
			 ('2025-06-01', 'i7', 'c1', '2025-07-10T10:00:00Z', 8000.00, 'EUR', NULL);

			INSERT INTO staging.customer (run_month, customer_id, created_at, segment, region) VALUES
			 ('2025-07-01', 'c1', '2024-01-01T00:00:00Z', 'SMB', 'North'),
			 ('2025-07-01', 'c2', '2024-01-01T00:00:00Z', 'SMB', 'North'),
			 ('2025-07-01', 'c3', '2024-01-01T00:00:00Z', 'Enterprise', 'North'),
			 ('2025-06-01', 'c1', '2024-01-01T00:00:00Z', 'SMB', 'North');

			INSERT INTO staging.subscription_period (run_month, subscription_id, customer_id, plan_code, valid_from, valid_to,
			        amount, interval_months, currency, is_trial, end_cause) VALUES
			 ('2025-07-01', 's1', 'c1', 'Basic', '2024-01-01T00:00:00Z', NULL, 50.00, 1, 'EUR', false, NULL),
			 ('2025-07-01', 's2', 'c3', 'Pro', '2024-01-01T00:00:00Z', NULL, 1200.00, 12, 'USD', false, NULL);

			INSERT INTO staging.cancellation (run_month, customer_id, requested_at, effective_at, reason_code, reason_text,
			        competitor, outcome) VALUES
			 ('2025-07-01', 'c2', '2025-07-03T10:00:00Z', NULL, 'price', NULL, NULL, 'saved');

			-- July's invoices were extracted since the start of June in Europe/Istanbul; June's in their whole history
			INSERT INTO staging.invoice_extract (run_month, changed_since) VALUES
			 ('2025-07-01', '2025-05-31T21:00:00Z'),
			 ('2025-06-01', '-infinity');

			INSERT INTO staging.fx_rate (run_month, month, currency, rate) VALUES
			 ('2025-07-01', '2025-06-01', 'USD', 0.92),
			 ('2025-07-01', '2025-07-01', 'USD', 0.90);

			-- a realistic size: 24 cohorts with their whole triangle and large amounts
			INSERT INTO mart.monthly_metric (month, metric, value)
			SELECT '2027-06-01', metric, CASE unit WHEN 'rate' THEN 0.041234 WHEN 'money' THEN 1234567.89 ELSE 12345 END
			  FROM mart.metric_definition;

			INSERT INTO mart.cohort_retention (month, cohort_month, months_since, customers_active, cohort_size, retention_rate,
			        cohort_mrr, mrr_active, revenue_retention_rate)
			SELECT '2027-06-01', cohort.month, since.n, round(cohort.size * power(0.96, since.n)), cohort.size,
			       round(power(0.96, since.n)::numeric, 6), cohort.size * 10, round(cohort.size * 10 * power(0.96, since.n)),
			       round(power(0.96, since.n)::numeric, 6)
			  FROM (SELECT month::date, 1000 + 37 * row_number() OVER (ORDER BY month) AS size
			          FROM generate_series(DATE '2025-06-01', DATE '2027-06-01', INTERVAL '1 month') AS month) AS cohort
			 CROSS JOIN generate_series(0, 24) AS since (n)
			 WHERE cohort.month + make_interval(months => since.n) <= DATE '2027-06-01';

			INSERT INTO mart.churn_by_segment (month, dimension, value, customers_start, customers_churned, churn_rate,
			        mrr_start, mrr_churned, churned_managed, churned_unmanaged, churned_unclassified, churned_no_reason)
			SELECT '2027-06-01', dimension, dimension || ' number ' || n, 1000 + n, n, round(n / (1000.0 + n), 6),
			       100000 + n, n * 10, n, 0, 0, 0
			  FROM (VALUES ('plan'), ('segment')) AS dimension (dimension)
			 CROSS JOIN generate_series(1, 8) AS n;
			""";

}
