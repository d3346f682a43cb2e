package io.churnreport.extract;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * While a source connection is read, asks every {@link #INTERVAL} whether the operator asked the run
 * to stop, and cancels the source's statement when so. A source query may compute for minutes
 * before its first row (a whole history's aggregation), and a stop looked at only between rows
 * would wait for it. The question is asked on a thread of its own, as the reading thread is blocked
 * in the source's {@code COPY}.
 */
final class CancelOnStop {

	private static final Logger log = LoggerFactory.getLogger(CancelOnStop.class);

	private static final Duration INTERVAL = Duration.ofSeconds(1);

	private final Connection source;

	private final BooleanSupplier stopRequested;

	private final ScheduledExecutorService watcher;

	private volatile boolean stopped;

	private CancelOnStop(Connection source, BooleanSupplier stopRequested) {
		this.source = source;
		this.stopRequested = stopRequested;
		CustomizableThreadFactory threads = new CustomizableThreadFactory("churn-report-stop-watch-");
		threads.setDaemon(true);
		this.watcher = Executors.newSingleThreadScheduledExecutor(threads);
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
		CancelOnStop watch = new CancelOnStop(sourceConnection, stopRequested);
		watch.watcher.scheduleWithFixedDelay(watch::ask, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
		T result;
		try {
			result = work.read(watch::stopped);
		}
		catch (SQLException | RuntimeException ex) {
			watch.stopAsking();
			StagingCopy.discard(source, sourceConnection);
			watch.throwIfStopped(what, ex);
			throw ex;
		}
		finally {
			watch.stopAsking();
		}
		if (watch.stopped) {
			// asked for as the work ended
			StagingCopy.discard(source, sourceConnection);
			watch.throwIfStopped(what, null);
		}
		return result;
	}

	private boolean stopped() {
		return stopped;
	}

	private void throwIfStopped(String what, Exception failure) {
		if (!stopped) {
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

	private void ask() {
		if (stopped) {
			return;
		}
		boolean requested;
		try {
			requested = stopRequested.getAsBoolean();
		}
		catch (RuntimeException ex) {
			// the job repository may be away for a moment: the next question, or the extract itself, will tell
			log.debug("Could not look for a stop request: {}", ex.getMessage());
			return;
		}
		if (!requested) {
			return;
		}
		stopped = true;
		try {
			source.unwrap(PGConnection.class).cancelQuery();
		}
		catch (SQLException ex) {
			// the reading thread sees the flag at its next row
			log.debug("Cancelling the source's statement failed", ex);
		}
	}

	/** No cancel request is sent after this returns. Can be called again. */
	private void stopAsking() {
		// not shutdownNow: a question in flight is let finish rather than interrupted inside the driver
		watcher.shutdown();
		try {
			if (!watcher.awaitTermination(INTERVAL.toMillis() * 10, TimeUnit.MILLISECONDS)) {
				log.debug("The stop watch did not end in time");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
