package io.churnreport.extract;

import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.churnreport.month.MonthCalculation;
import io.churnreport.month.MonthContext;
import io.churnreport.month.MonthData;
import io.churnreport.month.ReportingMonth;
import io.churnreport.system.ChurnProperties;

/**
 * Keeps in the mart what the reports show of the month's extract: the rows each source returned
 * (the quarantined included), the invoices issued in the month by currency with their conversion,
 * and the exchange rates used. The staging partitions they are computed from are dropped when
 * another month starts after this one completed (see {@link StagingPartitions}); kept with the
 * month's other results, they let a completed month's reports be rendered again as published.
 */
@Component
public class MonthExtractCalculation implements MonthCalculation {

	private static final List<String> DELETE = List.of("DELETE FROM mart.month_source_extract WHERE month = :month",
			"DELETE FROM mart.month_invoices_by_currency WHERE month = :month",
			"DELETE FROM mart.month_fx_rate WHERE month = :month");

	private static final String SOURCE_ROWS = """
			INSERT INTO mart.month_source_extract (month, source, rows_extracted, changed_since)
			SELECT :month, source.name, source.staged
			         + (SELECT count(*) FROM quality.quarantined_row q WHERE q.run_month = :month AND q.source = source.name),
			       CASE WHEN source.name = 'invoices' THEN
			           (SELECT CAST(asked.changed_since AT TIME ZONE :zone AS date)
			              FROM staging.invoice_extract asked
			             WHERE asked.run_month = :month AND asked.changed_since > '-infinity')
			       END
			  FROM (VALUES
			        ('customers', (SELECT count(*) FROM staging.customer WHERE run_month = :month)),
			        ('subscriptions', (SELECT count(*) FROM staging.subscription_period WHERE run_month = :month)),
			        ('invoices', (SELECT count(*) FROM staging.invoice WHERE run_month = :month)),
			        ('cancellations', (SELECT count(*) FROM staging.cancellation WHERE run_month = :month)))
			       AS source (name, staged)
			""";

	// an invoice without a currency is in the reporting currency; one in a currency without a rate
	// is counted and left out of the converted amount. The currency is worked out before it is
	// grouped by: a bound parameter in GROUP BY would not match the same one in the select list.
	private static final String INVOICES_BY_CURRENCY = """
			WITH issued AS (
			    SELECT COALESCE(invoice.currency, :currency) AS currency,
			           invoice.amount,
			           invoice.paid_at,
			           CASE WHEN COALESCE(invoice.currency, :currency) = :currency THEN 1 ELSE fx.rate END AS rate,
			           invoice.currency IS NOT NULL AND invoice.currency <> :currency AND fx.rate IS NULL AS without_rate
			      FROM staging.invoice invoice
			      LEFT JOIN staging.fx_rate fx
			        ON fx.run_month = :month
			       AND fx.month = :month
			       AND fx.currency = invoice.currency
			     WHERE invoice.run_month = :month
			       AND invoice.issued_at >= :monthStart
			       AND invoice.issued_at < :monthEnd
			)
			INSERT INTO mart.month_invoices_by_currency (month, currency, invoices, unpaid, without_rate, amount, rate,
			        converted)
			SELECT :month, currency, count(*), count(*) FILTER (WHERE paid_at IS NULL), count(*) FILTER (WHERE without_rate),
			       sum(amount), max(rate), sum(amount * rate)
			  FROM issued
			 GROUP BY currency
			""";

	private static final String FX_RATES = """
			INSERT INTO mart.month_fx_rate (month, currency, rate, previous_rate)
			SELECT :month, this_month.currency, this_month.rate, previous_month.rate
			  FROM staging.fx_rate this_month
			  LEFT JOIN staging.fx_rate previous_month
			         ON previous_month.run_month = :month
			        AND previous_month.month = :previousMonth
			        AND previous_month.currency = this_month.currency
			 WHERE this_month.run_month = :month
			   AND this_month.month = :month
			""";

	private final JdbcClient reporting;

	private final String reportingCurrency;

	@Autowired
	public MonthExtractCalculation(JdbcClient reporting, ChurnProperties properties) {
		this(reporting, properties.currency());
	}

	public MonthExtractCalculation(JdbcClient reporting, String reportingCurrency) {
		this.reporting = reporting;
		this.reportingCurrency = reportingCurrency;
	}

	@Override
	public int calculate(MonthContext context) {
		ReportingMonth month = context.month();
		Map<String, Object> parameters = Map.of("month", month.firstDay(), "previousMonth", month.previousFirstDay(),
				"monthStart", month.start(), "monthEnd", month.end(), "zone", month.zone().getId(), "currency",
				reportingCurrency);
		for (String delete : DELETE) {
			reporting.sql(delete).param("month", month.firstDay()).update();
		}
		int rows = 0;
		for (String insert : List.of(SOURCE_ROWS, INVOICES_BY_CURRENCY, FX_RATES)) {
			rows += reporting.sql(insert).params(parameters).update();
		}
		return rows;
	}

	@Override
	public MonthData writes() {
		return MonthData.tables("mart.month_source_extract", "mart.month_invoices_by_currency", "mart.month_fx_rate");
	}

}
