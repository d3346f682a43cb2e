package io.churnreport.system;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * While work runs statements on a PostgreSQL connection, asks every {@link #INTERVAL} whether the
 * operator asked the run to stop, and cancels the connection's statement when so. One statement
 * may compute for minutes (a whole history's aggregation or merge), and a stop looked at only
 * between statements would wait for it. The question is asked on a thread of its own, as the
 * working thread is blocked in the statement.
 * <p>
 * A cancel request that reaches the connection between two statements may cancel the next one: so
 * once {@link #stopped()} is true, the work's results are not to be kept, and once {@link #close()}
 * returned, no request is sent any more.
 */
public final class CancelOnStop implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(CancelOnStop.class);

	private static final Duration INTERVAL = Duration.ofSeconds(1);

	private final Connection connection;

	private final BooleanSupplier stopRequested;

	private final ScheduledExecutorService watcher;

	private volatile boolean stopped;

	private CancelOnStop(Connection connection, BooleanSupplier stopRequested) {
		this.connection = connection;
		this.stopRequested = stopRequested;
		CustomizableThreadFactory threads = new CustomizableThreadFactory("churn-report-stop-watch-");
		threads.setDaemon(true);
		this.watcher = Executors.newSingleThreadScheduledExecutor(threads);
	}

	/**
	 * Starts watching.
	 * @param connection the connection whose statement a stop cancels
	 * @param stopRequested whether the operator asked the run to stop; asked on the watching thread,
	 * so it must not use {@code connection}
	 */
	public static CancelOnStop watch(Connection connection, BooleanSupplier stopRequested) {
		CancelOnStop watch = new CancelOnStop(connection, stopRequested);
		watch.watcher.scheduleWithFixedDelay(watch::ask, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
		return watch;
	}

	/** Whether a stop was asked for (and the statement cancelled); cheap enough to look at after every row. */
	public boolean stopped() {
		return stopped;
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
			// the job repository may be away for a moment: the next question, or the work itself, will tell
			log.debug("Could not look for a stop request: {}", ex.getMessage());
			return;
		}
		if (!requested) {
			return;
		}
		stopped = true;
		try {
			connection.unwrap(PGConnection.class).cancelQuery();
		}
		catch (SQLException ex) {
			// the working thread sees the flag at its next row or statement
			log.debug("Cancelling the connection's statement failed", ex);
		}
	}

	/** Stops watching: no cancel request is sent after this returns. Can be called again. */
	@Override
	public void close() {
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
