package io.churnreport.period;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.churnreport.support.FixtureInstallation;
import io.churnreport.support.FixtureInstallation.CommandResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A quarter restated after one of its months was (rerun --force), on the fixture whose first
 * quarter PeriodReportIntegrationTests works out by hand: 10 customers at its start, 4 churned
 * (accounts 2, 4, 5 and 6), 8 at its end, MRR from 485.00 to 428.33.
 * <p>
 * The restatement: account 6's cancellation of 10 March (40.00 a month, no CRM record, so
 * {@code no_reason}) turns out to have been reversed. Account 6 stays a customer, so the quarter
 * loses 3 of its 10 customers (0.300000) and 230.00 of MRR, and ends with 9 customers and 468.33.
 * March loses 2 of its 9 (0.222222 instead of 0.333333), so the months' rates 0.1, 0.1 and 0.222222
 * average 0.140741 and compound to 1 - 0.9 × 0.9 × 0.777778 = 0.370000. Gross MRR churn
 * (230.00 + 15.00) / 485.00 = 0.505155, net (230.00 + 15.00 - 15.00 - 70.00) / 485.00 = 0.329897,
 * quick ratio (143.33 + 15.00) / (15.00 + 230.00) = 0.646245.
 */
class PeriodRestatementIntegrationTests {

	@TempDir
	Path directory;

	@Test
	void aForcedRerunOfAMonthRestatesItsReportedQuarterKeepingTheVersionBefore() throws IOException {
		FixtureInstallation installation = FixtureInstallation.create(directory);
		installation.runSucceeding("run", "--month", "2025-01");
		installation.runSucceeding("run", "--month", "2025-02");
		CommandResult march = installation.runSucceeding("run", "--month", "2025-03");
		Path quarter = directory.resolve("out").resolve("2025-Q1");
		Path summary = quarter.resolve("period-summary.csv");
		assertThat(march.out()).contains("FY2025 Q1 (2025-01 to 2025-03) reported: " + summary);
		String firstVersion = Files.readString(summary, StandardCharsets.UTF_8);
		assertThat(firstVersion).contains("customers_churned,4,").contains("mrr_end,428.33,");
		assertThat(quarter.resolve("restatement.csv")).hasContent(
				"previous_version,restated_version,metric,previous_value,restated_value,difference");

		// reported again with nothing restated: the same version, nothing kept aside
		CommandResult again = installation.runSucceeding("report", "--quarter", "2025-Q1");
		assertThat(again.out()).contains("FY2025 Q1 (2025-01 to 2025-03) reported: " + summary);
		assertThat(quarter.resolve("versions")).doesNotExist();

		installation.billing()
			.sql("UPDATE price_period SET ends = NULL, closed_by = NULL WHERE contract_id = 601")
			.update();
		CommandResult rerun = installation.runSucceeding("rerun", "--month", "2025-03", "--force", "--reason",
				"account 6's cancellation was reversed");

		Path kept = quarter.resolve("versions").resolve("v1");
		assertThat(rerun.out()).contains("FY2025 Q1 (2025-01 to 2025-03) restated as version 2, as month 2025-03 (now "
				+ "version 2) was restated since version 1 (kept in " + kept + "; what changed: "
				+ quarter.resolve("restatement.csv") + "): " + summary + ", stored in mart.period_metric");
		assertThat(kept.resolve("period-summary.csv")).hasContent(firstVersion.strip());
		assertThat(kept.resolve("cohort-retention.csv")).isRegularFile();
		assertThat(Files.readString(quarter.resolve("restatement.csv"), StandardCharsets.UTF_8)).isEqualTo("""
				previous_version,restated_version,metric,previous_value,restated_value,difference
				1,2,customers_churned,4,3,-1
				1,2,customers_end,8,9,1
				1,2,churned_no_reason,1,0,-1
				1,2,churn_rate,0.400000,0.300000,-0.100000
				1,2,monthly_churn_rate_average,0.177778,0.140741,-0.037037
				1,2,monthly_churn_rate_compounded,0.460000,0.370000,-0.090000
				1,2,mrr_churned,270.00,230.00,-40.00
				1,2,mrr_end,428.33,468.33,40.00
				1,2,gross_mrr_churn_rate,0.587629,0.505155,-0.082474
				1,2,net_mrr_churn_rate,0.412371,0.329897,-0.082474
				1,2,quick_ratio,0.555544,0.646245,0.090701
				""");
		assertThat(Files.readString(summary, StandardCharsets.UTF_8)).contains("customers_churned,3,3,,\n")
			.contains("customers_end,9,9,,\n")
			.contains("mrr_end,468.33,468.33,,\n");
		assertThat(installation.reporting()
			.sql("""
					SELECT r.version || ':' || string_agg(to_char(m.month, 'YYYY-MM') || '@' || m.month_version, ' ' ORDER BY m.month)
					FROM mart.period_report r JOIN mart.period_report_month m USING (period, version)
					WHERE period = '2025-Q1' GROUP BY r.version ORDER BY r.version
					""")
			.query(String.class)
			.list()).containsExactly("1:2025-01@1 2025-02@1 2025-03@1", "2:2025-01@1 2025-02@1 2025-03@2");
		assertThat(installation.reporting()
			.sql("SELECT value FROM mart_history.period_metric WHERE period = '2025-Q1' AND version = 1 AND metric = 'customers_churned'")
			.query(Integer.class)
			.single()).isEqualTo(4);

		// and reported once more, it stays at version 2
		CommandResult third = installation.runSucceeding("report", "--quarter", "2025-Q1");
		assertThat(third.out()).contains("FY2025 Q1 (2025-01 to 2025-03) reported again as version 2 (its months are at "
				+ "the versions it was built from): " + summary);
		assertThat(quarter.resolve("versions")).isDirectoryContaining(path -> path.getFileName().toString().equals("v1"));
		assertThat(quarter.resolve("versions").resolve("v2")).doesNotExist();
		assertThat(quarter.resolve("restatement.csv")).content(StandardCharsets.UTF_8).contains("1,2,mrr_end,428.33,468.33,40.00");
	}

}
