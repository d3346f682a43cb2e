package io.churnreport.extract;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.postgresql.PGConnection;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.DigestUtils;

import io.churnreport.month.ReportingMonth;
import io.churnreport.system.InParallel;

/**
 * What the job last read of a source whose query asks only for what changed ({@code :changed_since}),
 * kept in the source's mirror table (migration V31), so that a month reads the rows changed since
 * the last extract instead of the whole source. A month's extract, in the caller's transaction:
 * <ol>
 * <li>asks the source, in one snapshot, for the rows changed since an hour before the last extract
 * began (by the source's clock: the hour covers changes committed late by a transaction that began
 * before), and for the number of rows of its whole query and the sum of their hashes (summed by the
 * source while the next two steps run);</li>
 * <li>replaces the mirror's rows of each key it got ({@link SourceQuery#replacementKey});</li>
 * <li>fills the month's staging partition from the mirror: every step after the extract reads
 * exactly what a whole extract would have staged;</li>
 * <li>compares the mirror's row count and hash sum with the source's: a row deleted, or changed
 * without its change time moving, makes them differ, and the month's partition is emptied and the
 * whole source read again.</li>
 * </ol>
 * The whole source is read instead when the mirror is empty, when the query or the reporting time
 * zone changed since it was filled, and when the run asks for it ({@code run --full-extract}, a
 * forced rerun, {@code restart --re-extract}). A backfill compares the mirror with the whole source
 * at the first month it computes, and its later months only read the changes: the comparison reads
 * every row of the source, which the months of one backfill, minutes apart, would do each time for
 * nothing. Extracts of the same source wait for one another.
 */
public final class SourceMirror {

	private static final Logger log = LoggerFactory.getLogger(SourceMirror.class);

	/** How far before the last extract's start the changes are asked for. */
	static final Duration OVERLAP = Duration.ofHours(1);

	private static final String LOCK = "SELECT pg_advisory_xact_lock(hashtext('churn-report source mirror ' || :source))";

	private static final String STATE = """
			SELECT extracted_at, query_md5, checked_by FROM staging.source_mirror WHERE source = :source
			""";

	private static final String SAVE_STATE = """
			INSERT INTO staging.source_mirror (source, extracted_at, query_md5, checked_by)
			VALUES (:source, :extractedAt, :queryMd5, :checkedBy)
			ON CONFLICT (source) DO UPDATE
			SET extracted_at = excluded.extracted_at, query_md5 = excluded.query_md5, checked_by = excluded.checked_by
			""";

	private static final String RECORD = """
			INSERT INTO staging.source_extract (run_month, source, changed_since, rows_read, drift, checked)
			VALUES (:runMonth, :source, CAST(:changedSince AS timestamptz), :rowsRead, :drift, :checked)
			ON CONFLICT (run_month, source) DO UPDATE
			SET changed_since = excluded.changed_since, rows_read = excluded.rows_read, drift = excluded.drift,
			    checked = excluded.checked
			""";

	private static final String RECORDED = """
			SELECT changed_since::text FROM staging.source_extract WHERE run_month = :runMonth AND source = :source
			""";

	private static final String SNAPSHOT_STARTED = "SELECT now()";

	/** The rows read of a month's changes, until they replace their keys' rows in the mirror. */
	private static final String CHANGES_TABLE = "pg_temp.source_mirror_change";

	// the SQL below names the mirror and staging tables of a SourceQuery constant (%1$s, %2$s), as
	// DDL and table names take no bind parameters

	private static final String CREATE_CHANGES = """
			CREATE TEMPORARY TABLE IF NOT EXISTS source_mirror_change (LIKE %1$s) ON COMMIT DROP
			""";

	/** Every row held of a key read replaces by the rows read of it, so a row the source no longer gives goes. */
	private static final String REPLACE_KEYS = """
			DELETE FROM %1$s held
			 USING (SELECT DISTINCT row_key FROM pg_temp.source_mirror_change) changed
			 WHERE held.row_key = changed.row_key
			""";

	private static final String ADD_CHANGES = "INSERT INTO %1$s SELECT * FROM pg_temp.source_mirror_change";

	private static final String MIRROR_CHECKSUM = """
			SELECT count(*) AS rows, coalesce(sum(row_hash), 0) AS hash_sum FROM %1$s
			""";

