package io.churnreport.report;

import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.Set;

/**
 * A report's labels: its own bundle ({@code reports/i18n/<report>[_<language>].properties}) with
 * the labels of the metric catalogue ({@code reports/i18n/metrics[_<language>].properties},
 * {@code metric.<name>}) behind it, so that every report names a metric the same way and a metric
 * is labelled in one place.
 */
final class ReportLabels extends ResourceBundle {

	static final String METRICS = "metrics";

	private final ResourceBundle own;

	private ReportLabels(ResourceBundle own, ResourceBundle metrics) {
		this.own = own;
		setParent(metrics);
	}

	/** The report's labels in the locale's language, else English; none when the report has no bundle. */
	static Optional<ResourceBundle> of(String report, Locale locale) {
		return load(report, locale).map(own -> load(METRICS, locale)
			.<ResourceBundle>map(metrics -> new ReportLabels(own, metrics))
			.orElse(own));
	}

	/** One bundle of reports/i18n in the locale's language, else the base (English) bundle. */
	static Optional<ResourceBundle> load(String name, Locale locale) {
		try {
			return Optional.of(ResourceBundle.getBundle("reports/i18n/" + name, locale, ReportLabels.class.getClassLoader(),
					ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES)));
		}
		catch (MissingResourceException ex) {
			return Optional.empty();
		}
	}

	@Override
	protected Object handleGetObject(String key) {
		return own.containsKey(key) ? own.getObject(key) : null;
	}

	@Override
	public Enumeration<String> getKeys() {
		Set<String> keys = new LinkedHashSet<>(own.keySet());
		keys.addAll(parent.keySet());
		return Collections.enumeration(keys);
	}

	@Override
	public Locale getLocale() {
		return own.getLocale();
	}

}
