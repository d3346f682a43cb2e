package io.churnreport.bench;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.FileSystemUtils;

import io.churnreport.support.FixtureInstallation;
import io.churnreport.support.FixtureInstallation.CommandResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code churn-report bench} at a tiny scale, as an operator runs it: its own embedded PostgreSQL
 * (in a temporary directory), the shipped configuration, and the report it writes.
 */
class BenchCommandIntegrationTests {

	private static final List<String> STEPS = List.of("prepareMonthStep", "extractCustomersStep",
			"extractSubscriptionsStep", "extractInvoicesStep", "extractCancellationsStep", "checkSourceDataStep", "mergeInvoiceHistoryStep",
			"computeMonthEndMrrStep", "classifyChurnStep", "computeMetricsStep", "writeCsvFilesStep", "renderReportStep", "publishFilesStep");

	@TempDir
	Path directory;

	@Test
	void timesTheBackfillTheMonthAndTheBaselineAndWritesTheReport() throws IOException {
		Path config = shippedConfigurationWithItsOwnDatabase();
		Path out = directory.resolve("bench");

		CommandResult result = FixtureInstallation.runBare("bench", "--customers", "50", "--months", "3", "--last-month",
				"2025-06", "--config", config.toString(), "--out", out.toString());

		assertThat(result.exitCode()).as(result.toString()).isZero();
		String report = Files.readString(out.resolve("bench-report.md"), StandardCharsets.UTF_8);
		assertThat(report).contains("# churn-report bench: 50 customers × 3 months",
				"| months | 3 (2025-04 to 2025-06) |", "| cores | " + Runtime.getRuntime().availableProcessors() + " |",
				"./churn-report bench --customers 50 --months 3 --seed 42 --last-month 2025-06");
		assertThat(out.resolve("months").resolve("2025-06").resolve("management-report.pdf")).exists();

		for (String run : List.of("backfill of 3 months", "single month (2025-06)")) {
			String[] cells = cells(report, run).orElseThrow(() -> new AssertionError("no row " + run + " in\n" + report));
			BigDecimal ours = new BigDecimal(cells[1]);
			BigDecimal baseline = new BigDecimal(cells[2]);
			assertThat(ours).as(run).isPositive();
			assertThat(baseline).as(run).isPositive();
			assertThat(new BigDecimal(cells[3])).as(run + " ratio").isEqualTo(ours.divide(baseline, 1, RoundingMode.HALF_UP));
			assertThat(new BigDecimal(cells[4])).as(run + " peak heap").isPositive();
			assertThat(new BigDecimal(cells[5])).as(run + " peak heap after GC").isNotNegative();
			// the console shows the same figures
			assertThat(result.out()).containsPattern(
					"(?m)^  \\Q" + run.replace("(", "").replace(")", "") + "\\E\\s+\\Q" + cells[1] + "\\E s\\s+baseline\\s+\\Q"
							+ cells[2] + "\\E s\\s+ratio\\s+\\Q" + cells[3] + "\\E");
		}

		// each month's own row: together the backfill, the last one the single month
		BigDecimal monthsTotal = BigDecimal.ZERO;
		BigDecimal highestAfterGc = BigDecimal.ZERO;
		for (String month : List.of("2025-04", "2025-05", "2025-06")) {
			String[] cells = cells(report, month).orElseThrow(() -> new AssertionError("no month " + month + " in\n" + report));
			monthsTotal = monthsTotal.add(new BigDecimal(cells[1]));
			assertThat(new BigDecimal(cells[2])).as(month + " peak heap").isPositive();
			if (cells[3].equals("-")) {
				assertThat(result.out()).contains("  " + month + " done in " + cells[1] + " s (no garbage collection)");
			}
			else {
				highestAfterGc = highestAfterGc.max(new BigDecimal(cells[3]));
				assertThat(result.out()).contains("  " + month + " done in " + cells[1] + " s (peak heap after GC " + cells[3] + " MiB)");
			}
		}
		String[] backfillRow = cells(report, "backfill of 3 months").orElseThrow();
		// each printed time is cut to the millisecond on its own
		assertThat(new BigDecimal(backfillRow[1]).subtract(monthsTotal).abs()).isLessThanOrEqualTo(new BigDecimal("0.003"));
		assertThat(new BigDecimal(backfillRow[5])).isEqualByComparingTo(highestAfterGc);
		assertThat(cells(report, "2025-06").orElseThrow()[1]).isEqualTo(cells(report, "single month (2025-06)").orElseThrow()[1]);

		BigDecimal stepsTotal = BigDecimal.ZERO;
		for (String step : STEPS) {
			String[] cells = cells(report, step).orElseThrow(() -> new AssertionError("no step " + step + " in\n" + report));
			stepsTotal = stepsTotal.add(new BigDecimal(cells[1]));
			assertThat(new BigDecimal(cells[3])).as(step + " single month").isNotNegative();
		}
		String[] outside = cells(report, "outside the steps (launch, configuration checks, job repository)").orElseThrow();
		String[] total = cells(report, "total (wall clock)").orElseThrow();
		assertThat(stepsTotal.add(new BigDecimal(outside[1]))).isEqualTo(new BigDecimal(total[1]));
		assertThat(total[1]).isEqualTo(cells(report, "backfill of 3 months").orElseThrow()[1]);

		for (String source : List.of("customers", "subscriptions", "invoices", "cancellations")) {
			String[] cells = cells(report, "COPY " + source).orElseThrow(() -> new AssertionError("no baseline row " + source));
			String[] rows = cells[4].split(" / ");
			assertThat(rows[1]).as(source + ": the changes-only floor copies the rows the job read").isEqualTo(rows[2]);
			assertThat(Long.parseLong(rows[0])).as(source).isPositive();
			if (!source.equals("invoices")) {
				// the shipped queries ask for what changed, and nothing did since the month before's extract
				assertThat(Long.parseLong(rows[2])).as(source + " read by the single month").isZero();
			}
		}
		String[] againstChanges = cells(report, "single month (2025-06) against changes only").orElseThrow();
		assertThat(new BigDecimal(againstChanges[2])).as("changes-only floor").isPositive();
		assertThat(againstChanges[1]).as("the same run as the single month's")
			.isEqualTo(cells(report, "single month (2025-06)").orElseThrow()[1]);
		assertThat(cells(report, "aggregation to month-end MRR")).isPresent();
		assertThat(cells(report, "total")).map(cells -> cells[1])
			.contains(cells(report, "backfill of 3 months").orElseThrow()[2]);
		assertThat(result.out()).contains("Report: " + out.resolve("bench-report.md").toAbsolutePath().normalize());

		// the baseline again, alone, on the data the bench left: the same rows
		CommandResult again = FixtureInstallation.runBare("bench", "--customers", "50", "--months", "3", "--last-month",
				"2025-06", "--config", config.toString(), "--baseline-only");
		assertThat(again.exitCode()).as(again.toString()).isZero();
		assertThat(again.out()).contains("Baseline of 3 months (2025-04 to 2025-06), on the data in the embedded databases:")
			.containsPattern("(?m)^  single month 2025-06\\s+\\d+\\.\\d+ s$")
			.containsPattern("(?m)^    changes only\\s+\\d+\\.\\d+ s$")
			.contains("rows of the single month: customers " + cells(report, "COPY customers").orElseThrow()[4].split(" / ")[0]
					+ ", subscriptions ");
	}

