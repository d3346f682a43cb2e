package io.churnreport.metrics;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.churnreport.support.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import io.churnreport.month.ReportingMonth;
import io.churnreport.month.MonthContext;

/**
 * The cohort table built on the previous month's, and computed whole when that table may be stale.
 * Month-end MRR:
 * <pre>
 * customer  Dec   Jan   Feb   Mar   cohort
 * z          40     -     -     -   2024-12
 * a           -   100   120   120   2025-01
 * b           -    50     -    60   2025-01 (back in March, still in its first cohort)
 * c           -     -    40     -   2025-02
 * e           -     -    20    20   2025-02
 * d           -     -     -    30   2025-03
 * </pre>
 * February's table: 2024-12 (1 customer, 40): k=0 1 and 40, k=1 and 2 none; 2025-01 (a and b, 150):
 * k=0 2 and 150, k=1 a alone, 1 / 2 = 0.5 and 120 / 150 = 0.8; 2025-02 (c and e, 60): k=0 2 and 60.
 * March adds the diagonal: 2024-12 k=3 none; 2025-01 k=2 a and b, 180 / 150 = 1.2; 2025-02 k=1 e
 * alone, 20 / 60 = 0.333333; and its own cohort 2025-03, d with 30.
 */
class CohortRetentionCalculatorIntegrationTests {

	private static final ReportingMonth FEBRUARY = ReportingMonth.of("2025-02", ZoneOffset.UTC);

	private static final ReportingMonth MARCH = ReportingMonth.of("2025-03", ZoneOffset.UTC);

	private static final List<String> FEBRUARY_CELLS = List.of(
			"2024-12 0 1/1 1.000000 40.00 40.00 1.000000",
			"2024-12 1 0/1 0.000000 40.00 0.00 0.000000",
			"2024-12 2 0/1 0.000000 40.00 0.00 0.000000",
			"2025-01 0 2/2 1.000000 150.00 150.00 1.000000",
			"2025-01 1 1/2 0.500000 150.00 120.00 0.800000",
			"2025-02 0 2/2 1.000000 60.00 60.00 1.000000");

	@TempDir
	Path configDirectory;

	JdbcClient reporting;

	CohortRetentionCalculation calculator;

	@BeforeEach
	void createDatabase() {
		DataSource dataSource = TestPostgres.migratedReportingDatabase("cohort_calculator");
		reporting = JdbcClient.create(dataSource);
		calculator = new CohortRetentionCalculation(reporting);
		mrr("z", "2024-12-01", "40");
		mrr("a", "2025-01-01", "100");
		mrr("a", "2025-02-01", "120");
		mrr("b", "2025-01-01", "50");
		mrr("c", "2025-02-01", "40");
		mrr("e", "2025-02-01", "20");
		// February's run computed every month up to its own
		monthEndComputed("2025-02-01", null);
	}

	@Test
	void aMonthAfterTheMonthBeforeAddsItsDiagonalToThatMonthsTable() {
		assertThat(calculator.continuesPreviousTable(FEBRUARY)).as("no January table to build on").isFalse();
		assertThat(calculator.calculate(new MonthContext(FEBRUARY, configDirectory))).isEqualTo(6);
		assertThat(cells("2025-02-01")).containsExactlyElementsOf(FEBRUARY_CELLS);

		marchComputedAlone();

		assertThat(calculator.continuesPreviousTable(MARCH)).isTrue();
		assertThat(calculator.calculate(new MonthContext(MARCH, configDirectory))).isEqualTo(10);
		assertThat(cells("2025-03-01")).containsExactly(
				"2024-12 0 1/1 1.000000 40.00 40.00 1.000000",
				"2024-12 1 0/1 0.000000 40.00 0.00 0.000000",
				"2024-12 2 0/1 0.000000 40.00 0.00 0.000000",
				"2024-12 3 0/1 0.000000 40.00 0.00 0.000000",
				"2025-01 0 2/2 1.000000 150.00 150.00 1.000000",
				"2025-01 1 1/2 0.500000 150.00 120.00 0.800000",
				"2025-01 2 2/2 1.000000 150.00 180.00 1.200000",
				"2025-02 0 2/2 1.000000 60.00 60.00 1.000000",
				"2025-02 1 1/2 0.500000 60.00 20.00 0.333333",
				"2025-03 0 1/1 1.000000 30.00 30.00 1.000000");
		// February's table is left as it was
		assertThat(cells("2025-02-01")).containsExactlyElementsOf(FEBRUARY_CELLS);
	}

