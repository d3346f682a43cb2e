package io.churnreport.period;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.churnreport.demo.DemoSettings;
import io.churnreport.support.FixtureInstallation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MRR bridge of a quarter on the demo's generated data (upgrades, downgrades, annual plans,
 * reactivations, mid-month starts and ends) against its months' own bridges, read from each
 * month's summary.csv: its movements are their sums to the cent, it starts at its first month's
 * start and ends at its last month's end, and it ties.
 */
class PeriodBridgeOnDemoIntegrationTests {

	private static final DemoSettings DEMO = new DemoSettings(400, 7, 11, YearMonth.of(2025, 1), ZoneId.of("Europe/Berlin"));

	private static final List<String> MOVEMENTS = List.of("mrr_new", "mrr_reactivation", "mrr_expansion",
			"mrr_contraction", "mrr_churned", "mrr_fx");

	@TempDir
	Path directory;

	@Test
	void eachQuartersBridgeIsTheSumOfItsMonthsBridgesToTheCent() {
		FixtureInstallation installation = FixtureInstallation.demo(directory, DEMO);
		installation.runSucceeding("backfill", "--from", "2025-01", "--to", "2025-06");
		installation.runSucceeding("report", "--quarter", "2025-Q1");
		installation.runSucceeding("report", "--quarter", "2025-Q2");

		for (int quarter = 1; quarter <= 2; quarter++) {
			YearMonth first = YearMonth.of(2025, 3 * quarter - 2);
			YearMonth last = first.plusMonths(2);
			Map<String, BigDecimal> period = values(directory.resolve("out").resolve("2025-Q" + quarter)
				.resolve("period-summary.csv"));
			Map<String, BigDecimal> months = new LinkedHashMap<>();
			for (YearMonth month = first; !month.isAfter(last); month = month.plusMonths(1)) {
				values(installation.monthDirectory(month.toString()).resolve("summary.csv"))
					.forEach((metric, value) -> months.merge(metric, value, BigDecimal::add));
			}
			String quarterName = "2025-Q" + quarter;
			Map<String, BigDecimal> firstMonth = values(installation.monthDirectory(first.toString()).resolve("summary.csv"));
			Map<String, BigDecimal> lastMonth = values(installation.monthDirectory(last.toString()).resolve("summary.csv"));
			assertThat(period.get("mrr_start")).as(quarterName + " mrr_start").isEqualByComparingTo(firstMonth.get("mrr_start"));
			assertThat(period.get("mrr_end")).as(quarterName + " mrr_end").isEqualByComparingTo(lastMonth.get("mrr_end"));
			for (String movement : MOVEMENTS) {
				assertThat(period.get(movement)).as(quarterName + " " + movement).isEqualByComparingTo(months.get(movement));
			}
			BigDecimal bridged = period.get("mrr_start")
				.add(period.get("mrr_new"))
				.add(period.get("mrr_reactivation"))
				.add(period.get("mrr_expansion"))
				.subtract(period.get("mrr_contraction"))
				.subtract(period.get("mrr_churned"))
				.add(period.get("mrr_fx"));
			assertThat(bridged).as(quarterName + " bridge").isEqualByComparingTo(period.get("mrr_end"));
		}
		// the data exercises the bridge: customers came, grew, shrank and left in the second quarter
		Map<String, BigDecimal> second = values(directory.resolve("out").resolve("2025-Q2").resolve("period-summary.csv"));
		for (String movement : List.of("mrr_new", "mrr_expansion", "mrr_contraction", "mrr_churned")) {
			assertThat(second.get(movement)).as(movement).isPositive();
		}
	}

	/** The value column of a summary.csv or period-summary.csv, by metric; empty cells left out. */
	private static Map<String, BigDecimal> values(Path csv) {
		Map<String, BigDecimal> values = new LinkedHashMap<>();
		try {
			List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
			for (String line : lines.subList(1, lines.size())) {
				String[] cells = line.split(",", -1);
				if (cells[1].matches("-?[0-9]+(\\.[0-9]+)?")) {
					values.put(cells[0], new BigDecimal(cells[1]));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return values;
	}

}
