package io.churnreport.plan;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Types;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.churnreport.month.MetricStore;
import io.churnreport.month.MonthContext;
import io.churnreport.month.ReportingMonth;
import io.churnreport.report.CustomerIds;
import io.churnreport.report.MonthlyCsvWriter;
import io.churnreport.support.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/** alerts.csv and trend.csv as MonthlyCsvWriter writes them from hand-written mart rows. */
class PlanCsvFilesIntegrationTests {

	private static final ReportingMonth APRIL = new ReportingMonth(YearMonth.of(2025, 4), ZoneOffset.UTC);

	private static final String TREND_HEADER = "month,customers_start,customers_new,customers_churned,customers_end,"
			+ "churn_rate,mrr_start,mrr_end,mrr_new,mrr_expansion,mrr_contraction,mrr_churned,net_mrr_churn_rate,nrr,"
			+ "arpu,churned_managed,churned_unmanaged,target_churn_rate\n";

	@TempDir
	Path config;

	@TempDir
	Path out;

	private JdbcClient reporting;

	private MonthlyCsvWriter writer;

	@BeforeEach
	void database() {
		DataSource dataSource = TestPostgres.migratedReportingDatabase("plan_csv");
		this.reporting = JdbcClient.create(dataSource);
		PlanCsvFiles files = new PlanCsvFiles();
		this.writer = new MonthlyCsvWriter(dataSource, List.of(files.alertsCsv(), files.trendCsv()), CustomerIds.inFull());
	}

	@Test
	void theTrendListsTheMonthsRunOfTheLastTwelveWithEmptyCellsForMissingMetrics() throws Exception {
		// 2024-04 is M-12 and 2025-05 after M: both outside; 2024-06 to 2024-12 and 2025-02/03 were not run
		metrics("2024-04", "customers_start", "1");
		metrics("2024-05", "customers_start", "100", "customers_new", "10", "customers_churned", "5", "customers_end", "105",
				"churn_rate", "0.050000", "mrr_start", "1000.00", "mrr_end", "1050.00", "churned_managed", "3",
				"churned_unmanaged", "2");
		// a month that started without customers: its churn rate is null
		metrics("2025-01", "customers_start", "0", "customers_new", "3", "customers_churned", "0", "customers_end", "3",
				"churn_rate", null, "mrr_start", "0.00", "mrr_end", "30.00", "churned_managed", "0", "churned_unmanaged", "0");
		metrics("2025-04", "customers_start", "40", "customers_new", "2", "customers_churned", "1", "customers_end", "41",
				"churn_rate", "0.025000", "mrr_start", "400.00", "mrr_end", "410.00", "churned_managed", "1",
				"churned_unmanaged", "0", "target_churn_rate", "0.020000");
		metrics("2025-05", "customers_start", "41");

		writer.write(APRIL, out);

		// mrr_new to arpu are not in these rows (other calculations add them): empty cells
		assertThat(Files.readString(out.resolve("trend.csv"))).isEqualTo(TREND_HEADER + """
				2024-05,100,10,5,105,0.050000,1000.00,1050.00,,,,,,,,3,2,
				2025-01,0,3,0,3,,0.00,30.00,,,,,,,,0,0,
				2025-04,40,2,1,41,0.025000,400.00,410.00,,,,,,,,1,0,0.020000
				""");
	}

	@Test
	void withNothingInTheMartBothFilesHaveTheirHeaderOnly() throws Exception {
		writer.write(APRIL, out);

		assertThat(Files.readString(out.resolve("trend.csv"))).isEqualTo(TREND_HEADER);
		assertThat(Files.readString(out.resolve("alerts.csv"))).isEqualTo("alert_type,subject,actual,threshold,message\n");
	}

	@Test
	void alertsAreListedAboveTargetFirstThenMovesThenCategories() throws Exception {
		Files.writeString(config.resolve("churn-reasons.yml"), """
				reasons:
				  - {code: price_too_high, category: price, class: managed}
				  - {code: competitor_offer, category: competitor, class: managed}
				""");
		Files.writeString(config.resolve(ChurnTargets.FILE_NAME), """
				target-churn-rate: 0.03
				category-thresholds:
				  price: 0.01
				  competitor: 0.01
				""");
		metrics("2025-03", "churn_rate", "0.020000");
		// 4 of 80 churned = 0.05: above 0.03; 0.05 - 0.02 = 0.03 > 0.01, bound 0.03;
		// price 2 / 80 = 0.025 and competitor 2 / 80 = 0.025, both above 0.01
		metrics("2025-04", "customers_start", "80", "churn_rate", "0.050000", "churned_managed", "4");
		churnByReason("price", "price_too_high", 2);
		churnByReason("competitor", "competitor_offer", 2);
		new ChurnPlanCalculation(reporting, new MetricStore(reporting)).calculate(new MonthContext(APRIL, config));

		writer.write(APRIL, out);

		assertThat(Files.readString(out.resolve("alerts.csv"))).isEqualTo("""
				alert_type,subject,actual,threshold,message
				above_target,churn_rate,0.050000,0.030000,Churn rate 5.00% is 2.00 points above the target of 3.00%
				churn_rate_move,churn_rate,0.050000,0.030000,Churn rate 5.00% is 3.00 points above the 3-month average of 2.00% (only 1 of the previous 3 months has a churn rate)
				category_threshold,competitor,0.025000,0.010000,"Reason category competitor: 2 churned customers, 2.50% of customers at start, above its threshold of 1.00%"
				category_threshold,price,0.025000,0.010000,"Reason category price: 2 churned customers, 2.50% of customers at start, above its threshold of 1.00%"
				""");
		// and the trend shows the month's target beside its churn rate
		assertThat(Files.readString(out.resolve("trend.csv"))).endsWith("2025-04,80,,,,0.050000,,,,,,,,,,4,,0.030000\n");
	}

	/** Stores the month's metrics, given as name, value, name, value... */
	private void metrics(String month, String... namesAndValues) {
		for (int i = 0; i < namesAndValues.length; i += 2) {
			reporting.sql("INSERT INTO mart.monthly_metric (month, metric, value) VALUES (:month, :metric, :value)")
				.param("month", ReportingMonth.parseMonth(month).atDay(1))
				.param("metric", namesAndValues[i])
				.param("value", namesAndValues[i + 1] == null ? null : new BigDecimal(namesAndValues[i + 1]), Types.NUMERIC)
				.update();
		}
	}

	private void churnByReason(String category, String reasonCode, int customers) {
		reporting.sql("""
				INSERT INTO mart.churn_by_reason (month, reason_class, category, reason_code, reason_label, customers, mrr_lost)
				VALUES ('2025-04-01', 'managed', :category, :reasonCode, :reasonCode, :customers, 0)
				""").param("category", category).param("reasonCode", reasonCode).param("customers", customers).update();
	}

}
