package io.churnreport.demo;

import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Objects;

/**
 * What to generate: how many customers, acquired over how many months starting with which one,
 * the seed that makes the data repeatable, and the business's time zone (billing writes instants,
 * the CRM writes wall-clock time in this zone).
 */
public record DemoSettings(int customers, int months, long seed, YearMonth firstMonth, ZoneId zone) {

	public DemoSettings {
		if (customers < 1) {
			throw new IllegalArgumentException("customers must be at least 1, was " + customers);
		}
		if (months < 1) {
			throw new IllegalArgumentException("months must be at least 1, was " + months);
		}
		Objects.requireNonNull(firstMonth, "firstMonth");
		Objects.requireNonNull(zone, "zone");
	}

	/** The demo's usual data set: 3000 customers over the 24 months of 2024 and 2025. */
	public static DemoSettings defaults() {
		return new DemoSettings(3000, 24, 42, YearMonth.of(2024, 1), ZoneId.of("Europe/Berlin"));
	}

	/** The month after the last generated one: no generated point in time reaches it. */
	public YearMonth endMonth() {
		return this.firstMonth.plusMonths(this.months);
	}

}
