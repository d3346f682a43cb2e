package io.churnreport.report;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.churnreport.system.ChurnProperties;

/**
 * What a report calls plan and segment codes in its language ({@code churn.labels}), else the code
 * itself. The templates call it as {@code $P{CODE_LABELS}.label($F{dimension}, $F{value})}, so that
 * a code is looked up in one place rather than in every field that shows one.
 */
public final class CodeLabels {

	/** No labels: every code is shown as it is. */
	public static final CodeLabels NONE = new CodeLabels(Map.of());

	/** The labels in the report's language: dimension, then code, then label. */
	private final Map<String, Map<String, String>> labels;

	private CodeLabels(Map<String, Map<String, String>> labels) {
		this.labels = labels;
	}

	/** The configured labels in the locale's language. */
	public static CodeLabels of(ChurnProperties.Labels configured, Locale locale) {
		String language = locale.getLanguage();
		Map<String, Map<String, String>> labels = new HashMap<>();
		for (String dimension : ChurnProperties.Labels.DIMENSIONS) {
			labels.put(dimension, configured.in(dimension, language));
		}
		return new CodeLabels(Map.copyOf(labels));
	}

	/**
	 * The label of a code of the dimension ({@code plan}, {@code segment}); the code when it has
	 * none, {@link ReportFormats#MISSING} for null.
	 */
	public String label(String dimension, String code) {
		if (code == null) {
			return ReportFormats.MISSING;
		}
		return labels.getOrDefault(dimension, Map.of()).getOrDefault(code, code);
	}

	/** Those of the codes that have no label in the report's language, in their order. */
	List<String> withoutLabel(String dimension, Collection<String> codes) {
		Map<String, String> known = labels.getOrDefault(dimension, Map.of());
		return codes.stream().filter(code -> !known.containsKey(code)).toList();
	}

}
