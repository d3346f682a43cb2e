package io.churnreport.oracle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;

import io.churnreport.cli.ExitCodes;
import io.churnreport.support.FixtureInstallation;
import io.churnreport.support.FixtureInstallation.CommandResult;
import io.churnreport.support.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated source histories through the real monthly job on embedded PostgreSQL, each month's
 * summary.csv, churn-by-reason.csv and cohort-retention.csv compared with {@link ChurnOracle},
 * which works the figures out from docs/metrics.md on its own. Each history is one installation
 * shaped like the functional test's fixture (its billing and CRM tables and source queries), its
 * rows replaced by the generated ones, its months run in the order and time zone {@link RunOrder}
 * draws.
 *
 * <p>
 * Each history is drawn from its seed ({@link HistoryGenerator}). The build runs 20 seeds from a
 * fixed first one, each in an installation of its own ({@code -Dchurn.oracle.histories=N} runs N),
 * and 240 more side by side, 20 to an installation, their customers numbered apart
 * ({@code -Dchurn.oracle.side-by-side=N} runs N installations of 20). A history alone is the only
 * way to meet what a whole history does (a month where nobody pays, everyone leaving); side by
 * side, a run of the job checks what 20 histories' customers do at the cost of one, in months
 * that mix their cohorts. A history that fails is shrunk (its customers, then their
 * cancellations, left out one by one while it still fails) and printed with its seeds, to be kept
 * as a plain regression test.
 */
class GeneratedHistoriesIntegrationTests {

	static final YearMonth FIRST_MONTH = YearMonth.of(2025, 1);

	static final YearMonth LAST_MONTH = YearMonth.of(2025, 4);

	static final long FIRST_SEED = 20261204L;

	static final int HISTORIES = Integer.getInteger("churn.oracle.histories", 20);

	/** The seeds of the histories side by side follow those run alone, far enough not to meet them. */
	static final long FIRST_SIDE_BY_SIDE_SEED = FIRST_SEED + 1_000_000L;

	static final int SIDE_BY_SIDE_INSTALLATIONS = Integer.getInteger("churn.oracle.side-by-side", 12);

	static final int HISTORIES_SIDE_BY_SIDE = 20;

	static LongStream seeds() {
		return LongStream.range(FIRST_SEED, FIRST_SEED + HISTORIES);
	}

	/** The first seed of each installation of histories side by side. */
	static LongStream sideBySideSeeds() {
		return LongStream.range(0, SIDE_BY_SIDE_INSTALLATIONS)
			.map(installation -> FIRST_SIDE_BY_SIDE_SEED + installation * HISTORIES_SIDE_BY_SIDE);
	}

	@ParameterizedTest(name = "history of seed {0}")
	@MethodSource("seeds")
	void everyMonthMatchesTheOracle(long seed) throws IOException {
		HistoryGenerator generator = new HistoryGenerator(seed);
		HistorySpec spec = generator.history();
		checkOrShrink("The history of seed " + seed, spec, generator.order(months()));
	}

	/**
	 * The histories of 20 seeds from the first in one installation, the customers of each after
	 * those of the one before; run in the order the first seed draws after its history.
	 */
	@ParameterizedTest(name = "histories of seeds {0} to {0} + 19, side by side")
	@MethodSource("sideBySideSeeds")
	void historiesSideBySideMatchTheOracle(long firstSeed) throws IOException {
		HistoryGenerator first = new HistoryGenerator(firstSeed);
		List<HistorySpec.CustomerSpec> customers = new ArrayList<>(first.history().customers());
		RunOrder order = first.order(months());
		for (long seed = firstSeed + 1; seed < firstSeed + HISTORIES_SIDE_BY_SIDE; seed++) {
			customers.addAll(new HistoryGenerator(seed).history().customers());
		}
		checkOrShrink("The histories of seeds " + firstSeed + " to " + (firstSeed + HISTORIES_SIDE_BY_SIDE - 1)
				+ " side by side", new HistorySpec(customers), order);
	}

