package io.churnreport.extract;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import io.churnreport.system.CancelOnStop;

/**
 * A source read that a stop asked for ends at once: a source query may compute for minutes before
 * its first row (a whole history's aggregation), so its statement is cancelled
 * ({@link CancelOnStop}) rather than waited for.
 */
final class WatchedSourceRead {

	private WatchedSourceRead() {
	}

	/** Work that reads a source connection. */
	@FunctionalInterface
	interface SourceWork<T> {

		/** @param stopped whether a stop was asked for, cheap enough to look at after every row */
		T read(BooleanSupplier stopped) throws SQLException;

	}

	/**
	 * Does the work on the source connection while watching for a stop request. When the work fails
	 * or a stop was asked for, the connection is thrown away ({@link StagingCopy#discard}): it may be
	 * in the middle of a {@code COPY}, or a cancel request may still reach it.
	 * @param what the extract, as a stop's message names it
	 * @throws StagingCopy.CopyStoppedException when a stop was asked for, whatever else went wrong (a
	 * statement cancelled on request fails with the server's "canceling statement")
	 */
	static <T> T read(DataSource source, Connection sourceConnection, BooleanSupplier stopRequested, String what,
			SourceWork<T> work) throws SQLException {
		CancelOnStop watch = CancelOnStop.watch(sourceConnection, stopRequested);
		T result;
		try {
			result = work.read(watch::stopped);
		}
		catch (SQLException | RuntimeException ex) {
			watch.close();
			StagingCopy.discard(source, sourceConnection);
			throwIfStopped(watch, what, ex);
			throw ex;
		}
		finally {
			watch.close();
		}
		if (watch.stopped()) {
			// asked for as the work ended
			StagingCopy.discard(source, sourceConnection);
			throwIfStopped(watch, what, null);
		}
		return result;
	}

	private static void throwIfStopped(CancelOnStop watch, String what, Exception failure) {
		if (!watch.stopped()) {
			return;
		}
		if (failure instanceof StagingCopy.CopyStoppedException stop) {
			throw stop;
		}
		StagingCopy.CopyStoppedException stop = new StagingCopy.CopyStoppedException(what + " stopped on request");
		if (failure != null) {
			stop.addSuppressed(failure);
		}
		throw stop;
	}

}
