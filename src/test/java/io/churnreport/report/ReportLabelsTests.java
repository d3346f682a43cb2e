package io.churnreport.report;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report labels that count something say one or many as the count does, in English and German
 * (Turkish nouns stay singular after a number): the templates give the count itself beside its
 * formatted text. Every language labels every key of the English bundles.
 */
class ReportLabelsTests {

	private static final Locale TURKISH = Locale.forLanguageTag("tr");

	private static final Locale GERMAN = Locale.forLanguageTag("de");

	/** The report languages besides English, the base bundles' language. */
	private static final List<String> TRANSLATIONS = List.of("tr", "de");

	private static final Pattern ARGUMENT = Pattern.compile("\\{(\\d+)");

	@ParameterizedTest
	@ValueSource(strings = { "management-report", "finance-report", "period-report", "metrics" })
	void everyLanguageLabelsEveryKeyOfTheEnglishBundleAndNoOther(String bundle) throws IOException {
		Properties english = load(bundle + ".properties");

		for (String language : TRANSLATIONS) {
			String file = bundle + "_" + language + ".properties";
			Properties translated = load(file);
			assertThat(translated.stringPropertyNames()).as("keys of %s", file).isEqualTo(english.stringPropertyNames());
			for (String key : english.stringPropertyNames()) {
				String label = translated.getProperty(key);
				assertThat(label).as("%s in %s", key, file).isNotBlank();
				// a translation may leave out an argument (a count that only chooses a plural), never invent one
				assertThat(arguments(label)).as("arguments of %s in %s", key, file)
					.isSubsetOf(arguments(english.getProperty(key)));
				new MessageFormat(label, Locale.forLanguageTag(language));
			}
		}
	}

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

	@Test
	void oneAndManyInGerman() {
		assertThat(format("management-report", GERMAN, "alerts.category", "Preis", "1", "2,00 %", "1,50 %", 1L))
			.startsWith("Kategorie Preis: 1 abgewanderter Kunde, 2,00 %");
		assertThat(format("management-report", GERMAN, "alerts.category", "Preis", "2", "4,00 %", "1,50 %", 2L))
			.startsWith("Kategorie Preis: 2 abgewanderte Kunden, 4,00 %");
		assertThat(format("management-report", GERMAN, "reasons.callout", "1", "5,0 %", "3", "15,0 %", 1L))
			.startsWith("Fehlende Kündigungsgründe: Bei 1 abgewandertem Kunden (5,0 %) steht");
		assertThat(format("management-report", GERMAN, "hidden.caption", "1", "50,00 USD", 1L))
			.endsWith(": 1 Kunde, 50,00 USD MRR gefährdet. Nach MRR:");
		assertThat(format("management-report", GERMAN, "hidden.caption", "1.200", "50,00 USD", 1200L))
			.endsWith(": 1.200 Kunden, 50,00 USD MRR gefährdet. Die 10 größten nach MRR:");
		assertThat(format("finance-report", GERMAN, "reconciliation.without_rate", "1", 1L))
			.isEqualTo("1 Rechnung in einer Währung ohne Kurs für den Monat ist nicht in der Summe enthalten.");
		assertThat(format("finance-report", GERMAN, "reconciliation.without_rate", "3", 3L))
			.isEqualTo("3 Rechnungen in einer Währung ohne Kurs für den Monat sind nicht in der Summe enthalten.");
	}

	private static Properties load(String file) throws IOException {
		Properties labels = new Properties();
		try (Reader reader = Files.newBufferedReader(Path.of("reports", "i18n", file), StandardCharsets.UTF_8)) {
			labels.load(reader);
		}
		return labels;
	}

	private static Set<String> arguments(String label) {
		Set<String> arguments = new TreeSet<>();
		ARGUMENT.matcher(label).results().forEach(argument -> arguments.add(argument.group(1)));
		return arguments;
	}

	/** As the templates' msg(pattern, arguments) formats a label. */
	private static String format(String report, Locale locale, String key, Object... arguments) {
		ResourceBundle labels = ReportLabels.of(report, locale).orElseThrow();
		return new MessageFormat(labels.getString(key), locale).format(arguments);
	}

}
