package io.churnreport.period;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.churnreport.month.MetricScales;
import io.churnreport.system.CsvCells;

/**
 * The customers a period lost (active at its start, not at its end), by the reason of each one's
 * last churn in the period (its row of mart.churned_customer in the latest of the period's months
 * it churned in): one row per reason, most customers first, with the MRR they had at the period's
 * start. A customer who left and came back inside the period is not among them.
 */
final class PeriodChurnReasons {

	private static final String CHURNED_BY_REASON = """
			SELECT latest.reason_class, latest.reason_code, latest.reason_label,
			       count(*) AS customers, sum(churned.mrr_at_start) AS mrr_at_start
			FROM (SELECT m.customer_id, max(m.mrr) FILTER (WHERE m.month = :monthBefore) AS mrr_at_start
			      FROM staging.customer_month_mrr m
			      WHERE m.month IN (:monthBefore, :lastMonth) AND m.mrr > 0
			      GROUP BY m.customer_id
			      HAVING bool_or(m.month = :monthBefore) AND NOT bool_or(m.month = :lastMonth)) churned
			JOIN LATERAL (SELECT c.reason_class, c.reason_code, c.reason_label
			              FROM mart.churned_customer c
			              WHERE c.customer_id = churned.customer_id AND c.month BETWEEN :firstMonth AND :lastMonth
			              ORDER BY c.month DESC
			              LIMIT 1) latest ON true
			GROUP BY latest.reason_class, latest.reason_code, latest.reason_label
			ORDER BY customers DESC, mrr_at_start DESC, latest.reason_class, latest.reason_code NULLS LAST
			""";

	private static final String DELETE = "DELETE FROM mart.period_churn_by_reason WHERE period = :period";

	private static final String INSERT = """
			INSERT INTO mart.period_churn_by_reason (period, reason_class, reason_code, reason_label, customers, mrr_at_start)
			VALUES (:period, :reasonClass, :reasonCode, :reasonLabel, :customers, :mrrAtStart)
			""";

	/** One reason's customers; the code and label are empty for a churn without a reason. */
	record Reason(String reasonClass, String reasonCode, String reasonLabel, long customers, BigDecimal mrrAtStart) {
	}

	private final JdbcClient reporting;

	PeriodChurnReasons(JdbcClient reporting) {
		this.reporting = reporting;
	}

	List<Reason> of(PeriodMonths period) {
		return reporting.sql(CHURNED_BY_REASON)
			.param("monthBefore", period.monthBefore().atDay(1))
			.param("firstMonth", period.firstMonth().atDay(1))
			.param("lastMonth", period.lastMonth().atDay(1))
			.query((row, number) -> new Reason(row.getString("reason_class"), row.getString("reason_code"),
					row.getString("reason_label"), row.getLong("customers"),
					MetricScales.money(row.getBigDecimal("mrr_at_start"))))
			.list();
	}

	/** The customers of each reason class. */
	static Map<String, Long> byClass(List<Reason> reasons) {
		Map<String, Long> byClass = new HashMap<>();
		reasons.forEach(reason -> byClass.merge(reason.reasonClass(), reason.customers(), Long::sum));
		return byClass;
	}

	void save(ReportingPeriod period, List<Reason> reasons) {
		reporting.sql(DELETE).param("period", period.key()).update();
		for (Reason reason : reasons) {
			reporting.sql(INSERT)
				.param("period", period.key())
				.param("reasonClass", reason.reasonClass())
				.param("reasonCode", reason.reasonCode())
				.param("reasonLabel", reason.reasonLabel())
				.param("customers", reason.customers())
				.param("mrrAtStart", reason.mrrAtStart())
				.update();
		}
	}

	/** churn-by-reason.csv of a period: {@code reason_class,reason_code,reason_label,customers,mrr_at_start}. */
	static String csv(List<Reason> reasons) {
		StringWriter csv = new StringWriter();
		CSVFormat format = CSVFormat.DEFAULT.builder()
			.setHeader("reason_class", "reason_code", "reason_label", "customers", "mrr_at_start")
			.setRecordSeparator('\n')
			.get();
		try (CSVPrinter printer = new CSVPrinter(csv, format)) {
			for (Reason reason : reasons) {
				printer.printRecord(CsvCells.cell(reason.reasonClass()), CsvCells.cell(reason.reasonCode()),
						CsvCells.cell(reason.reasonLabel()), CsvCells.cell(reason.customers()),
						CsvCells.cell(reason.mrrAtStart()));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return csv.toString();
	}

}
