package io.churnreport.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.churnreport.extract.InvoiceHistory;
import io.churnreport.extract.SourceMirror;
import io.churnreport.extract.SourceQuery;
import io.churnreport.extract.StagingCopy;
import io.churnreport.month.ReportingMonth;
import io.churnreport.system.DataSourcesConfiguration;

/**
 * The fastest way to do the job's data movement, as the yardstick for the job, in two floors:
 * <ul>
 * <li><b>full reload</b>: for each month, each source query's {@code COPY (...) TO STDOUT} (exactly
 * the statement the job's extract runs, with the month's period bound as the job bound it, the
 * customers, subscriptions and cancellations read whole, the invoices asked for what the job asked
 * for) piped into a {@code COPY ... FROM STDIN} of a bare scratch table in the reporting database
 * (no index, no check, no job repository), then one SQL aggregation to month-end MRR per customer
 * and every month;</li>
 * <li><b>changes only</b>, for the last month: the copies of what the job's extract asked each
 * source for ({@code :changed_since} bound as the job bound it), then the aggregation of the last
 * month alone.</li>
 * </ul>
 * The scratch tables live in a schema {@value #SCHEMA} of their own, created and dropped by the
 * benchmark.
 * <p>
 * The source sessions are the given data sources' as they are (the benchmark gives it the job's own
 * source pools), so that values such as timestamps without a zone are read as the job's extract
 * reads them.
 */
public final class CopyBaseline {

	static final String SCHEMA = "bench";

	/** What the bench says when the baseline starts. */
	public static final String STARTING = "Baseline: COPY piped into COPY for each month, then one aggregation...";

	/**
	 * Month-end MRR per customer for every month from the first subscription (or from
	 * {@code :fromMonth}) to the run month, from the run month's extract: the same periods count as in
	 * the job (paid, started before the first instant of the next month and not ended by then), each
	 * paired with the months from its start to its end as the job pairs them, in the source's
	 * currency, without the job's exchange rates, checks and bridges.
	 */
	private static final String AGGREGATE_MONTH_END_MRR = """
			INSERT INTO bench.customer_month_mrr (customer_id, month, mrr)
			SELECT p.customer_id, m.month, round(sum(p.amount / p.interval_months), 2)
			FROM bench.subscription_period p
			CROSS JOIN LATERAL generate_series(
			         greatest(CAST(:fromMonth AS timestamp), date_trunc('month', p.valid_from AT TIME ZONE :zone)),
			         least(:runMonth::timestamp, date_trunc('month', p.valid_to AT TIME ZONE :zone) - interval '1 month'),
			         interval '1 month') AS series (month_start)
			CROSS JOIN LATERAL (SELECT series.month_start::date AS month,
			                           (series.month_start + interval '1 month') AT TIME ZONE :zone AS month_end) AS m
			WHERE NOT p.is_trial
			  AND p.valid_from < m.month_end
			  AND (p.valid_to IS NULL OR p.valid_to >= m.month_end)
			GROUP BY p.customer_id, m.month
			HAVING round(sum(p.amount / p.interval_months), 2) > 0
			""";

	private final Map<String, DataSource> sources;

	private final DataSource reporting;

	private final Path configDirectory;

	private final ZoneId zone;

	/**
	 * @param billing the billing database (only read)
	 * @param crm the CRM database (only read)
	 * @param reporting the reporting database, where the scratch schema is created
	 * @param configDirectory holds the operator's source queries under {@code sources/}
	 * @param zone the reporting time zone, which cuts the months
	 */
	public CopyBaseline(DataSource billing, DataSource crm, DataSource reporting, Path configDirectory, ZoneId zone) {
		this.sources = Map.of(DataSourcesConfiguration.BILLING, billing, DataSourcesConfiguration.CRM, crm);
		this.reporting = reporting;
		this.configDirectory = configDirectory;
		this.zone = zone;
	}

