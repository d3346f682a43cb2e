package io.churnreport.classify;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.churnreport.month.MonthCalculation;
import io.churnreport.month.MonthContext;
import io.churnreport.month.MonthData;

/** The month's churned customers summed by reason class, category and reason (mart.churn_by_reason). */
@Component
public class ChurnByReasonCalculation implements MonthCalculation {

	private static final String DELETE = "DELETE FROM mart.churn_by_reason WHERE month = :month";

	private static final String INSERT = """
			INSERT INTO mart.churn_by_reason (month, reason_class, category, reason_code, reason_label, customers, mrr_lost)
			SELECT month, reason_class, category, reason_code, max(reason_label), count(*), sum(mrr_lost)
			FROM mart.churned_customer
			WHERE month = :month
			GROUP BY month, reason_class, category, reason_code
			""";

	private final JdbcClient reporting;

	public ChurnByReasonCalculation(JdbcClient reporting) {
		this.reporting = reporting;
	}

	@Override
	public int calculate(MonthContext context) {
		reporting.sql(DELETE).param("month", context.month().firstDay()).update();
		return reporting.sql(INSERT).param("month", context.month().firstDay()).update();
	}

	@Override
	public MonthData reads() {
		return MonthData.tables("mart.churned_customer");
	}

	@Override
	public MonthData writes() {
		return MonthData.tables("mart.churn_by_reason");
	}

}
