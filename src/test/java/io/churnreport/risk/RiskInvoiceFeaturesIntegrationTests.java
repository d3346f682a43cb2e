package io.churnreport.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.churnreport.month.ReportingMonth;
import io.churnreport.risk.RiskFeatureQuery.CustomerFeatures;
import io.churnreport.support.TestPostgres;

/**
 * The invoice features of July 2025 (UTC: as of 2025-08-01 00:00; late payments counted from
 * 2025-02-01), worked out by hand, read both ways: as the run month reads them (the payments kept
 * for its end, the unpaid and the possibly late invoices through their indexes) and as a month
 * described again reads them (the whole invoice history).
 * <ul>
 * <li>K1: paid 50 days late in March for a January invoice (before the 6 months: not counted),
 * paid 45 days late on 2025-07-20 for a June invoice (late), a July invoice unpaid for 27 days
 * (unpaid, not late yet), an August invoice (after the month: not seen). Unpaid 1, late 1, 12 days
 * since its last payment.</li>
 * <li>K2: a March invoice never paid (unpaid, late), a July 1st invoice paid on 2025-08-05, after
 * the month's end (unpaid at it; 31 days by then: late). Unpaid 2, late 2, no payment before the
 * month's end: 153 days since its first invoice.</li>
 * <li>K3: an invoice of zero (not counted) and one paid two days after issue on 2025-06-12: 50 days
 * since.</li>
 * <li>K4: no invoice. K5 has invoices but no MRR at July's end: not described.</li>
 * </ul>
 */
class RiskInvoiceFeaturesIntegrationTests {

	private static final ReportingMonth JULY = new ReportingMonth(YearMonth.of(2025, 7), ZoneOffset.UTC);

	private static final String HISTORY = """
			INSERT INTO staging.customer_month_mrr (month, customer_id, mrr, mrr_at_previous_rates, run_month)
			SELECT '2025-07-01', id, 30, 30, '2025-07-01' FROM unnest(ARRAY['K1', 'K2', 'K3', 'K4']) id;
			INSERT INTO staging.invoice_history (invoice_id, customer_id, issued_at, amount, currency, paid_at, run_month)
			VALUES ('1-jan', 'K1', '2025-01-10 00:00Z', 30, 'EUR', '2025-03-01 00:00Z', '2025-07-01'),
			       ('1-jun', 'K1', '2025-06-05 00:00Z', 30, 'EUR', '2025-07-20 00:00Z', '2025-07-01'),
			       ('1-jul', 'K1', '2025-07-05 00:00Z', 30, 'EUR', NULL, '2025-07-01'),
			       ('1-aug', 'K1', '2025-08-03 00:00Z', 30, 'EUR', NULL, '2025-08-01'),
			       ('2-mar', 'K2', '2025-03-01 00:00Z', 30, 'EUR', NULL, '2025-07-01'),
			       ('2-jul', 'K2', '2025-07-01 00:00Z', 30, 'EUR', '2025-08-05 00:00Z', '2025-08-01'),
			       ('3-may', 'K3', '2025-05-10 00:00Z', 0, 'EUR', NULL, '2025-07-01'),
			       ('3-jun', 'K3', '2025-06-10 00:00Z', 30, 'EUR', '2025-06-12 00:00Z', '2025-07-01'),
			       ('5-jul', 'K5', '2025-07-02 00:00Z', 30, 'EUR', NULL, '2025-07-01');
			""";

	@Test
	void theRunMonthReadsItsInvoicesAsAMonthDescribedAgainFromTheWholeHistoryDoes() {
		DataSource reporting = TestPostgres.migratedReportingDatabase("risk_invoices");
		new JdbcTemplate(reporting).execute(HISTORY);
		RiskFeatureQuery query = new RiskFeatureQuery(new JdbcTemplate(reporting));
		List<String> asKept = new ArrayList<>();
		List<String> fromTheWholeHistory = new ArrayList<>();

		// in a transaction, as in the month's step: the payments kept are brought to the month's end
		new TransactionTemplate(new DataSourceTransactionManager(reporting))
			.executeWithoutResult(status -> query.forEachOfRunMonth(JULY, invoiceFeatures(asKept)));
		query.forEach(JULY, JULY, 1, invoiceFeatures(fromTheWholeHistory));

		assertThat(asKept).containsExactly("K1 unpaid 1 late 1 days 12", "K2 unpaid 2 late 2 days 153",
				"K3 unpaid 0 late 0 days 50", "K4 unpaid 0 late 0 days 0");
		assertThat(fromTheWholeHistory).isEqualTo(asKept);
	}

	private static Consumer<CustomerFeatures> invoiceFeatures(List<String> into) {
		return customer -> into.add(customer.customerId() + " unpaid "
				+ customer.raw().get(RiskFeature.UNPAID_INVOICES).intValue() + " late "
				+ customer.raw().get(RiskFeature.LATE_PAYMENTS).intValue() + " days "
				+ customer.raw().get(RiskFeature.DAYS_SINCE_PAYMENT).intValue());
	}

}
