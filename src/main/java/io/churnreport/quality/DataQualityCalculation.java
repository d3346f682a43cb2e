package io.churnreport.quality;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.churnreport.month.MonthCalculation;
import io.churnreport.month.MonthContext;
import io.churnreport.month.MonthData;

/**
 * Publishes the month's data-quality findings (staging.data_quality, written by the check of the
 * source rows) to mart.data_quality, in the transaction that publishes the month's other results.
 */
@Component
public class DataQualityCalculation implements MonthCalculation {

	private static final String DELETE = "DELETE FROM mart.data_quality WHERE month = :month";

	private static final String PUBLISH = """
			INSERT INTO mart.data_quality (month, source, rule, action, rows, rows_extracted)
			SELECT run_month, source, rule, action, rows, rows_extracted
			FROM staging.data_quality
			WHERE run_month = :month
			""";

	private final JdbcClient reporting;

	public DataQualityCalculation(JdbcClient reporting) {
		this.reporting = reporting;
	}

	@Override
	public int calculate(MonthContext context) {
		reporting.sql(DELETE).param("month", context.month().firstDay()).update();
		return reporting.sql(PUBLISH).param("month", context.month().firstDay()).update();
	}

	@Override
	public MonthData writes() {
		return MonthData.tables("mart.data_quality");
	}

}