	@Test
	void timesTheFirstRunOfTheLastMonthOnAnEmptyReportingDatabase() throws IOException {
		Path config = shippedConfigurationWithItsOwnDatabase();
		Path out = directory.resolve("bench");

		CommandResult result = FixtureInstallation.runBare("bench", "--customers", "50", "--months", "3", "--last-month",
				"2025-06", "--first-run", "--config", config.toString(), "--out", out.toString());

		assertThat(result.exitCode()).as(result.toString()).isZero();
		String report = Files.readString(out.resolve("bench-report.md"), StandardCharsets.UTF_8);
		assertThat(report).contains("| months | 3 (2025-04 to 2025-06) |",
				"./churn-report bench --customers 50 --months 3 --seed 42 --last-month 2025-06 --first-run`",
				"The job ran 2025-06 alone, on an empty reporting database")
			.doesNotContain("backfill of 3 months", "against changes only");
		// the last month alone ran, not the months before it
		try (var months = Files.list(out.resolve("months"))) {
			assertThat(months.map(month -> month.getFileName().toString())).containsExactly("2025-06");
		}

		String run = "first run (2025-06) on an empty reporting database";
		String[] total = cells(report, run).orElseThrow(() -> new AssertionError("no row " + run + " in\n" + report));
		BigDecimal ours = new BigDecimal(total[1]);
		BigDecimal baseline = new BigDecimal(total[2]);
		assertThat(baseline).isPositive();
		assertThat(new BigDecimal(total[3])).isEqualTo(ours.divide(baseline, 1, RoundingMode.HALF_UP));
		assertThat(result.out()).containsPattern("(?m)^  first run 2025-06\\s+\\Q" + total[1] + "\\E s\\s+baseline\\s+\\Q"
				+ total[2] + "\\E s\\s+ratio\\s+\\Q" + total[3] + "\\E");

		BigDecimal stepsTotal = BigDecimal.ZERO;
		for (String step : STEPS) {
			String[] cells = cells(report, step).orElseThrow(() -> new AssertionError("no step " + step + " in\n" + report));
			stepsTotal = stepsTotal.add(new BigDecimal(cells[1]));
		}
		String[] outside = cells(report, "outside the steps (launch, configuration checks, job repository)").orElseThrow();
		assertThat(stepsTotal.add(new BigDecimal(outside[1]))).isEqualTo(ours);
		assertThat(cells(report, "total (wall clock)").orElseThrow()[1]).isEqualTo(total[1]);
		assertThat(cells(report, "2025-06").orElseThrow()[1]).as("the month's own row").isEqualTo(total[1]);

		for (String source : List.of("customers", "subscriptions", "invoices", "cancellations")) {
			String[] cells = cells(report, "COPY " + source).orElseThrow(() -> new AssertionError("no baseline row " + source));
			String[] rows = cells[2].split(" / ");
			// nothing was read before: the first run reads each source whole, as the floor copies it
			assertThat(Long.parseLong(rows[0])).as(source).isPositive().isEqualTo(Long.parseLong(rows[1]));
		}
		assertThat(cells(report, "aggregation to month-end MRR")).map(cells -> cells[2]).hasValueSatisfying(
				rows -> assertThat(rows).endsWith(" customer-months"));
		assertThat(cells(report, "total")).map(cells -> cells[1]).contains(total[2]);

		CommandResult again = FixtureInstallation.runBare("bench", "--customers", "50", "--months", "3", "--last-month",
				"2025-06", "--first-run", "--config", config.toString(), "--baseline-only");
		assertThat(again.exitCode()).as(again.toString()).isZero();
		assertThat(again.out()).contains("Baseline of the first run of 2025-06, on the data in the embedded databases:")
			.containsPattern("(?m)^  first run 2025-06\\s+\\d+\\.\\d+ s$")
			.contains("rows of the single month: customers " + cells(report, "COPY customers").orElseThrow()[2].split(" / ")[0]
					+ ", subscriptions ");
	}