	private static void checkOrShrink(String histories, HistorySpec spec, RunOrder order) throws IOException {
		try {
			check(spec, order);
		}
		catch (AssertionError failure) {
			HistorySpec smallest = shrink(spec, order);
			throw new AssertionError(histories + " fail. The smallest part that still fails, to keep as a regression test ("
					+ order + "):\n" + smallest.history() + "\n" + failure.getMessage(), failure);
		}
	}

	/** Leaves out customers, then cancellations, one at a time, as long as the history still fails. */
	private static HistorySpec shrink(HistorySpec failing, RunOrder order) throws IOException {
		HistorySpec smallest = failing;
		for (int index = smallest.customers().size() - 1; index >= 0 && smallest.customers().size() > 1; index--) {
			List<HistorySpec.CustomerSpec> fewer = new ArrayList<>(smallest.customers());
			fewer.remove(index);
			smallest = stillFails(new HistorySpec(fewer), order) ? new HistorySpec(fewer) : smallest;
		}
		for (int index = 0; index < smallest.customers().size(); index++) {
			HistorySpec.CustomerSpec customer = smallest.customers().get(index);
			for (int number = customer.cancellations().size() - 1; number >= 0; number--) {
				List<HistorySpec.CancellationSpec> fewer = new ArrayList<>(customer.cancellations());
				fewer.remove(number);
				List<HistorySpec.CustomerSpec> customers = new ArrayList<>(smallest.customers());
				customers.set(index, new HistorySpec.CustomerSpec(customer.lines(), fewer));
				if (stillFails(new HistorySpec(customers), order)) {
					smallest = new HistorySpec(customers);
					customer = customers.get(index);
				}
			}
		}
		return smallest;
	}

	private static boolean stillFails(HistorySpec spec, RunOrder order) throws IOException {
		try {
			check(spec, order);
			return false;
		}
		catch (AssertionError failure) {
			return true;
		}
	}

	private static void check(HistorySpec spec, RunOrder order) throws IOException {
		SourceHistory history = spec.history();
		ChurnOracle oracle = new ChurnOracle(history);
		Path directory = Files.createTempDirectory(Path.of("target"), "generated-history");
		try {
			FixtureInstallation installation = FixtureInstallation.create(directory, order.zone());
			if (order.byChanges()) {
				installation.withChangeTimes().readingByChanges();
			}
			load(installation, history, order.zone());
			order.runOn(installation, history);
			for (YearMonth month = FIRST_MONTH; !month.isAfter(LAST_MONTH); month = month.plusMonths(1)) {
				Map<String, String> written = summary(installation.read(month.toString(), "summary.csv"));
				Map<String, String> expected = oracle.summary(month);
				Map<String, String> compared = new LinkedHashMap<>();
				expected.keySet().forEach(metric -> compared.put(metric, written.get(metric)));
				assertThat(compared).as("summary.csv of %s\n%s", month, history).isEqualTo(expected);
				assertTies(month, written);
				List<String> reasons = installation.read(month.toString(), "churn-by-reason.csv").lines().skip(1).toList();
				assertThat(reasons).as("churn-by-reason.csv of %s\n%s", month, history)
					.containsExactlyInAnyOrderElementsOf(oracle.churnByReason(month));
				assertThat(installation.read(month.toString(), "cohort-retention.csv").lines().skip(1).toList())
					.as("cohort-retention.csv of %s\n%s", month, history)
					.containsExactlyElementsOf(oracle.cohortRetention(month));
			}
		}
		finally {
			delete(directory);
		}
	}

	static List<YearMonth> months() {
		List<YearMonth> months = new ArrayList<>();
		for (YearMonth month = FIRST_MONTH; !month.isAfter(LAST_MONTH); month = month.plusMonths(1)) {
			months.add(month);
		}
		return months;
	}