	private static final String STAGE = """
			INSERT INTO %2$s (run_month, %3$s)
			SELECT :runMonth, %3$s FROM %1$s
			""";

	private final JdbcClient reporting;

	public SourceMirror(JdbcClient reporting) {
		this.reporting = reporting;
	}

	/**
	 * What a month's extract of a mirrored source did.
	 * @param checked whether the mirror was compared with the whole source, or read whole
	 */
	public record Extract(String changedSince, long rowsRead, boolean drift, boolean checked, long rowsStaged) {
	}

	/**
	 * What the mirror was last read with: the changes are asked for since an hour before
	 * {@code extractedAt}, and the backfill {@code checkedBy} compared it with the whole source.
	 */
	private record MirrorState(OffsetDateTime extractedAt, String queryMd5, String checkedBy) {
	}

	/** The source's sum over its whole query, or the mirror's over its rows. */
	private record Checksum(long rows, BigDecimal hashSum) {

		boolean matches(Checksum other) {
			return rows == other.rows && hashSum.compareTo(other.hashSum) == 0;
		}

	}

	/**
	 * Brings the mirror of the source query up to date and stages the month's rows from it, in the
	 * transaction of the reporting connection given.
	 * @param wholeAsked whether the run asks for the whole source
	 * @param backfill the backfill the month belongs to (see {@code MonthJobParameters}), or null
	 * @param stopRequested asked every second while the source is read (see {@link WatchedSourceRead}); when
	 * true the source's statement is cancelled and the extract abandoned
	 */
	public Extract extract(SourceQuery<?> query, String operatorSql, DataSource source, Connection reportingConnection,
			ReportingMonth month, boolean wholeAsked, String backfill, BooleanSupplier stopRequested)
			throws SQLException {
		reporting.sql(LOCK).param("source", query.name()).query().listOfRows();
		// the mirror serves the next extract only if it was read by the same query in the same zone, its
		// rows hashed the same way
		String readWith = operatorSql + "\n" + month.zone().getId() + "\n" + query.rowHash();
		String queryMd5 = DigestUtils.md5DigestAsHex(readWith.getBytes(StandardCharsets.UTF_8));
		Optional<MirrorState> state = wholeAsked ? Optional.empty() : state(query, queryMd5);
		Extract extract;
		if (state.isPresent()) {
			String changedSince = state.get().extractedAt().minus(OVERLAP).toString();
			boolean checkedByThisBackfill = backfill != null && backfill.equals(state.get().checkedBy());
			log.info("Extracting the {} of {} changed since {}{}", query.name(), month, changedSince,
					checkedByThisBackfill ? ", without comparing them with the whole source again in this backfill" : "");
			extract = changes(query, operatorSql, source, reportingConnection, month, changedSince, queryMd5,
					!checkedByThisBackfill, backfill, stopRequested);
		}
		else {
			log.info("Extracting the {} of {} from the whole source", query.name(), month);
			extract = whole(query, operatorSql, source, reportingConnection, month, queryMd5, backfill, stopRequested,
					false, 0);
		}
		reporting.sql(RECORD)
			.param("runMonth", month.firstDay())
			.param("source", query.name())
			.param("changedSince", extract.changedSince())
			.param("rowsRead", extract.rowsRead())
			.param("drift", extract.drift())
			.param("checked", extract.checked())
			.update();
		return extract;
	}

	/** What a month's extract of the source asked for, as {@link Extract#changedSince} gave it; empty when none. */
	public Optional<String> recorded(SourceQuery<?> query, ReportingMonth month) {
		return reporting.sql(RECORDED)
			.param("runMonth", month.firstDay())
			.param("source", query.name())
			.query(String.class)
			.optional();
	}

	/** What the mirror was last read with, when it was filled by the same query in the same zone. */
	private Optional<MirrorState> state(SourceQuery<?> query, String queryMd5) {
		return reporting.sql(STATE)
			.param("source", query.name())
			.query(MirrorState.class)
			.optional()
			.filter(state -> queryMd5.equals(state.queryMd5()));
	}

