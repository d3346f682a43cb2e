package io.churnreport.job;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.churnreport.cli.ExitCodes;
import io.churnreport.support.FixtureInstallation;
import io.churnreport.support.FixtureInstallation.CommandResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * computeMonthEndMrrStep splits the customers into {@code churn.partitions} ranges computed in
 * parallel (a Spring Batch partitioned step on local threads), on the hand-made fixture of
 * {@link MonthlyChurnJobFunctionalIntegrationTests}, whose month-end MRR is worked out there by hand.
 * The fixture's customer ids are 1 to 13, in text order 1, 10, 11, 12, 13, 2, 3, ..., 9.
 */
class PartitionedMonthEndMrrIntegrationTests {

	@TempDir
	Path directory;

	FixtureInstallation installation;

	@Test
	void threeRangesTogetherComputeEveryCustomersMonthEndMrr() {
		installation = FixtureInstallation.create(directory).withSettings("  partitions: 3\n");

		CommandResult result = installation.run("run", "--month", "2025-03");

		assertThat(result.exitCode()).as(result.toString()).isZero();
		// November: 1 (100), 5 (80), 6 (40), 8 (70), 12 (45), 13 (10); the later months as in the functional test
		assertThat(installation.reporting().sql("""
				SELECT to_char(month, 'YYYY-MM') || ' ' || count(*) || ' ' || sum(mrr)
				FROM staging.customer_month_mrr WHERE run_month = '2025-03-01' GROUP BY month ORDER BY month
				""").query(String.class).list()).containsExactly("2024-11 6 345.00", "2024-12 10 485.00",
				"2025-01 10 498.33", "2025-02 9 468.33", "2025-03 8 428.33");
		// the ranges split the work, weighed in days of paid periods up to 1 April: 1 (151), 10 (0), 11 (121 + 109)
		// and 12 (151) come before a third of the 1,437 days; 13 (151), 2 (94), 3 (85), 4 (81) and 5 (106) before two
		// thirds; 6, 7, 8 and 9 after. Each range wrote its customers' month-ends, from the table above:
		// 5 + 0 + 4 + 5 = 14, 5 + 3 + 3 + 2 + 4 = 17 and 4 + 1 + 3 + 4 = 12
		assertThat(installation.reporting().sql("""
				SELECT step_name || ' ' || status || ' ' || write_count FROM batch_step_execution
				WHERE step_name LIKE 'monthEndMrrRange:%' ORDER BY step_name
				""").query(String.class).list()).containsExactly("monthEndMrrRange:1of3 COMPLETED 14",
				"monthEndMrrRange:2of3 COMPLETED 17", "monthEndMrrRange:3of3 COMPLETED 12");
		long total = installation.reporting()
			.sql("SELECT count(*) FROM staging.customer_month_mrr WHERE run_month = '2025-03-01'")
			.query(Long.class)
			.single();
		assertThat(total).isEqualTo(14 + 17 + 12);
		assertThat(writeCount("computeMonthEndMrrStep")).isEqualTo(total);
		assertThat(installation.read("2025-03", "summary.csv")).contains("mrr_start,468.33\n", "mrr_end,428.33\n");
	}

	@Test
	void aFailedRangeIsTheOnlyOneComputedAgainOnRestart() {
		installation = FixtureInstallation.create(directory).withSettings("  partitions: 2\n");
		assertThat(installation.run("run", "--month", "2025-02").exitCode()).isZero();
		// given an insert of customer 9's month-end MRR that fails: 9 is in the second range (3 to 9)
		installation.reporting().sql("""
				CREATE FUNCTION staging.refuse_customer_9() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN
				    IF NEW.customer_id = '9' THEN RAISE EXCEPTION 'customer 9 refused by the test'; END IF;
				    RETURN NEW;
				END $$
				""").update();
		installation.reporting().sql("""
				CREATE TRIGGER refuse_customer_9 BEFORE INSERT ON staging.customer_month_mrr
				FOR EACH ROW EXECUTE FUNCTION staging.refuse_customer_9()
				""").update();

		CommandResult failed = installation.run("run", "--month", "2025-03");

		// then the message names the range that failed and its cause, not only that a partition failed
		assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(ExitCodes.JOB_FAILED);
		assertThat(failed.err()).contains("monthEndMrrRange:2of2", "customer 9 refused by the test",
				"churn-report restart --month 2025-03");
		assertThat(installation.monthDirectory("2025-03").resolve("summary.csv")).doesNotExist();

		// when the cause is removed and the month restarted
		installation.reporting().sql("DROP TRIGGER refuse_customer_9 ON staging.customer_month_mrr").update();
		CommandResult restarted = installation.run("restart", "--month", "2025-03");

		// then only the failed range ran again, and the figures are whole
		assertThat(restarted.exitCode()).as(restarted.toString()).isZero();
		// (February's run counts once in each)
		assertThat(executions("monthEndMrrRange:1of2")).isEqualTo(1 + 1);
		assertThat(executions("monthEndMrrRange:2of2")).isEqualTo(1 + 2);
		assertThat(executions("computeMonthEndMrrStep")).isEqualTo(1 + 2);
		assertThat(installation.read("2025-03", "summary.csv")).contains("customers_end,8\n", "mrr_start,468.33\n",
				"mrr_end,428.33\n");
	}

	private long writeCount(String step) {
		return stepQuery("SELECT sum(write_count) FROM batch_step_execution WHERE step_name = :name", step);
	}

	private long executions(String step) {
		return stepQuery("SELECT count(*) FROM batch_step_execution WHERE step_name = :name", step);
	}

	private long stepQuery(String sql, String step) {
		return installation.reporting().sql(sql).param("name", step).query(Long.class).single();
	}

}
