package io.churnreport.report;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report labels that count something say one or many as the count does, in English (Turkish
 * nouns stay singular after a number): the templates give the count itself beside its formatted text.
 */
class ReportLabelsTests {

	private static final Locale TURKISH = Locale.forLanguageTag("tr");

	@Test
	void oneChurnedCustomerAndTwoChurnedCustomers() {
		assertThat(format("management-report", Locale.ENGLISH, "alerts.category", "Price", "1", "2.00%", "1.50%", 1L))
			.isEqualTo("Reason category Price: 1 churned customer, 2.00% of customers at start, above its threshold of 1.50%");
		assertThat(format("management-report", Locale.ENGLISH, "alerts.category", "Price", "2", "4.00%", "1.50%", 2L))
			.startsWith("Reason category Price: 2 churned customers,");
		assertThat(format("management-report", Locale.ENGLISH, "reasons.callout", "1", "5.0%", "3", "15.0%", 1L))
			.startsWith("Reasons missing: 1 churned customer (5.0%) had");
		assertThat(format("management-report", TURKISH, "alerts.category", "Fiyat", "1", "%2,00", "%1,50", 1L))
			.startsWith("Kayıp nedeni kategorisi Fiyat: 1 müşteri kaybedildi");
	}

	@Test
	void oneCustomerAtRiskAndOneInvoiceLeftOut() {
		assertThat(format("management-report", Locale.ENGLISH, "hidden.caption", "1", "50.00 USD", 1L))
			.endsWith(": 1 customer, 50.00 USD MRR at risk. By MRR:");
		assertThat(format("management-report", Locale.ENGLISH, "hidden.caption", "10", "50.00 USD", 10L))
			.endsWith(": 10 customers, 50.00 USD MRR at risk. By MRR:");
		assertThat(format("management-report", Locale.ENGLISH, "hidden.caption", "1,200", "50.00 USD", 1200L))
			.endsWith(": 1,200 customers, 50.00 USD MRR at risk. The 10 largest by MRR:");
		assertThat(format("management-report", Locale.ENGLISH, "hidden.caption", "0", "0.00 USD", 0L))
			.endsWith(": 0 customers, 0.00 USD MRR at risk.");
		assertThat(format("finance-report", Locale.ENGLISH, "reconciliation.without_rate", "1", 1L))
			.isEqualTo("1 invoice in a currency without a rate for the month is left out of the total.");
		assertThat(format("finance-report", Locale.ENGLISH, "reconciliation.without_rate", "3", 3L))
			.isEqualTo("3 invoices in a currency without a rate for the month are left out of the total.");
	}

	/** As the templates' msg(pattern, arguments) formats a label. */
	private static String format(String report, Locale locale, String key, Object... arguments) {
		ResourceBundle labels = ReportLabels.of(report, locale).orElseThrow();
		return new MessageFormat(labels.getString(key), locale).format(arguments);
	}

}
