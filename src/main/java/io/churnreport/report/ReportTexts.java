package io.churnreport.report;

import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The labels of {@code reports/i18n/} for what is said about a report outside its PDF (a mail
 * carrying it): a bundle in the locale's language, else English, with the metric catalogue's labels
 * behind it, as the templates see them.
 */
public final class ReportTexts {

	private ReportTexts() {
	}

	/**
	 * @param name the bundle, e.g. {@code management-report} (its {@code report.title}) or
	 * {@code delivery}
	 * @throws MissingResourceException when there is no such bundle
	 */
	public static ResourceBundle labels(String name, Locale locale) {
		return ReportLabels.of(name, locale)
			.orElseThrow(() -> new MissingResourceException("No labels reports/i18n/" + name + ".properties",
					ReportTexts.class.getName(), name));
	}

}
