package io.churnreport.job;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.churnreport.support.FixtureInstallation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Month-end MRR kept across runs, on the hand-made fixture (months cut in Europe/Istanbul). Its
 * month ends, worked out by hand from the fixture's price periods (see
 * MonthlyChurnJobFunctionalIntegrationTests for December to March):
 *
 * <pre>
 * month      customers  MRR
 * Nov 2024   6          345.00   1 (100), 5 (80), 6 (40), 8 (70), 12 (45), 13 (10)
 * Dec 2024   10         485.00
 * Jan 2025   10         498.33
 * Feb 2025   9          468.33
 * Mar 2025   8          428.33
 * </pre>
 */
class MonthEndMrrHistoryIntegrationTests {

	@TempDir
	Path directory;

	FixtureInstallation installation;

	@BeforeEach
	void createInstallation() {
		installation = FixtureInstallation.create(directory);
	}

	@Test
	void aMonthAfterTheMonthBeforeComputesOnlyItsOwnMonthEnd() {
		for (String month : List.of("2025-01", "2025-02", "2025-03")) {
			installation.runSucceeding("run", "--month", month);
		}

		// January had no history: every month up to it; February and March their own
		assertThat(runs()).containsExactly("2025-01-01 every month", "2025-02-01 from 2025-02-01",
				"2025-03-01 from 2025-03-01");
		assertThat(monthEnds()).containsExactly("2024-11-01 6 345.00 by 2025-01-01", "2024-12-01 10 485.00 by 2025-01-01",
				"2025-01-01 10 498.33 by 2025-01-01", "2025-02-01 9 468.33 by 2025-02-01",
				"2025-03-01 8 428.33 by 2025-03-01");
	}

	@Test
	void aChangeToAnEarlierMonthInBillingWaitsForAForcedRerun() {
		installation.runSucceeding("run", "--month", "2025-01");
		installation.runSucceeding("run", "--month", "2025-02");
		// billing now says customer 12 (45 a month) left on 15 January
		installation.billing().sql("UPDATE price_period SET ends = '2025-01-15 00:00+03' WHERE contract_id = 1201").update();

		installation.runSucceeding("run", "--month", "2025-03");
		// March computes its own month end without 12 (428.33 - 45 = 383.33); January and February
		// stay as their runs computed them, so March starts from February's published 468.33
		assertThat(monthEnds()).containsExactly("2024-11-01 6 345.00 by 2025-01-01", "2024-12-01 10 485.00 by 2025-01-01",
				"2025-01-01 10 498.33 by 2025-01-01", "2025-02-01 9 468.33 by 2025-02-01",
				"2025-03-01 7 383.33 by 2025-03-01");
		assertThat(installation.read("2025-03", "summary.csv")).contains("mrr_start,468.33\n", "mrr_end,383.33\n");
		// so do the cohort cells of January and February (built on February's table): the 2024-11
		// cohort (1, 5, 6, 8, 12, 13 with 345.00) keeps 5 with 275.00 there, and in March has 1, 8
		// and 13 (225.00 - 45 = 180.00, 180 / 345 = 0.521739)
		assertThat(installation.read("2025-03", "cohort-retention.csv")).contains(
				"2024-11,2,5,6,0.833333,345.00,275.00,0.797101\n", "2024-11,3,5,6,0.833333,345.00,275.00,0.797101\n",
				"2024-11,4,3,6,0.500000,345.00,180.00,0.521739\n");

		installation.runSucceeding("rerun", "--month", "2025-03", "--force", "--reason", "billing ended customer 12 in January");
		// every month again: January 498.33 - 45 = 453.33, February 468.33 - 45 = 423.33
		assertThat(runs()).last().isEqualTo("2025-03-01 every month");
		assertThat(monthEnds()).containsExactly("2024-11-01 6 345.00 by 2025-03-01", "2024-12-01 10 485.00 by 2025-03-01",
				"2025-01-01 9 453.33 by 2025-03-01", "2025-02-01 8 423.33 by 2025-03-01",
				"2025-03-01 7 383.33 by 2025-03-01");
		assertThat(installation.read("2025-03", "summary.csv")).contains("mrr_start,423.33\n", "mrr_end,383.33\n");
		// and the whole cohort table: without 12 from January, 4 of 6 with 230.00 (230 / 345 = 0.666667)
		assertThat(installation.read("2025-03", "cohort-retention.csv")).contains(
				"2024-11,2,4,6,0.666667,345.00,230.00,0.666667\n", "2024-11,3,4,6,0.666667,345.00,230.00,0.666667\n",
				"2024-11,4,3,6,0.500000,345.00,180.00,0.521739\n");
	}

	@Test
	void anotherTimeZoneComputesEveryMonthAgain() {
		installation.runSucceeding("run", "--month", "2025-01");
		installation.runSucceeding("run", "--month", "2025-02");
		installation.edit("application.yml", "time-zone: Europe/Istanbul", "time-zone: Europe/Berlin");

		installation.runSucceeding("run", "--month", "2025-03");

		// months cut in another zone are other months: the history kept is of no use
		assertThat(runs()).containsExactly("2025-01-01 every month", "2025-02-01 from 2025-02-01",
				"2025-03-01 every month");
	}

	@Test
	void aMonthAfterAGapComputesEveryMonth() {
		installation.runSucceeding("run", "--month", "2025-01");
		installation.runSucceeding("run", "--month", "2025-03");

		assertThat(runs()).containsExactly("2025-01-01 every month", "2025-03-01 every month");
		assertThat(monthEnds()).last().isEqualTo("2025-03-01 8 428.33 by 2025-03-01");
	}

	private List<String> runs() {
		return installation.reporting()
			.sql("""
					SELECT run_month || ' ' || coalesce('from ' || from_month, 'every month')
					FROM staging.month_end_mrr_run WHERE computed_at IS NOT NULL ORDER BY run_month""")
			.query(String.class)
			.list();
	}

	/** Per month: the customers with MRR at its end, their MRR, and the run month that computed it. */
	private List<String> monthEnds() {
		return installation.reporting()
			.sql("""
					SELECT month || ' ' || count(*) || ' ' || sum(mrr) || ' by ' || string_agg(DISTINCT run_month::text, ',')
					FROM staging.customer_month_mrr GROUP BY month ORDER BY month""")
			.query(String.class)
			.list();
	}

}
