package io.churnreport.delivery;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.churnreport.month.Metric;

import static org.assertj.core.api.Assertions.assertThat;

/** The mail of a report: subject, figures in the report's language and formats, the files named. */
class DeliveryMailTests {

	private static final List<Path> FILES = List.of(Path.of("out", "2025-03", "finance-report.pdf"));

	@Test
	void financeMailInTurkishUsesTheLocalesFormatsAndLabels() {
		DeliveryMail mail = DeliveryMail.compose(ReportPack.FINANCE, YearMonth.of(2025, 3), 1, financeFigures(),
				new DeliveryMail.Settings(Locale.forLanguageTag("tr"), "Anadolu Telekom", "TRY", "{report} · {month} · {company} (v{version})"),
				FILES);

		assertThat(mail.subject()).isEqualTo("Aylık finans raporu · Mart 2025 · Anadolu Telekom (v1)");
		// Turkish: the percent sign ahead, comma decimals, dot thousands: 1234.5 -> 1.234,50
		assertThat(mail.body()).startsWith("Aylık finans raporu, Anadolu Telekom, Mart 2025. Ekler: finance-report.pdf.\n\n")
			.contains("Ay başı MRR", "1.234,50 TRY\n")
			.contains("Brüt MRR kayıp oranı", "%39,50\n")
			.contains("Net MRR kayıp oranı", "%21,35\n")
			.doesNotContain("yeniden hesaplanmış");
	}

	@Test
	void aRestatedVersionSaysSoAndAMissingFigureShowsAsTheReportsShowIt() {
		Map<Metric, BigDecimal> figures = financeFigures();
		figures.remove(Metric.NRR);
		DeliveryMail mail = DeliveryMail.compose(ReportPack.FINANCE, YearMonth.of(2025, 3), 2, figures,
				new DeliveryMail.Settings(Locale.ENGLISH, "Anatolia Telecom", "EUR", "{report} {month}: {company}"), FILES);

		assertThat(mail.subject()).isEqualTo("Monthly finance report March 2025: Anatolia Telecom");
		assertThat(mail.body()).contains("These are restated results (version 2)")
			.contains("The month's headline figures:\n")
			.endsWith("Sent by churn-report from the month's completed results. Every figure of the month is in the "
					+ "attached report.\n")
			.containsPattern("MRR at start +1,234\\.50 EUR\\n")
			.containsPattern("Net revenue retention \\(NRR\\) +–\\n");
	}

	private static Map<Metric, BigDecimal> financeFigures() {
		Map<Metric, BigDecimal> figures = new EnumMap<>(Metric.class);
		figures.put(Metric.MRR_START, new BigDecimal("1234.50"));
		figures.put(Metric.MRR_END, new BigDecimal("1100.00"));
		figures.put(Metric.MRR_CHURNED, new BigDecimal("170.00"));
		figures.put(Metric.GROSS_MRR_CHURN_RATE, new BigDecimal("0.395021"));
		figures.put(Metric.NET_MRR_CHURN_RATE, new BigDecimal("0.213525"));
		figures.put(Metric.GRR, new BigDecimal("0.604979"));
		figures.put(Metric.NRR, new BigDecimal("0.637008"));
		return figures;
	}

}