	/** Creates the scratch schema anew: one bare table per source query with the staging table's columns. */
	public void createScratchTables() {
		JdbcClient client = JdbcClient.create(reporting);
		client.sql("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE").update();
		client.sql("CREATE SCHEMA " + SCHEMA).update();
		for (SourceQuery<?> query : SourceQuery.ALL) {
			// names of our own making: the staging table's, moved to the scratch schema
			client.sql("CREATE TABLE " + scratchTable(query) + " AS SELECT " + String.join(", ", query.stagedFields())
					+ " FROM " + query.stagingTable() + " WITH NO DATA").update();
		}
		client.sql("CREATE TABLE bench.customer_month_mrr (customer_id text, month date, mrr numeric)").update();
	}

	/**
	 * Times the baseline of every month of the settings, on databases where the job ran them (it
	 * reads what each month's job asked the sources for from the reporting database): each month's
	 * copies, then one aggregation for the last month; and the last month's floor of changes only.
	 */
	public Baseline time(BenchSettings settings) {
		createScratchTables();
		try {
			Map<String, QueryCopy> summed = new LinkedHashMap<>();
			List<QueryCopy> lastMonthCopies = List.of();
			List<QueryCopy> lastMonthChanges = List.of();
			for (YearMonth month : settings.monthsRun()) {
				// a first run asks every source for everything: its changes are the full reload
				if (month.equals(settings.lastMonth()) && !settings.firstRunOnly()) {
					lastMonthChanges = copyMonth(month, true);
				}
				lastMonthCopies = copyMonth(month, false);
				for (QueryCopy copy : lastMonthCopies) {
					summed.merge(copy.query(), copy, (total, more) -> new QueryCopy(total.query(),
							total.rows() + more.rows(), total.duration().plus(more.duration())));
				}
			}
			Aggregation wholeHistory = aggregate(settings.lastMonth(), false);
			return new Baseline(new ArrayList<>(summed.values()), lastMonthCopies, wholeHistory, lastMonthChanges,
					settings.firstRunOnly() ? null : aggregate(settings.lastMonth(), true));
		}
		finally {
			dropScratchTables();
		}
	}

	public void dropScratchTables() {
		JdbcClient.create(reporting).sql("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE").update();
	}

