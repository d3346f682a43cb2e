package io.churnreport.system;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Turns items into {@link CopyText} rows on a thread of its own while the caller goes on reading
 * the next items and sending the rows made so far: reading a query in parts, making the rows and
 * sending them then no longer take turns on one thread. The database connection stays the
 * caller's alone (a JDBC connection is not to be shared between threads); this thread only makes
 * text. The rows come back in the items' order, in batches of {@code rowsPerBatch} rows (the
 * last one shorter).
 * <p>
 * Memory stays bounded: the caller waits when the thread is a few thousand items behind, and
 * takes the finished batches as it hands over more ({@link #add} then {@link #finished}); the
 * thread waits when a few batches are not taken. The items may also be handed over by another
 * thread than the one that takes and sends the batches ({@link #finished}, as often as it likes),
 * which calls {@link #rest} once the handing thread has ended.
 * @param <T> what the rows are made of
 */
public final class CopyTextOnAThread<T> implements AutoCloseable {

	/** Items handed over at once, so that the queue is not touched for each. */
	private static final int ITEMS_PER_HANDOVER = 256;

	/** Handovers the thread may be behind before the caller waits for it. */
	private static final int HANDOVERS_AHEAD = 16;

	private final String threadName;

	private final int rowsPerBatch;

	private final Function<T, Object[]> rowOf;

	private final BlockingQueue<List<T>> handedOver = new ArrayBlockingQueue<>(HANDOVERS_AHEAD);

	/**
	 * The batches made and not taken yet: when a caller sends them more slowly than they are made
	 * (another thread handing the items over), the thread waits rather than holding the month's rows.
	 * Room for what the thread can make from the items it may be behind, and a few more, so that a
	 * caller that hands over and takes on one thread never waits on a full queue.
	 */
	private final BlockingQueue<CopyText> batches;

	/** Handed over last: no more items follow. */
	private final List<T> end = new ArrayList<>(0);

	private final Future<Void> making;

	private List<T> handing = new ArrayList<>(ITEMS_PER_HANDOVER);

	/**
	 * Starts the thread.
	 * @param rowOf the values of an item's row, in the COPY statement's column order; called on the
	 * thread alone, so it may use what is not safe to share between threads
	 */
	public CopyTextOnAThread(String threadName, int rowsPerBatch, Function<T, Object[]> rowOf) {
		if (rowsPerBatch < 1) {
			throw new IllegalArgumentException("A batch needs at least one row, not " + rowsPerBatch);
		}
		this.threadName = threadName;
		this.rowsPerBatch = rowsPerBatch;
		int itemsBehind = ITEMS_PER_HANDOVER * HANDOVERS_AHEAD;
		this.batches = new ArrayBlockingQueue<>((itemsBehind + rowsPerBatch - 1) / rowsPerBatch + 4);
		this.rowOf = rowOf;
		this.making = InParallel.started(threadName, this::makeRows);
	}

	/**
	 * Hands an item over; waits while the thread is far behind.
	 * @throws RuntimeException what making a row threw, once the thread has ended on it
	 */
	public void add(T item) {
		this.handing.add(item);
		if (this.handing.size() == ITEMS_PER_HANDOVER) {
			handOver(this.handing);
			this.handing = new ArrayList<>(ITEMS_PER_HANDOVER);
		}
	}

	/**
	 * The batches of {@code rowsPerBatch} rows made since the last call, in order (often none).
	 * @throws RuntimeException what making a row threw, once the thread has ended on it
	 */
	public List<CopyText> finished() {
		if (this.making.isDone()) {
			// before end was handed over, the thread only ends on a failure
			InParallel.resultOf(this.making, this.threadName);
		}
		if (this.batches.isEmpty()) {
			// the common case, asked once per item: no list made for nothing
			return List.of();
		}
		List<CopyText> finished = new ArrayList<>();
		this.batches.drainTo(finished);
		return finished;
	}

	/**
	 * After the last item: waits for the thread to make the rest and returns the batches not taken
	 * yet, the last one shorter.
	 */
	public List<CopyText> rest() {
		// taken while waiting, so that the thread never waits for room to put the last batches in
		List<CopyText> rest = new ArrayList<>();
		if (!this.handing.isEmpty()) {
			handOver(this.handing, rest);
			this.handing = new ArrayList<>(0);
		}
		handOver(this.end, rest);
		// waits for the thread's end, not for a batch: it ends as soon as it has put its last one
		while (!InParallel.endedWithin(this.making, 20, this.threadName)) {
			this.batches.drainTo(rest);
		}
		this.batches.drainTo(rest);
		return rest;
	}

	/** Stops the thread when the caller gives up before {@link #rest}; nothing when it has ended. */
	@Override
	public void close() {
		this.making.cancel(true);
	}

	private void handOver(List<T> items) {
		handOver(items, null);
	}

	/** @param taken where the batches made are taken to while waiting; null to leave them */
	private void handOver(List<T> items, List<CopyText> taken) {
		try {
			while (!this.handedOver.offer(items, 50, TimeUnit.MILLISECONDS)) {
				if (taken != null) {
					this.batches.drainTo(taken);
				}
				if (this.making.isDone()) {
					InParallel.resultOf(this.making, this.threadName);
					throw new IllegalStateException(this.threadName + " ended before it was handed every item");
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.making.cancel(true);
			throw new IllegalStateException("Interrupted while handing items over to " + this.threadName, ex);
		}
	}

	private Void makeRows() throws InterruptedException {
		CopyText rows = new CopyText();
		for (List<T> items = this.handedOver.take(); items != this.end; items = this.handedOver.take()) {
			for (T item : items) {
				rows.row(this.rowOf.apply(item));
				if (rows.rows() == this.rowsPerBatch) {
					this.batches.put(rows);
					rows = new CopyText();
				}
			}
		}
		if (rows.rows() > 0) {
			this.batches.put(rows);
		}
		return null;
	}

}
