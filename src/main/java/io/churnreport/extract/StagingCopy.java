package io.churnreport.extract;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyOut;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.churnreport.month.ReportingMonth;

/**
 * Moves one source query's canonical rows into its staging table by piping the source's
 * {@code COPY ... TO STDOUT} into the reporting database's {@code COPY ... FROM STDIN}: the rows
 * stream through as PostgreSQL's text format, a row at a time, and are never parsed or held in the
 * JVM. The copy into staging joins the caller's transaction on the reporting connection, so a
 * failed or killed extract leaves nothing behind and runs again whole.
 */
public final class StagingCopy {

	private static final Logger log = LoggerFactory.getLogger(StagingCopy.class);

	private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(5);

	/** How often (in rows) the time for a progress line is looked at. */
	private static final int PROGRESS_CHECK_ROWS = 50_000;

	private StagingCopy() {
	}

	/**
	 * Copies the month's rows of the query from the source into staging.
	 * @param operatorSql the operator's query, as {@link SourceQuery#readOperatorSql} read it
	 * @param reporting the reporting connection of the current transaction
	 * @param changedSince what {@code :changed_since} stands for (see {@link SourceQuery#bindMonth})
	 * @param stopRequested asked every second while the source is read (see {@link WatchedSourceRead}); when
	 * true the source's statement is cancelled and the copy abandoned
	 * @return the number of rows copied
	 * @throws CopyStoppedException when a stop was asked for
	 */
	public static long copy(SourceQuery<?> query, String operatorSql, DataSource source, Connection reporting,
			ReportingMonth month, String changedSince, BooleanSupplier stopRequested) throws SQLException {
		String copyOutSql = query.copyOutSql(operatorSql);
		try (Connection sourceConnection = source.getConnection()) {
			long rows = WatchedSourceRead.read(source, sourceConnection, stopRequested, query.name() + " extract", stopped -> {
				SourceQuery.bindMonth(sourceConnection, month, changedSince);
				return pipe(query, sourceConnection, reporting, copyOutSql, query.stagingCopySql(), month, stopped);
			});
			// the source is only read: end its transaction without keeping anything
			sourceConnection.rollback();
			return rows;
		}
	}

	/**
	 * Keeps the pool from lending the connection of an abandoned copy again: cancelling a copy
	 * from the source sends PostgreSQL a cancel request on a connection of its own, which may
	 * arrive after the copy has ended and cancel whatever the connection runs next. (A data source
	 * that is not a pool closes the connection for good anyway.)
	 */
	static void discard(DataSource source, Connection connection) {
		try {
			if (source.isWrapperFor(HikariDataSource.class)) {
				source.unwrap(HikariDataSource.class).evictConnection(connection);
			}
		}
		catch (SQLException ex) {
			// the copy failed or was stopped: that is the failure to report
			log.debug("Discarding the connection of an abandoned copy failed", ex);
		}
	}

	/**
	 * Pipes a source's {@code COPY ... TO STDOUT} into a {@code COPY ... FROM STDIN} on the target,
	 * row by row as PostgreSQL's text format, and returns the rows copied. Text the source cannot
	 * send as UTF-8 is converted here, and a row with text that does not convert is marked for the
	 * quarantine rather than failing the copy ({@link InvalidTextRows}). A
	 * failure or a stop cancels both copies.
	 * @param query whose rows are copied, for the progress log and the stop message
	 * @param stopped looked at after every row, so it must be cheap (as {@link WatchedSourceRead} gives it);
	 * when true the copy is abandoned
	 * @throws CopyStoppedException when {@code stopped} turned true
	 */
	public static long pipe(SourceQuery<?> query, Connection sourceConnection, Connection target, String copyOutSql,
			String copyInSql, ReportingMonth month, BooleanSupplier stopped) throws SQLException {
		return pipe(query, query.stagedFields(), sourceConnection, target, copyOutSql, copyInSql, month, stopped);
	}

	/**
	 * As {@link #pipe(SourceQuery, Connection, Connection, String, String, ReportingMonth, BooleanSupplier)},
	 * for a copy whose rows have the given fields.
	 */
	static long pipe(SourceQuery<?> query, List<String> fields, Connection sourceConnection, Connection target,
			String copyOutSql, String copyInSql, ReportingMonth month, BooleanSupplier stopped) throws SQLException {
		InvalidTextRows invalidText = InvalidTextRows.forSource(fields, sourceConnection);
		CopyOut out = sourceConnection.unwrap(PGConnection.class).getCopyAPI().copyOut(copyOutSql);
		CopyIn in = null;
		try {
			in = target.unwrap(PGConnection.class).getCopyAPI().copyIn(copyInSql);
			long rows = 0;
			long started = System.nanoTime();
			long lastProgress = started;
			byte[] row;
			while ((row = out.readFromCopy()) != null) {
				row = invalidText.stageable(row);
				in.writeToCopy(row, 0, row.length);
				rows++;
				if (stopped.getAsBoolean()) {
					throw new CopyStoppedException(query.name() + " extract stopped on request after " + rows + " rows");
				}
				if (rows % PROGRESS_CHECK_ROWS == 0) {
					long now = System.nanoTime();
					if (now - lastProgress >= PROGRESS_INTERVAL.toNanos()) {
						lastProgress = now;
						log.info("extracting {} [{}]: {} rows copied, {} rows/s", query.name(), month, rows,
								rows * 1_000_000_000L / Math.max(1, now - started));
					}
				}
			}
			long copied = in.endCopy();
			in = null;
			return copied;
		}
		finally {
			cancelQuietly(in);
			if (out.isActive()) {
				cancelQuietly(out);
			}
		}
	}

	private static void cancelQuietly(org.postgresql.copy.CopyOperation copy) {
		if (copy == null || !copy.isActive()) {
			return;
		}
		try {
			copy.cancelCopy();
		}
		catch (SQLException ex) {
			// the copy is being abandoned because of an earlier failure, which is the one to report
			log.debug("Cancelling a copy failed", ex);
		}
	}

	/** The operator asked the run to stop while a copy was going. */
	public static final class CopyStoppedException extends RuntimeException {

		CopyStoppedException(String message) {
			super(message);
		}

	}

}