	/** The job's own figures agree with each other, whatever the oracle says. */
	private static void assertTies(YearMonth month, Map<String, String> written) {
		long start = Long.parseLong(written.get("customers_start"));
		long churned = Long.parseLong(written.get("customers_churned"));
		assertThat(start + Long.parseLong(written.get("customers_new"))
				+ Long.parseLong(written.get("customers_reactivated")) - churned)
			.as("customer bridge of %s", month)
			.isEqualTo(Long.parseLong(written.get("customers_end")));
		assertThat(Long.parseLong(written.get("churned_managed")) + Long.parseLong(written.get("churned_unmanaged"))
				+ Long.parseLong(written.get("churned_unclassified")) + Long.parseLong(written.get("churned_no_reason")))
			.as("reason classes of %s", month)
			.isEqualTo(churned);
		assertThat(written.get("churn_rate")).as("churn rate of %s", month)
			.isEqualTo(start == 0 ? ""
					: BigDecimal.valueOf(churned)
						.divide(BigDecimal.valueOf(start), 6, RoundingMode.HALF_UP)
						.toPlainString());
		BigDecimal bridge = money(written, "mrr_start").add(money(written, "mrr_new"))
			.add(money(written, "mrr_reactivation"))
			.add(money(written, "mrr_expansion"))
			.subtract(money(written, "mrr_contraction"))
			.subtract(money(written, "mrr_churned"))
			.add(money(written, "mrr_fx"));
		assertThat(bridge).as("MRR bridge of %s", month).isEqualTo(money(written, "mrr_end"));
	}

	private static BigDecimal money(Map<String, String> written, String metric) {
		return new BigDecimal(written.get(metric));
	}

	private static Map<String, String> summary(String csv) {
		Map<String, String> values = new LinkedHashMap<>();
		csv.lines().skip(1).forEach(line -> {
			int comma = line.indexOf(',');
			values.put(line.substring(0, comma), line.substring(comma + 1));
		});
		return values;
	}

	/**
	 * Replaces the fixture's source rows by the history's, in the fixture's own tables, so that the
	 * fixture's source queries read them; each table's rows in one batch.
	 */
	private static void load(FixtureInstallation installation, SourceHistory history, ZoneId zone) {
		installation.billing().sql("TRUNCATE bill, price_period, account").update();
		installation.crm().sql("TRUNCATE churn_request").update();
		JdbcTemplate billing = new JdbcTemplate(TestPostgres.dataSource(installation.billingDatabaseName()));
		billing.batchUpdate("INSERT INTO account (account_no, opened, kind, area) VALUES (?, ?, 'consumer', 'north')",
				history.customerIds()
					.stream()
					.map(customer -> new Object[] { customer, inZone(history.createdAt(customer), zone) })
					.toList(),
				new int[] { Types.INTEGER, Types.TIMESTAMP_WITH_TIMEZONE });
		billing.batchUpdate("""
				INSERT INTO price_period (contract_id, account_no, tariff, starts, ends, price, every_months, ccy,
				                          free_trial, closed_by)
				VALUES (?, ?, ?, ?, ?, ?, ?, 'EUR', ?, ?)
				""", history.periods()
			.stream()
			.map(period -> new Object[] { period.subscriptionId(), period.customerId(),
					period.trial() ? "trial" : "plan-" + period.amount(), inZone(period.validFrom(), zone),
					inZone(period.validTo(), zone), period.amount(), period.intervalMonths(), period.trial(), period.endCause() })
			.toList(),
				new int[] { Types.INTEGER, Types.INTEGER, Types.VARCHAR, Types.TIMESTAMP_WITH_TIMEZONE,
						Types.TIMESTAMP_WITH_TIMEZONE, Types.NUMERIC, Types.INTEGER, Types.BOOLEAN, Types.VARCHAR });
		// the CRM keeps wall-clock times without a zone, read in the reporting time zone
		new JdbcTemplate(TestPostgres.dataSource(installation.crmDatabaseName())).batchUpdate("""
				INSERT INTO churn_request (client, asked, takes_effect, why, note, rival, result)
				VALUES (?, ?, ?, ?, NULL, NULL, ?)
				""", history.cancellations()
			.stream()
			.map(cancellation -> new Object[] { cancellation.customerId(), cancellation.requestedAt(),
					cancellation.effectiveAt(), cancellation.reasonCode(), cancellation.outcome() })
			.toList(), new int[] { Types.INTEGER, Types.TIMESTAMP, Types.TIMESTAMP, Types.VARCHAR, Types.VARCHAR });
	}