	@Test
	void aMonthBeforeComputedAgainSinceThePreviousTableMakesTheWholeTable() {
		calculator.calculate(new MonthContext(FEBRUARY, configDirectory));
		// January is run again after February's table was written: b's January is now 70
		reporting.sql("UPDATE staging.customer_month_mrr SET mrr = 70, mrr_at_previous_rates = 70 WHERE customer_id = 'b' AND month = '2025-01-01'")
			.update();
		monthEndComputed("2025-01-01", "2025-01-01");
		marchComputedAlone();

		assertThat(calculator.continuesPreviousTable(MARCH)).isFalse();
		calculator.calculate(new MonthContext(MARCH, configDirectory));

		// cohort 2025-01 now starts with 100 + 70 = 170: 120 / 170 = 0.705882, 180 / 170 = 1.058824
		assertThat(cells("2025-03-01")).filteredOn(cell -> cell.startsWith("2025-01")).containsExactly(
				"2025-01 0 2/2 1.000000 170.00 170.00 1.000000",
				"2025-01 1 1/2 0.500000 170.00 120.00 0.705882",
				"2025-01 2 2/2 1.000000 170.00 180.00 1.058824");
	}

	@Test
	void aRunThatComputesEveryMonthOrIsUnfinishedMakesTheWholeTable() {
		calculator.calculate(new MonthContext(FEBRUARY, configDirectory));
		addMarch();
		monthEndComputed("2025-03-01", null);
		assertThat(calculator.continuesPreviousTable(MARCH)).as("March computed every month").isFalse();

		monthEndComputed("2025-03-01", "2025-03-01");
		assertThat(calculator.continuesPreviousTable(MARCH)).isTrue();
		// a run of another month that has begun computing every month but not finished
		reporting.sql("INSERT INTO staging.month_end_mrr_run (run_month, from_month, basis, computed_at) VALUES ('2025-05-01', NULL, 'b', NULL)")
			.update();
		assertThat(calculator.continuesPreviousTable(MARCH)).as("rows may have changed").isFalse();
	}

	private void marchComputedAlone() {
		addMarch();
		monthEndComputed("2025-03-01", "2025-03-01");
	}

	private void addMarch() {
		mrr("a", "2025-03-01", "120");
		mrr("b", "2025-03-01", "60");
		mrr("e", "2025-03-01", "20");
		mrr("d", "2025-03-01", "30");
	}

	private void mrr(String customer, String month, String mrr) {
		reporting.sql("""
				INSERT INTO staging.customer_month_mrr (run_month, customer_id, month, mrr, mrr_at_previous_rates)
				VALUES (:month::date, :customer, :month::date, :mrr, :mrr)
				""")
			.param("customer", customer)
			.param("month", month)
			.param("mrr", new BigDecimal(mrr))
			.update();
	}

	/** A run's month-end MRR marked computed now: from fromMonth, or every month when null. */
	private void monthEndComputed(String runMonth, String fromMonth) {
		reporting.sql("""
				INSERT INTO staging.month_end_mrr_run (run_month, from_month, basis, computed_at)
				VALUES (:runMonth::date, CAST(:fromMonth AS date), 'b', clock_timestamp())
				ON CONFLICT (run_month) DO UPDATE SET from_month = excluded.from_month, computed_at = excluded.computed_at
				""")
			.param("runMonth", runMonth)
			.param("fromMonth", fromMonth)
			.update();
	}

	private List<String> cells(String month) {
		return reporting.sql("""
				SELECT to_char(cohort_month, 'YYYY-MM') || ' ' || months_since || ' ' || customers_active || '/' || cohort_size
				       || ' ' || retention_rate || ' ' || cohort_mrr || ' ' || mrr_active || ' ' || revenue_retention_rate
				FROM mart.cohort_retention WHERE month = :month::date ORDER BY cohort_month, months_since""")
			.param("month", month)
			.query(String.class)
			.list();
	}

}
