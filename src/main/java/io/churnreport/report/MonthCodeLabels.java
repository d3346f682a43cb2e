package io.churnreport.report;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.churnreport.system.ChurnProperties;

/**
 * The plan and segment labels a month's reports are rendered with ({@code churn.labels} in the
 * reports' language), and one warning in the run log naming the month's codes that have none, so
 * that an operator who labels codes learns of the ones still printed as codes. Without any label
 * configured, codes are what the operator chose to show, and nothing is said.
 */
@Component
public class MonthCodeLabels {

	private static final Logger logger = LoggerFactory.getLogger(MonthCodeLabels.class);

	// what the finance report's "churn by plan and segment" shows; '(none)', what the mart holds for
	// customers without a plan or segment (docs/mart.md), is no code to label
	private static final String MONTH_CODES = """
			SELECT dimension, value
			  FROM mart.churn_by_segment
			 WHERE month = :month AND dimension IN ('plan', 'segment') AND value <> '(none)'
			 ORDER BY dimension, value
			""";

	private final JdbcClient reporting;

	private final ChurnProperties.Labels configured;

	@Autowired
	public MonthCodeLabels(JdbcClient reporting, ChurnProperties properties) {
		this(reporting, properties.labels());
	}

	public MonthCodeLabels(JdbcClient reporting, ChurnProperties.Labels configured) {
		this.reporting = reporting;
		this.configured = configured;
	}

	/** The labels of the month's reports in the language; warns once when a code the month shows has none. */
	public CodeLabels forMonth(LocalDate month, Locale reportLocale) {
		CodeLabels labels = CodeLabels.of(configured, reportLocale);
		if (configured.isEmpty()) {
			return labels;
		}
		Map<String, List<String>> codes = new LinkedHashMap<>();
		reporting.sql(MONTH_CODES)
			.param("month", month.withDayOfMonth(1))
			.query((row, index) -> codes.computeIfAbsent(row.getString("dimension"), key -> new ArrayList<>())
				.add(row.getString("value")))
			.list();
		List<String> unlabelled = new ArrayList<>();
		codes.forEach((dimension, values) -> labels.withoutLabel(dimension, values)
			.forEach(code -> unlabelled.add(dimension + " " + code)));
		if (!unlabelled.isEmpty()) {
			String language = reportLocale.getLanguage();
			logger.warn("The reports are in '{}', but churn.labels gives no '{}' label for: {}. The finance report shows "
					+ "their codes instead; add a '{}:' label under churn.labels.<plan or segment>.<code> in "
					+ "application.yml of the config directory to name them.", language, language,
					String.join(", ", unlabelled), language);
		}
		return labels;
	}

}
