package io.churnreport.risk;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;

import io.churnreport.report.ReportTexts;

/**
 * A customer's factors in words, in a language ({@code reports/i18n/risk-factors*.properties}):
 * the reports call it with the factors and their values as the mart holds them, so that a month
 * rendered again in another language explains its customers in that language too.
 */
public final class RiskFactorWords {

	private RiskFactorWords() {
	}

	/**
	 * @param factorValues the factors, largest first, as {@code code=value} separated by {@code ;}
	 * (e.g. {@code unpaid_invoices=2;mrr_down_3m=0.4}); empty or null for none
	 * @return the factors in words separated by {@code "; "}, empty for none
	 */
	public static String of(String factorValues, Locale locale) {
		if (factorValues == null || factorValues.isBlank()) {
			return "";
		}
		InLanguage words = new InLanguage(locale);
		List<String> explained = new ArrayList<>();
		for (String factor : factorValues.split(";")) {
			int equals = factor.indexOf('=');
			RiskFeature feature = RiskFeature.valueOf(factor.substring(0, equals).toUpperCase(Locale.ROOT));
			explained.add(words.of(feature, Double.parseDouble(factor.substring(equals + 1))));
		}
		return String.join("; ", explained);
	}

	/** The words of every feature in one language, each pattern read once for the many customers scored. */
	static final class InLanguage {

		private final Map<RiskFeature, MessageFormat> formats = new EnumMap<>(RiskFeature.class);

		InLanguage(Locale locale) {
			ResourceBundle words = ReportTexts.labels("risk-factors", locale);
			for (RiskFeature feature : RiskFeature.values()) {
				formats.put(feature, new MessageFormat(words.getString("factor." + feature.code()), locale));
			}
		}

		String of(RiskFeature feature, double value) {
			return formats.get(feature).format(new Object[] { value });
		}

	}

}
