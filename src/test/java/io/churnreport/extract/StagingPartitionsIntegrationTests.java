package io.churnreport.extract;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.churnreport.support.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which months' staging is dropped when a month starts: the job repository says which months
 * completed, and it is asked only about the months that still have partitions, once each, however
 * long the history it holds.
 */
class StagingPartitionsIntegrationTests {

	private final JdbcClient reporting = JdbcClient.create(TestPostgres.migratedReportingDatabase("partitions"));

	@Test
	void dropsTheCompletedMonthsOtherThanTheRunMonthAskingOncePerMonthWithPartitions() {
		// given January (completed), February (failed) and March (completed before, now run again) staged
		for (String month : List.of("2025-01-01", "2025-02-01", "2025-03-01")) {
			StagingPartitions.prepare(reporting, LocalDate.parse(month));
		}
		Set<YearMonth> completed = Set.of(YearMonth.of(2024, 12), YearMonth.of(2025, 1), YearMonth.of(2025, 3));
		List<YearMonth> asked = new ArrayList<>();

		// when March starts
		int dropped = StagingPartitions.dropCompletedMonths(reporting, LocalDate.parse("2025-03-01"), month -> {
			asked.add(month);
			return completed.contains(month);
		});

		// then January's four partitions are gone; February's (to be restarted) and March's stay
		assertThat(dropped).isEqualTo(4);
		assertThat(partitions()).containsExactly("cancellation_202502", "cancellation_202503", "customer_202502",
				"customer_202503", "invoice_202502", "invoice_202503", "subscription_period_202502",
				"subscription_period_202503");
		// and only the other staged months were asked about, once each
		assertThat(asked).containsExactlyInAnyOrder(YearMonth.of(2025, 1), YearMonth.of(2025, 2));
	}

	private List<String> partitions() {
		return reporting.sql("""
				SELECT child.relname FROM pg_inherits i
				JOIN pg_class child ON child.oid = i.inhrelid
				JOIN pg_namespace n ON n.oid = child.relnamespace
				WHERE n.nspname = 'staging' AND child.relkind = 'r' AND child.relname NOT LIKE '%\\_default'
				ORDER BY child.relname
				""").query(String.class).list();
	}

}
