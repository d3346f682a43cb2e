package io.churnreport.risk;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
		ResourceBundle words = ReportTexts.labels("risk-factors", locale);
		List<String> explained = new ArrayList<>();
		for (String factor : factorValues.split(";")) {
			int equals = factor.indexOf('=');
			explained.add(of(words, factor.substring(0, equals), Double.parseDouble(factor.substring(equals + 1)), locale));
		}
		return String.join("; ", explained);
	}

	static String of(ResourceBundle words, String code, double value, Locale locale) {
		return new MessageFormat(words.getString("factor." + code), locale).format(new Object[] { value });
	}

}
