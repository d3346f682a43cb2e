package io.churnreport.classify;

import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.churnreport.classify.ChurnReasonCatalog.ReasonLabel;
import io.churnreport.month.MonthCalculation;
import io.churnreport.month.MonthContext;
import io.churnreport.month.MonthData;
import io.churnreport.system.ChurnProperties;

/**
 * The labels of the month's churn reasons and categories in the reports' other languages
 * (mart.reason_label), from the classifier the month was classified with. A reason or category
 * without a label in the reports' language is shown with its default label (or its code), and the
 * run log says which.
 */
@Component
public class ReasonLabelCalculation implements MonthCalculation {

	private static final Logger logger = LoggerFactory.getLogger(ReasonLabelCalculation.class);

	private static final String DELETE = "DELETE FROM mart.reason_label WHERE month = :month";

	private static final String INSERT = """
			INSERT INTO mart.reason_label (month, kind, code, language, label)
			VALUES (:month, :kind, :code, :language, :label)
			""";

	private final JdbcClient reporting;

	private final String reportLanguage;

	@Autowired
	public ReasonLabelCalculation(JdbcClient reporting, ChurnProperties properties) {
		this(reporting, properties.locale());
	}

	public ReasonLabelCalculation(JdbcClient reporting, Locale reportLocale) {
		this.reporting = reporting;
		this.reportLanguage = reportLocale.getLanguage();
	}

	@Override
	public int calculate(MonthContext context) {
		ChurnReasonCatalog catalog = ChurnReasonCatalog.of(context.inputs());
		reporting.sql(DELETE).param("month", context.month().firstDay()).update();
		for (ReasonLabel translation : catalog.translations()) {
			reporting.sql(INSERT)
				.param("month", context.month().firstDay())
				.param("kind", translation.kind())
				.param("code", translation.code())
				.param("language", translation.language())
				.param("label", translation.label())
				.update();
		}
		List<String> unlabelled = catalog.withoutLabelIn(reportLanguage);
		if (!unlabelled.isEmpty()) {
			logger.warn("The reports are in '{}', but {} in {} gives no '{}' label for: {}. They show their '{}' label "
					+ "(a category its code) instead; add a '{}:' line under the reason's labels: or under categories: "
					+ "to translate them.", reportLanguage, ChurnReasonCatalog.FILE_NAME, context.configDirectory(),
					reportLanguage, String.join(", ", unlabelled), catalog.language(), reportLanguage);
		}
		return catalog.translations().size();
	}

	@Override
	public MonthData writes() {
		return MonthData.tables("mart.reason_label");
	}

}
