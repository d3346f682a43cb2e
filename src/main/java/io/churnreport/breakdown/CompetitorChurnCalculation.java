package io.churnreport.breakdown;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.churnreport.month.MetricStore;
import io.churnreport.month.MonthCalculation;
import io.churnreport.month.MonthContext;
import io.churnreport.month.Metric;
import io.churnreport.month.MonthData;

/**
 * Departures to competitors (mart.churn_by_competitor): churned customers and the MRR they took,
 * by the competitor named on their CRM cancellation, for the month and for the trailing 12 months
 * M-11..M. The trailing figures are read from mart.churned_customer of the earlier months as the
 * mart holds them now, so earlier months are not recomputed; a month that was never run adds
 * nothing. A competitor with departures only in the trailing window is listed with 0 for the
 * month, so the monthly report keeps showing who has been taking customers. Competitor names are
 * grouped as the CRM records them, trimmed; a blank name counts as none.
 */
@Component
public class CompetitorChurnCalculation implements MonthCalculation {

	/** Months in the trailing window, the run month included. */
	static final int TRAILING_MONTHS = 12;

	private static final String DELETE = "DELETE FROM mart.churn_by_competitor WHERE month = :month";

	private static final String INSERT = """
			INSERT INTO mart.churn_by_competitor (month, competitor, customers, mrr_lost, customers_12m, mrr_lost_12m)
			WITH departure AS (
			    SELECT month, nullif(btrim(competitor), '') AS competitor, mrr_lost
			    FROM mart.churned_customer
			    WHERE month >= :windowStart AND month <= :month
			)
			SELECT :month, competitor,
			       count(*) FILTER (WHERE month = :month),
			       coalesce(sum(mrr_lost) FILTER (WHERE month = :month), 0),
			       count(*), sum(mrr_lost)
			FROM departure
			WHERE competitor IS NOT NULL
			GROUP BY competitor
			""";

	private static final String CHURNED_TO_COMPETITORS = """
			SELECT coalesce(sum(customers), 0) FROM mart.churn_by_competitor WHERE month = :month
			""";

	private final JdbcClient reporting;

	private final MetricStore metricStore;

	public CompetitorChurnCalculation(JdbcClient reporting, MetricStore metricStore) {
		this.reporting = reporting;
		this.metricStore = metricStore;
	}

	@Override
	public int calculate(MonthContext context) {
		LocalDate month = context.month().firstDay();
		reporting.sql(DELETE).param("month", month).update();
		int rows = reporting.sql(INSERT)
			.param("month", month)
			.param("windowStart", month.minusMonths(TRAILING_MONTHS - 1))
			.update();
		BigDecimal churnedToCompetitors = reporting.sql(CHURNED_TO_COMPETITORS)
			.param("month", month)
			.query(BigDecimal.class)
			.single();
		metricStore.save(context.month(), Map.of(Metric.CHURNED_TO_COMPETITORS, churnedToCompetitors));
		return rows + 1;
	}

	@Override
	public MonthData reads() {
		return MonthData.tables("mart.churned_customer");
	}

	@Override
	public MonthData writes() {
		return MonthData.tables("mart.churn_by_competitor").andMetrics(Metric.CHURNED_TO_COMPETITORS);
	}

}
