package io.churnreport.demo;

import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.churnreport.support.FixtureInstallation;
import io.churnreport.support.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's history cut into a price period per renewal (as the bench's dense histories are)
 * against the same history as generated: twice the subscription periods and more, and every figure
 * of every month the same, as each customer's MRR at every instant is.
 */
class RenewalRowsIntegrationTests {

	private static final DemoSettings DEMO = new DemoSettings(200, 6, 3, YearMonth.of(2025, 1), ZoneId.of("UTC"));

	@TempDir
	Path directory;

	@Test
	void aHistoryCutIntoRenewalsHasMorePeriodsAndTheSameFigures() {
		FixtureInstallation asGenerated = FixtureInstallation.demo(directory.resolve("generated"), DEMO).withCustomerIdKey();
		FixtureInstallation dense = FixtureInstallation.demo(directory.resolve("dense"), DEMO).withCustomerIdKey();
		long periodsBefore = subscriptionPeriods(dense);

		int added = RenewalRows.add(TestPostgres.dataSource(dense.billingDatabaseName()), 4, DEMO.endMonth(), DEMO.zone());

		long periodsAfter = subscriptionPeriods(dense);
		assertThat(periodsAfter).isEqualTo(periodsBefore + added);
		// about 4 a customer, where the demo has fewer than 2
		assertThat(periodsBefore).isLessThan(2 * 200);
		assertThat(periodsAfter).isBetween(3L * 200, 5L * 200);
		assertThat(dense.billing()
			.sql("SELECT count(*) FROM billing.subscription_price_period WHERE change_note = 'renewal'")
			.query(Long.class)
			.single()).isEqualTo(added);

		asGenerated.runSucceeding("backfill", "--from", "2025-01", "--to", "2025-06");
		dense.runSucceeding("backfill", "--from", "2025-01", "--to", "2025-06");
		for (YearMonth month = YearMonth.of(2025, 1); !month.isAfter(YearMonth.of(2025, 6)); month = month.plusMonths(1)) {
			for (String file : FixtureInstallation.FIGURE_FILES) {
				assertThat(dense.read(month.toString(), file)).as(month + " " + file)
					.isEqualTo(asGenerated.read(month.toString(), file));
			}
		}
		// the figures are not empty: customers came, changed plans and left
		List<String> summaries = List.of("2025-02", "2025-03", "2025-04", "2025-05", "2025-06").stream()
			.map(month -> dense.read(month, "summary.csv"))
			.toList();
		assertThat(summaries).anyMatch(summary -> summary.matches("(?s).*\ncustomers_churned,[1-9].*"))
			.anyMatch(summary -> summary.matches("(?s).*\nmrr_expansion,[1-9].*"));
	}

	/** The rows of the demo's subscriptions query: price periods and trials. */
	private static long subscriptionPeriods(FixtureInstallation installation) {
		return installation.billing()
			.sql("""
					SELECT (SELECT count(*) FROM billing.subscription_price_period)
					     + (SELECT count(*) FROM billing.subscription WHERE trial_ends_at IS NOT NULL)
					""")
			.query(Long.class)
			.single();
	}

}
