package io.churnreport.delivery;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;

import io.churnreport.month.Metric;
import io.churnreport.report.ReportFormats;
import io.churnreport.report.ReportTexts;

/**
 * The mail that carries one report of a month: the subject from {@code churn.delivery.subject},
 * and a plain-text body in the report's language with the month's headline figures, formatted as
 * the report formats them ({@link ReportFormats}), and the names of the files attached.
 */
public record DeliveryMail(String subject, String body, List<Path> attachments) {

	/**
	 * @param figures the pack's headline figures of the month; a missing one (a rate of a month that
	 * started with no customers) is shown as the reports show it
	 */
	public static DeliveryMail compose(ReportPack pack, YearMonth month, long version, Map<Metric, BigDecimal> figures,
			Settings settings, List<Path> attachments) {
		Locale locale = settings.locale();
		ResourceBundle report = ReportTexts.labels(pack.report(), locale);
		ResourceBundle texts = ReportTexts.labels("delivery", locale);
		String title = report.getString("report.title");
		String monthName = month.format(DateTimeFormatter.ofPattern("LLLL uuuu", locale));
		String subject = settings.subject()
			.replace("{report}", title)
			.replace("{month}", monthName)
			.replace("{company}", settings.company())
			.replace("{version}", Long.toString(version));
		StringBuilder body = new StringBuilder();
		String files = String.join(", ", attachments.stream().map(file -> file.getFileName().toString()).toList());
		body.append(format(texts, "mail.intro", locale, title, settings.company(), monthName, files)).append("\n\n");
		if (version > 1) {
			body.append(format(texts, "mail.restated", locale, Long.toString(version))).append("\n\n");
		}
		body.append(format(texts, "mail.figures", locale)).append('\n');
		int width = pack.headline().stream().mapToInt(metric -> texts.getString(metric.labelKey()).length()).max().orElse(0);
		for (Metric metric : pack.headline()) {
			String label = texts.getString(metric.labelKey());
			body.append("  ")
				.append(label)
				.append(" ".repeat(width - label.length() + 2))
				.append(value(metric, figures.get(metric), settings))
				.append('\n');
		}
		body.append('\n').append(format(texts, "mail.footer", locale)).append('\n');
		return new DeliveryMail(subject, body.toString(), attachments);
	}

	/** A figure as the reports print it: counts whole, amounts with cents and the currency, rates as percentages. */
	static String value(Metric metric, BigDecimal value, Settings settings) {
		if (value == null) {
			return ReportFormats.MISSING;
		}
		return switch (metric.unit()) {
			case COUNT -> ReportFormats.number(value, 0, settings.locale());
			case MONEY -> ReportFormats.number(value, 2, settings.locale()) + " " + settings.currency();
			case RATE -> ReportFormats.percent(value, 2, settings.locale());
		};
	}

	/** Every text of the bundle is a MessageFormat pattern (a quote written twice), arguments or not. */
	private static String format(ResourceBundle texts, String key, Locale locale, Object... arguments) {
		return new MessageFormat(texts.getString(key), locale).format(arguments);
	}

	/** What the mails say besides the month's figures: the report's language, company, currency and subject template. */
	public record Settings(Locale locale, String company, String currency, String subject) {
	}

}