	/**
	 * Reads the changes into the mirror and, when asked to compare, compares the mirror with the
	 * whole source, reading it whole when they differ. The month is staged from the mirror while the
	 * source sums its whole query: the two take about as long, each on a server process of its own,
	 * and a difference, rare, empties the month's staging again before the whole source is read.
	 */
	private Extract changes(SourceQuery<?> query, String operatorSql, DataSource source, Connection reportingConnection,
			ReportingMonth month, String changedSince, String queryMd5, boolean compare, String backfill,
			BooleanSupplier stopRequested) throws SQLException {
		reporting.sql(CREATE_CHANGES.formatted(query.mirrorTable())).update();
		reporting.sql("TRUNCATE " + CHANGES_TABLE).update();
		long[] staged = new long[1];
		Checksum[] mirrored = new Checksum[1];
		SourceRead read = read(query, operatorSql, source, reportingConnection, month, changedSince, CHANGES_TABLE,
				compare, stopRequested, () -> {
					reporting.sql(REPLACE_KEYS.formatted(query.mirrorTable())).update();
					reporting.sql(ADD_CHANGES.formatted(query.mirrorTable())).update();
					if (compare) {
						mirrored[0] = reporting.sql(MIRROR_CHECKSUM.formatted(query.mirrorTable()))
							.query((row, number) -> new Checksum(row.getLong("rows"), row.getBigDecimal("hash_sum")))
							.single();
					}
					staged[0] = stage(query, month);
				});
		if (compare && !mirrored[0].matches(read.wholeQuery())) {
			Checksum atSource = read.wholeQuery();
			log.warn("The {} held from earlier extracts do not match the source after the {} row(s) changed since {}: {} rows"
					+ " held against {} at the source{}. Rows were deleted, changed without their change time moving, or"
					+ " given another key; reading the whole source. If this happens every month, make the change time"
					+ " of {} move with every change (see README, Reading only what changed).", query.name(), read.rows(),
					changedSince, mirrored[0].rows(), atSource.rows(),
					mirrored[0].rows() == atSource.rows() ? ", with other values" : "", "sources/" + query.file());
			StagingPartitions.emptyQualified(reporting, query.stagingTable(), month.firstDay());
			return whole(query, operatorSql, source, reportingConnection, month, queryMd5, backfill, stopRequested,
					true, read.rows());
		}
		saveState(query, read.snapshotStarted(), queryMd5, backfill);
		return new Extract(changedSince, read.rows(), false, compare, staged[0]);
	}

	/**
	 * Replaces the mirror with the whole source.
	 * @param readBefore rows already read in this extract, by a read of the changes that found the mirror out of step
	 */
	private Extract whole(SourceQuery<?> query, String operatorSql, DataSource source, Connection reportingConnection,
			ReportingMonth month, String queryMd5, String backfill, BooleanSupplier stopRequested, boolean drift,
			long readBefore) throws SQLException {
		reporting.sql("TRUNCATE " + query.mirrorTable()).update();
		SourceRead read = read(query, operatorSql, source, reportingConnection, month, InvoiceHistory.WHOLE_HISTORY,
				query.mirrorTable(), false, stopRequested, () -> {
				});
		// the mirror may have changed whole: plans after it need its new statistics
		reporting.sql("ANALYZE " + query.mirrorTable()).update();
		saveState(query, read.snapshotStarted(), queryMd5, backfill);
		return new Extract(InvoiceHistory.WHOLE_HISTORY, read.rows() + readBefore, drift, true, stage(query, month));
	}

	/**
	 * What one snapshot of the source gave: when it was taken by the source's clock, the rows copied,
	 * and the whole query's row count and hash sum when asked for (else null).
	 */
	private record SourceRead(OffsetDateTime snapshotStarted, long rows, Checksum wholeQuery) {
	}

	/**
	 * Copies the source query's rows changed since the instant given (or all, for
	 * {@link InvoiceHistory#WHOLE_HISTORY}) into a table shaped as the mirror, in one snapshot of the
	 * source, then does the reporting database's work given; when asked, the source sums the whole
	 * query's rows in the same snapshot meanwhile, on a thread of its own.
	 * @param reportingWork work on the reporting database, run on the calling thread (in its transaction)
	 */
	private static SourceRead read(SourceQuery<?> query, String operatorSql, DataSource source,
			Connection reportingConnection, ReportingMonth month, String changedSince, String into,
			boolean sumWholeQuery, BooleanSupplier stopRequested, Runnable reportingWork) throws SQLException {
		SourceRead read;
		try (Connection sourceConnection = source.getConnection()) {
			read = WatchedSourceRead.read(source, sourceConnection, stopRequested, query.name() + " extract",
					stopped -> {
						OffsetDateTime snapshotStarted = beginSnapshot(sourceConnection, month, changedSince);
						long rows = StagingCopy.pipe(query, query.mirrorFields(), sourceConnection, reportingConnection,
								query.mirrorCopyOutSql(operatorSql), query.mirrorCopyInSql(into), month, stopped);
						if (!sumWholeQuery) {
							return new SourceRead(snapshotStarted, rows, null);
						}
						SourceQuery.bindMonth(sourceConnection, month, InvoiceHistory.WHOLE_HISTORY);
						Checksum wholeQuery = sumWhile(query, sourceConnection, query.checksumSql(operatorSql),
								reportingWork);
						return new SourceRead(snapshotStarted, rows, wholeQuery);
					});
			// the source is only read: end its transaction without keeping anything
			sourceConnection.rollback();
		}
		if (!sumWholeQuery) {
			// nothing to wait for: the source's snapshot is not held while the reporting database works
			reportingWork.run();
		}
		return read;
	}

