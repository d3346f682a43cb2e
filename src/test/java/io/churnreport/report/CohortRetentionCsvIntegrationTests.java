package io.churnreport.report;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.churnreport.metrics.CohortRetentionCalculation;
import io.churnreport.month.MonthContext;
import io.churnreport.month.ReportingMonth;
import io.churnreport.support.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/** Logo and revenue retention of the cohorts, from the mart to cohort-retention.csv. */
class CohortRetentionCsvIntegrationTests {

	private static final ReportingMonth MARCH = ReportingMonth.of("2025-03", ZoneOffset.UTC);

	/**
	 * Run of March 2025, month-end MRR:
	 * <pre>
	 * customer  Dec   Jan   Feb   Mar   cohort
	 * z          40     -     -     -   2024-12
	 * a           -   100   120   120   2025-01
	 * b           -    50     -    60   2025-01 (back in March, still in its first cohort)
	 * c           -     -    40     -   2025-02
	 * e           -     -    20    20   2025-02
	 * d           -     -     -    30   2025-03
	 * </pre>
	 * 2024-12: 1 customer, cohort MRR 40. k=0: 1 active, 40, 1; k=1 to 3: none active, 0 of 40.
	 * 2025-01: 2 customers, cohort MRR 100 + 50 = 150. k=0: 2 active, 150, 150 / 150 = 1;
	 * k=1: a only, 1 / 2 = 0.5, 120 / 150 = 0.8; k=2: a and b, 2 / 2 = 1, 120 + 60 = 180,
	 * 180 / 150 = 1.2 (expansion and the returning customer outweigh the loss).
	 * 2025-02: 2 customers, 40 + 20 = 60. k=0: 2, 60, 1; k=1: e only, 1 / 2 = 0.5, 20 / 60 =
	 * 0.333333.
	 * 2025-03: 1 customer, 30. k=0: 1, 30, 1.
	 */
	@Test
	void revenueRetentionStandsBesideLogoRetention(@TempDir Path out) throws IOException {
		DataSource dataSource = TestPostgres.migratedReportingDatabase("cohort_csv");
		JdbcClient reporting = JdbcClient.create(dataSource);
		mrr(reporting, "z", "2024-12-01", "40");
		mrr(reporting, "a", "2025-01-01", "100");
		mrr(reporting, "a", "2025-02-01", "120");
		mrr(reporting, "a", "2025-03-01", "120");
		mrr(reporting, "b", "2025-01-01", "50");
		mrr(reporting, "b", "2025-03-01", "60");
		mrr(reporting, "c", "2025-02-01", "40");
		mrr(reporting, "e", "2025-02-01", "20");
		mrr(reporting, "e", "2025-03-01", "20");
		mrr(reporting, "d", "2025-03-01", "30");

		assertThat(new CohortRetentionCalculation(reporting).calculate(new MonthContext(MARCH, out))).isEqualTo(10);
		new MonthlyCsvWriter(dataSource, List.of(new MonthlyCsvFiles().cohortRetentionCsv()), CustomerIds.inFull()).write(MARCH, out);

		assertThat(Files.readString(out.resolve("cohort-retention.csv"))).isEqualTo("""
				cohort_month,months_since,customers_active,cohort_size,retention_rate,cohort_mrr,mrr_active,revenue_retention_rate
				2024-12,0,1,1,1.000000,40.00,40.00,1.000000
				2024-12,1,0,1,0.000000,40.00,0.00,0.000000
				2024-12,2,0,1,0.000000,40.00,0.00,0.000000
				2024-12,3,0,1,0.000000,40.00,0.00,0.000000
				2025-01,0,2,2,1.000000,150.00,150.00,1.000000
				2025-01,1,1,2,0.500000,150.00,120.00,0.800000
				2025-01,2,2,2,1.000000,150.00,180.00,1.200000
				2025-02,0,2,2,1.000000,60.00,60.00,1.000000
				2025-02,1,1,2,0.500000,60.00,20.00,0.333333
				2025-03,0,1,1,1.000000,30.00,30.00,1.000000
				""");
	}

	private static void mrr(JdbcClient reporting, String customer, String month, String mrr) {
		reporting.sql("""
				INSERT INTO staging.customer_month_mrr (run_month, customer_id, month, mrr, mrr_at_previous_rates)
				VALUES (:run, :customer, :month::date, :mrr, :mrr)
				""")
			.param("run", MARCH.firstDay())
			.param("customer", customer)
			.param("month", month)
			.param("mrr", new BigDecimal(mrr))
			.update();
	}

}
