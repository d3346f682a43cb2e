package io.churnreport.bench;

import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import io.churnreport.demo.DemoSettings;

/**
 * What to benchmark: the scale of the generated databases (customers, months of history ending
 * with {@code lastMonth}, the seed, and how many subscription periods a customer has: 0 for the
 * demo's own, about 1.6), the reporting time zone, where the bench report goes, and whether the job
 * runs every month as a backfill or only the last one on the empty reporting database, as the first
 * run of an installation does.
 */
public record BenchSettings(int customers, int months, long seed, YearMonth lastMonth, ZoneId zone,
		Path reportDirectory, int periodsPerCustomer, boolean firstRunOnly) {

	public BenchSettings {
		if (customers < 1 || months < 1) {
			throw new IllegalArgumentException("customers and months must be at least 1, were " + customers + " and " + months);
		}
		if (periodsPerCustomer < 0) {
			throw new IllegalArgumentException("periodsPerCustomer must not be negative, was " + periodsPerCustomer);
		}
	}

	public YearMonth firstMonth() {
		return lastMonth.minusMonths(months - 1);
	}

	/**
	 * The months the job runs, oldest first: every month of the history as a backfill, or the last
	 * one alone for the first run.
	 */
	public List<YearMonth> monthsRun() {
		return firstRunOnly ? List.of(lastMonth) : monthsInOrder();
	}

	/** Every month of the history, oldest first: the backfill runs them all. */
	public List<YearMonth> monthsInOrder() {
		List<YearMonth> all = new ArrayList<>();
		for (YearMonth month = firstMonth(); !month.isAfter(lastMonth); month = month.plusMonths(1)) {
			all.add(month);
		}
		return all;
	}

	DemoSettings demoSettings() {
		return new DemoSettings(customers, months, seed, firstMonth(), zone);
	}

}