	/**
	 * The source's sum of the whole query, computed on a thread of its own while the calling thread
	 * does the reporting work. When the work fails, the source's statement is cancelled and waited
	 * for, so that the connection is idle when the caller throws it away.
	 */
	private static Checksum sumWhile(SourceQuery<?> query, Connection sourceConnection, String checksumSql,
			Runnable reportingWork) throws SQLException {
		FutureTask<Checksum> sum = InParallel.started("churn-report-" + query.name() + "-sum",
				() -> checksum(sourceConnection, checksumSql));
		try {
			reportingWork.run();
		}
		catch (RuntimeException ex) {
			sourceConnection.unwrap(PGConnection.class).cancelQuery();
			awaitQuietly(sum);
			throw ex;
		}
		try {
			return sum.get();
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof SQLException failure) {
				throw failure;
			}
			if (ex.getCause() instanceof RuntimeException failure) {
				throw failure;
			}
			throw new IllegalStateException(ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			sourceConnection.unwrap(PGConnection.class).cancelQuery();
			awaitQuietly(sum);
			throw new IllegalStateException("Interrupted while the source summed the " + query.name(), ex);
		}
	}

	/** Waits for the cancelled sum to end, whatever interrupts the wait; its failure is not the one to report. */
	private static void awaitQuietly(FutureTask<Checksum> sum) {
		boolean interrupted = false;
		while (true) {
			try {
				sum.get();
				break;
			}
			catch (ExecutionException ex) {
				break;
			}
			catch (InterruptedException ex) {
				interrupted = true;
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Begins a transaction on the source in which every statement reads the same snapshot, binds the
	 * month, and returns when the snapshot was taken by the source's clock.
	 */
	private static OffsetDateTime beginSnapshot(Connection source, ReportingMonth month, String changedSince)
			throws SQLException {
		// a pooled connection may be in a transaction already (its session settings): the isolation is
		// set as the first statement of a new one
		source.rollback();
		try (Statement statement = source.createStatement()) {
			statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
		}
		SourceQuery.bindMonth(source, month, changedSince);
		try (Statement statement = source.createStatement(); ResultSet now = statement.executeQuery(SNAPSHOT_STARTED)) {
			now.next();
			return now.getObject(1, OffsetDateTime.class);
		}
	}

	private static Checksum checksum(Connection source, String checksumSql) throws SQLException {
		try (PreparedStatement statement = source.prepareStatement(checksumSql);
				ResultSet result = statement.executeQuery()) {
			result.next();
			return new Checksum(result.getLong("rows"), result.getBigDecimal("hash_sum"));
		}
	}

	/** @param checkedBy the backfill that compared the mirror with the whole source, or read it whole; null for none */
	private void saveState(SourceQuery<?> query, OffsetDateTime extractedAt, String queryMd5, String checkedBy) {
		reporting.sql(SAVE_STATE)
			.param("source", query.name())
			.param("extractedAt", extractedAt)
			.param("queryMd5", queryMd5)
			.param("checkedBy", checkedBy, Types.VARCHAR)
			.update();
	}

	/** Fills the month's staging partition from the mirror. */
	private long stage(SourceQuery<?> query, ReportingMonth month) {
		String columns = String.join(", ", query.columns()) + ", " + SourceQuery.SOURCE_PROBLEM;
		return reporting.sql(STAGE.formatted(query.mirrorTable(), query.stagingTable(), columns))
			.param("runMonth", month.firstDay())
			.update();
	}

}
