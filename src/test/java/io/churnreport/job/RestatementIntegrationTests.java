package io.churnreport.job;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.churnreport.cli.ExitCodes;
import io.churnreport.support.FixtureInstallation;
import io.churnreport.support.FixtureInstallation.CommandResult;
import io.churnreport.support.PdfText;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Month close: a completed month is locked, and a forced rerun after a fix in the billing source
 * publishes a new version, keeps the previous one and lists what changed. Figures refer to the
 * fixture worked out in {@link MonthlyChurnJobFunctionalIntegrationTests}.
 */
class RestatementIntegrationTests {

	@TempDir
	Path directory;

	@Test
	void aForcedRerunPublishesANewVersionKeepsThePreviousAndListsTheDifferences() {
		FixtureInstallation installation = FixtureInstallation.create(directory);
		for (String month : new String[] { "2025-01", "2025-02", "2025-03" }) {
			assertThat(installation.run("run", "--month", month).exitCode()).isZero();
		}
		CommandResult locked = installation.run("rerun", "--month", "2025-03");
		assertThat(locked.exitCode()).isEqualTo(ExitCodes.USAGE);
		assertThat(locked.err()).contains("a completed month is locked", "--force", "--reason");

		// billing finds that customer 13 has paid 20, not 10, a month since November
		installation.billing().sql("UPDATE price_period SET price = 20.00 WHERE contract_id = 1301").update();
		CommandResult rerun = installation.run("rerun", "--month", "2025-03", "--force", "--reason",
				"Price of contract 1301 corrected");

		assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
		assertThat(rerun.out()).contains("Month 2025-03 restated as version 2");
		// 10.00 more MRR at both ends; ARPU 438.33 / 8; MRR at risk of hidden churn 185.00 + 10.00
		assertThat(installation.read("2025-03", "summary.csv")).contains("mrr_start,478.33\n", "mrr_end,438.33\n",
				"arpu,54.79\n", "hidden_churn_mrr,195.00\n", "customers_churned,3\n");
		assertThat(installation.read("2025-03", "restatement.csv")).startsWith(
				"previous_version,restated_version,metric,previous_value,restated_value,difference\n")
			.contains("1,2,mrr_start,468.33,478.33,10.00\n", "1,2,mrr_end,428.33,438.33,10.00\n",
					"1,2,arpu,53.54,54.79,1.25\n", "1,2,hidden_churn_mrr,185.00,195.00,10.00\n")
			.doesNotContain("customers_churned");
		// the previous version stays readable, as files and in the mart's history
		assertThat(installation.read("2025-03", "versions/v1/summary.csv")).contains("mrr_end,428.33\n");
		assertThat(installation.monthDirectory("2025-03").resolve("versions/v1/management-report.pdf")).exists();
		assertThat(installation.reporting()
			.sql("SELECT value FROM mart_history.monthly_metric WHERE month = '2025-03-01' AND version = 1 AND metric = 'mrr_end'")
			.query(String.class)
			.single()).isEqualTo("428.33");
		assertThat(installation.reporting()
			.sql("SELECT version || ' ' || requested_by || ' ' || restatement_reason FROM mart.month_run WHERE month = '2025-03-01'")
			.query(String.class)
			.single()).isEqualTo("2 " + System.getProperty("user.name") + " Price of contract 1301 corrected");
		// and the reports say so
		String management = PdfText.normalized(PdfText.of(installation.monthDirectory("2025-03").resolve("management-report.pdf")));
		assertThat(management).contains("version 2").contains("Price of contract 1301 corrected");
		// in every page's footer, as in the finance report
		assertThat(management.split("RESTATED, version 2 \\(why: on the run page\\)", -1).length - 1)
			.isEqualTo(management.split("Page \\d+ of \\d+", -1).length - 1)
			.isGreaterThan(1);
		assertThat(PdfText.normalized(PdfText.of(installation.monthDirectory("2025-03").resolve("finance-report.pdf"))))
			.contains("RESTATED, version 2");
		// the restated month is complete again
		assertThat(installation.run("run", "--month", "2025-03").exitCode()).isEqualTo(ExitCodes.ALREADY_COMPLETE);
		// a month that never ran cannot be restated
		assertThat(installation.run("rerun", "--month", "2025-06", "--force", "--reason", "x").exitCode())
			.isEqualTo(ExitCodes.NOTHING_TO_RESTART);
	}

}