	/**
	 * Moves the month's rows of every source query into the scratch tables, replacing the previous
	 * month's (the job too keeps the staging of the month it runs only).
	 * @param changesOnly whether to read only what the job's extract asked for, rather than the
	 * customers, subscriptions and cancellations whole
	 */
	public List<QueryCopy> copyMonth(YearMonth month, boolean changesOnly) {
		ReportingMonth reportingMonth = new ReportingMonth(month, zone);
		List<QueryCopy> copies = new ArrayList<>();
		try (Connection target = reporting.getConnection()) {
			boolean autoCommit = target.getAutoCommit();
			target.setAutoCommit(false);
			try {
				for (SourceQuery<?> query : SourceQuery.ALL) {
					long started = System.nanoTime();
					try (Statement truncate = target.createStatement()) {
						truncate.execute("TRUNCATE " + scratchTable(query));
					}
					long rows = copy(query, reportingMonth, target, changesOnly);
					target.commit();
					copies.add(new QueryCopy(query.name(), rows, Duration.ofNanos(System.nanoTime() - started)));
				}
			}
			catch (SQLException | RuntimeException ex) {
				target.rollback();
				throw ex;
			}
			finally {
				target.setAutoCommit(autoCommit);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("The baseline copy of " + reportingMonth + " failed: " + ex.getMessage()
					+ ". Check that the source and reporting databases can be reached, then run the benchmark again.", ex);
		}
		return copies;
	}

	/**
	 * The one aggregation to month-end MRR per customer and month, from the last month copied read
	 * whole.
	 * @param monthAlone whether to aggregate the run month alone rather than every month up to it
	 */
	public Aggregation aggregate(YearMonth runMonth, boolean monthAlone) {
		JdbcClient client = JdbcClient.create(reporting);
		long started = System.nanoTime();
		client.sql("TRUNCATE bench.customer_month_mrr").update();
		int rows = client.sql(AGGREGATE_MONTH_END_MRR)
			.param("zone", zone.getId())
			.param("runMonth", runMonth.atDay(1))
			.param("fromMonth", monthAlone ? runMonth.atDay(1).toString() : "-infinity")
			.update();
		return new Aggregation(rows, Duration.ofNanos(System.nanoTime() - started));
	}

	private long copy(SourceQuery<?> query, ReportingMonth month, Connection target, boolean changesOnly)
			throws SQLException {
		String copyOutSql = query.copyOutSql(query.readOperatorSql(configDirectory));
		try (Connection source = sources.get(query.database()).getConnection()) {
			// the period settings are local to the transaction, which must outlive the statement binding
			// them: the job's source pools have auto-commit off (and are read only), other data sources
			// get it off here. A new pooled connection is already in its first transaction (the pool's
			// SET TIME ZONE), in which the read-only property can no longer be changed, so it is not.
			boolean autoCommit = source.getAutoCommit();
			source.setAutoCommit(false);
			long rows;
			try {
				// what the job asked each source for in the month (what changed, or everything); the full
				// reload reads the sources the job keeps a copy of whole
				JdbcClient reportingClient = JdbcClient.create(reporting);
				String changedSince = (!query.mirrored() ? new InvoiceHistory(reportingClient).recorded(month)
						: changesOnly ? new SourceMirror(reportingClient).recorded(query, month) : Optional.<String>empty())
					.orElse(InvoiceHistory.WHOLE_HISTORY);
				SourceQuery.bindMonth(source, month, changedSince);
				// the job's own pipe, so that the baseline moves rows the way the extract does, without its staging
				rows = StagingCopy.pipe(query, source, target, copyOutSql, query.stagedCopyInSql(scratchTable(query)), month,
						() -> false);
			}
			catch (SQLException | RuntimeException ex) {
				// the connection may be left in the middle of its COPY: resetting it may fail too, and
				// must not hide why the copy failed (the pool closes a connection it cannot reset)
				try {
					source.rollback();
				}
				catch (SQLException reset) {
					ex.addSuppressed(reset);
				}
				throw ex;
			}
			source.rollback();
			source.setAutoCommit(autoCommit);
			return rows;
		}
	}

	private static String scratchTable(SourceQuery<?> query) {
		return SCHEMA + "." + query.stagingTable().substring(query.stagingTable().indexOf('.') + 1);
	}

	/**
	 * The baseline: each source query's copies summed over the backfill's months, those of the last
	 * month alone, and the one aggregation (the full reload); the last month's copies of what the
	 * job asked for, and the aggregation of that month alone (changes only), which a first run does
	 * not have (no copies, no aggregation).
	 */
	public record Baseline(List<QueryCopy> backfillCopies, List<QueryCopy> lastMonthCopies, Aggregation aggregation,
			List<QueryCopy> lastMonthChanges, Aggregation monthAggregation) {

		Duration backfill() {
			return total(backfillCopies).plus(aggregation.duration());
		}

		/** The full-reload floor of the single month. */
		Duration singleMonth() {
			return total(lastMonthCopies).plus(aggregation.duration());
		}

		/** The changes-only floor of the single month. */
		Duration singleMonthChanges() {
			if (monthAggregation == null) {
				throw new IllegalStateException("A first run has no changes-only floor: it reads every source whole");
			}
			return total(lastMonthChanges).plus(monthAggregation.duration());
		}

		private static Duration total(List<QueryCopy> copies) {
			return copies.stream().map(QueryCopy::duration).reduce(Duration.ZERO, Duration::plus);
		}

	}

	/** One source query's rows of a month moved into its scratch table. */
	public record QueryCopy(String query, long rows, Duration duration) {

	}

	/** The month-end MRR rows the aggregation wrote, and how long it took. */
	public record Aggregation(long rows, Duration duration) {

	}

}