	private static OffsetDateTime inZone(LocalDateTime wallClock, ZoneId zone) {
		return wallClock == null ? null : wallClock.atZone(zone).toOffsetDateTime();
	}

	/**
	 * How the months are run: forward in one {@code backfill}, or one {@code run} per month in any
	 * order (a later month before an earlier one computes every month up to it); before that, or
	 * not, one month whose first run fails in a step (a value its customers query cannot convert)
	 * and which {@code restart} completes once the query is fixed; then, or not, an earlier month
	 * again with {@code rerun --force} on the same sources, which must change nothing. The sources
	 * are read whole every month, or by changes ({@code byChanges}): then the first month a run
	 * computes reads them whole into the mirrors, and the next ones read nothing more. The
	 * installation reports in {@code zone}, in which the history's wall-clock times are read.
	 */
	record RunOrder(List<YearMonth> months, YearMonth failedOnce, YearMonth rerun, boolean byChanges, ZoneId zone) {

		void runOn(FixtureInstallation installation, SourceHistory history) {
			// a history without customers has no row for the query to fail on
			YearMonth restarted = history.customerIds().isEmpty() ? null : failedOnce;
			if (restarted != null) {
				String query = "sources/billing/customers.sql";
				installation.edit(query, "opened AS created_at",
						"(CASE WHEN account_no IS NOT NULL THEN 'not a time' ELSE opened::text END)::timestamptz AS created_at");
				CommandResult failed = installation.run("run", "--month", restarted.toString());
				installation.edit(query,
						"(CASE WHEN account_no IS NOT NULL THEN 'not a time' ELSE opened::text END)::timestamptz AS created_at",
						"opened AS created_at");
				assertThat(failed.exitCode()).as(failed + "\n" + history).isEqualTo(ExitCodes.JOB_FAILED);
				succeeds(installation.run("restart", "--month", restarted.toString()), history);
			}
			if (months == null) {
				succeeds(installation.run("backfill", "--from", FIRST_MONTH.toString(), "--to", LAST_MONTH.toString()),
						history);
			}
			else {
				months.forEach(month -> {
					if (!month.equals(restarted)) {
						succeeds(installation.run("run", "--month", month.toString()), history);
					}
				});
			}
			if (rerun != null) {
				succeeds(installation.run("rerun", "--month", rerun.toString(), "--force", "--reason",
						"generated history, sources unchanged"), history);
			}
		}

		@Override
		public String toString() {
			return "in " + zone + ", " + (byChanges ? "reading customers, subscriptions and cancellations by changes, " : "")
					+ (failedOnce == null ? "" : "a failed run of " + failedOnce + " restarted, then ")
					+ (months == null ? "one backfill" : "run month by month in the order " + months)
					+ (rerun == null ? "" : ", then rerun --force of " + rerun);
		}

		private static void succeeds(CommandResult result, SourceHistory history) {
			assertThat(result.exitCode()).as(result + "\n" + history).isZero();
		}

	}

	private static void delete(Path directory) {
		try (Stream<Path> files = Files.walk(directory)) {
			files.sorted(Comparator.reverseOrder()).forEach(file -> {
				try {
					Files.delete(file);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
