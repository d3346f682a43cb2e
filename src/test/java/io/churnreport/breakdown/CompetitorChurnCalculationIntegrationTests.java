package io.churnreport.breakdown;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;

import io.churnreport.month.ReportingMonth;
import io.churnreport.report.CustomerIds;
import io.churnreport.report.MonthlyCsvWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.churnreport.breakdown.BreakdownTestDatabase.num;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Departures to competitors for December 2025; the trailing window is January..December 2025.
 * Churned customers already in the mart:
 *
 * <pre>
 * month     customer  competitor   mrr_lost
 * 2024-12   X1        RivalCo        100.00   just before the window of Dec 2025
 * 2025-01   X2        RivalCo         10.00   first month of the window
 * 2025-03   X3        OldTel           8.00   only in the window, not in December
 * 2025-06   X4        Acme            20.00
 * 2025-06   X5        " Acme "         5.00   trimmed: Acme
 * 2025-06   X6        (null)           7.00
 * 2025-06   X7        ""               3.00   blank: no competitor
 * 2025-12   X8        RivalCo         30.00
 * 2025-12   X9        RivalCo         15.50
 * 2025-12   X10       Acme            40.00
 * 2025-12   X11       (null)          99.00
 * 2026-01   X12       RivalCo       1000.00   after the month
 *
 * December 2025   month            trailing 12 months
 * RivalCo         2   45.50        3   10.00 + 30.00 + 15.50 = 55.50
 * Acme            1   40.00        3   20.00 + 5.00 + 40.00 = 65.00
 * OldTel          0    0.00        1    8.00
 * churned_to_competitors = 3 (X8, X9, X10)
 *
 * January 2025 (window Feb 2024..Jan 2025; the months before December 2024 were never run)
 * RivalCo         1   10.00        2   100.00 + 10.00 = 110.00
 * </pre>
 */
class CompetitorChurnCalculationIntegrationTests {

	private static BreakdownTestDatabase database;

	private static CompetitorChurnCalculation calculation;

	@TempDir
	Path directory;

	@BeforeAll
	static void insertChurnedCustomers() {
		database = BreakdownTestDatabase.create("competitor_churn");
		database.execute("""
				INSERT INTO mart.churned_customer (month, customer_id, mrr_lost, reason_class, competitor) VALUES
				 ('2024-12-01', 'X1',   100.00, 'managed',   'RivalCo'),
				 ('2025-01-01', 'X2',    10.00, 'managed',   'RivalCo'),
				 ('2025-03-01', 'X3',     8.00, 'managed',   'OldTel'),
				 ('2025-06-01', 'X4',    20.00, 'managed',   'Acme'),
				 ('2025-06-01', 'X5',     5.00, 'managed',   ' Acme '),
				 ('2025-06-01', 'X6',     7.00, 'no_reason', NULL),
				 ('2025-06-01', 'X7',     3.00, 'managed',   ''),
				 ('2025-12-01', 'X8',    30.00, 'managed',   'RivalCo'),
				 ('2025-12-01', 'X9',    15.50, 'managed',   'RivalCo'),
				 ('2025-12-01', 'X10',   40.00, 'managed',   'Acme'),
				 ('2025-12-01', 'X11',   99.00, 'unmanaged', NULL),
				 ('2026-01-01', 'X12', 1000.00, 'managed',   'RivalCo');
				""");
		calculation = new CompetitorChurnCalculation(database.jdbc, database.metricStore);
	}

	@Test
	void sumsTheMonthAndTheTrailingTwelveMonthsByCompetitor() throws IOException {
		calculation.calculate(BreakdownTestDatabase.context("2025-12", "UTC"));
		calculation.calculate(BreakdownTestDatabase.context("2025-12", "UTC"));

		assertThat(database.metrics("2025-12")).containsEntry("churned_to_competitors", num("3"));
		assertThat(csv("2025-12")).isEqualTo("""
				competitor,customers,mrr_lost,customers_trailing_12m,mrr_lost_trailing_12m
				RivalCo,2,45.50,3,55.50
				Acme,1,40.00,3,65.00
				OldTel,0,0.00,1,8.00
				""");
	}

	@Test
	void countsOnlyTheMonthsInTheMart() throws IOException {
		calculation.calculate(BreakdownTestDatabase.context("2025-01", "UTC"));

		assertThat(database.metrics("2025-01")).containsEntry("churned_to_competitors", num("1"));
		assertThat(csv("2025-01")).isEqualTo("""
				competitor,customers,mrr_lost,customers_trailing_12m,mrr_lost_trailing_12m
				RivalCo,1,10.00,2,110.00
				""");
	}

	@Test
	void writesOnlyTheHeaderWhenNobodyLeftForACompetitor() throws IOException {
		calculation.calculate(BreakdownTestDatabase.context("2027-06", "UTC"));

		assertThat(database.metrics("2027-06")).containsEntry("churned_to_competitors", num("0"));
		assertThat(csv("2027-06"))
			.isEqualTo("competitor,customers,mrr_lost,customers_trailing_12m,mrr_lost_trailing_12m\n");
	}

	private String csv(String month) throws IOException {
		new MonthlyCsvWriter(database.dataSource, List.of(new BreakdownCsvFiles().departuresToCompetitorsCsv()), CustomerIds.inFull())
			.write(ReportingMonth.of(month, ZoneOffset.UTC), directory);
		return Files.readString(directory.resolve("departures-to-competitors.csv"));
	}

}