	@Test
	void theBaselineAloneNeedsABenchOfTheSameMonthsFirst() throws IOException {
		Path config = shippedConfigurationWithItsOwnDatabase();

		CommandResult result = FixtureInstallation.runBare("bench", "--customers", "50", "--months", "3", "--last-month",
				"2025-06", "--config", config.toString(), "--baseline-only");

		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("No bench has run 2025-04 in these databases: run churn-report bench --customers 50 "
				+ "--months 3 --seed 42 --last-month 2025-06 first.");
	}

	@Test
	void tooFewCustomersIsAUsageErrorSayingWhatToGive() {
		CommandResult result = FixtureInstallation.runBare("bench", "--customers", "0");

		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("--customers and --months must be at least 1");
	}

	/** The shipped config/, with the embedded PostgreSQL in the test's directory. */
	private Path shippedConfigurationWithItsOwnDatabase() throws IOException {
		Path config = directory.resolve("config");
		FileSystemUtils.copyRecursively(Path.of("config"), config);
		Path applicationYaml = config.resolve("application.yml");
		Files.writeString(applicationYaml, Files.readString(applicationYaml)
			.replace("data-directory: data/embedded-postgres", "data-directory: " + directory.resolve("pg")));
		return config;
	}

	/** The cells of the table row whose first cell is the label, the label included. */
	private static Optional<String[]> cells(String markdown, String label) {
		return markdown.lines()
			.filter(line -> line.startsWith("| " + label + " |"))
			.findFirst()
			.map(line -> Arrays.stream(line.substring(2, line.length() - 2).split(" \\| ")).map(String::strip).toArray(String[]::new));
	}

}
