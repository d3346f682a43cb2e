package io.churnreport.system;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Tasks run a few at a time, each on a thread of its own (and so, for those that read the
 * database, on a connection and in a transaction of its own), their results in the tasks' order.
 */
public final class InParallel {

	private InParallel() {
	}

	/**
	 * The results of the tasks, in their order, {@code atOnce} of them at a time. When one fails,
	 * the others are interrupted and waited for before its failure is thrown, so that none goes on
	 * writing after the caller has given up.
	 * @param threadNamePrefix what the threads are named after, for thread dumps and logs
	 */
	public static <T> List<T> results(String threadNamePrefix, int atOnce, List<Supplier<T>> tasks) {
		CustomizableThreadFactory threads = new CustomizableThreadFactory(threadNamePrefix);
		threads.setDaemon(true);
		ExecutorService executor = Executors.newFixedThreadPool(Math.max(1, Math.min(atOnce, tasks.size())), threads);
		boolean failed = true;
		try {
			List<Future<T>> running = new ArrayList<>();
			for (Supplier<T> task : tasks) {
				running.add(executor.submit(task::get));
			}
			List<T> results = new ArrayList<>();
			for (Future<T> task : running) {
				results.add(task.get());
			}
			failed = false;
			return results;
		}
		catch (ExecutionException ex) {
			throw thrownBy(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the " + threadNamePrefix + " threads", ex);
		}
		finally {
			executor.shutdownNow();
			if (failed) {
				awaitEnd(executor);
			}
		}
	}

	/** The task started on a daemon thread of its own, named as given, and running. */
	public static <T> FutureTask<T> started(String threadName, Callable<T> task) {
		FutureTask<T> running = new FutureTask<>(task);
		Thread thread = new Thread(running, threadName);
		thread.setDaemon(true);
		thread.start();
		return running;
	}

	/**
	 * The result of a task running on another thread, waited for; its failure is thrown as the task
	 * threw it. When the wait is interrupted, the task is cancelled.
	 * @param what what the task does, for the interruption's message
	 */
	public static <T> T resultOf(Future<T> task, String what) {
		return waitedFor(task, what, task::get);
	}

	/**
	 * Whether a task running on another thread ended within the time given; its failure is thrown as
	 * the task threw it. When the wait is interrupted, the task is cancelled.
	 * @param what what the task does, for the interruption's message
	 */
	public static boolean endedWithin(Future<?> task, long millis, String what) {
		return waitedFor(task, what, () -> {
			try {
				task.get(millis, TimeUnit.MILLISECONDS);
				return true;
			}
			catch (TimeoutException ex) {
				return false;
			}
		});
	}

	/** A wait for a task. */
	@FunctionalInterface
	private interface Wait<T> {

		T get() throws ExecutionException, InterruptedException;

	}

	private static <T> T waitedFor(Future<?> task, String what, Wait<T> wait) {
		try {
			return wait.get();
		}
		catch (ExecutionException ex) {
			throw thrownBy(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			task.cancel(true);
			throw new IllegalStateException("Interrupted while waiting for " + what, ex);
		}
	}

	/** What the task threw, to throw again: its runtime exception or error, else it wrapped. */
	private static RuntimeException thrownBy(ExecutionException ex) {
		if (ex.getCause() instanceof Error error) {
			throw error;
		}
		return ex.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(ex.getCause());
	}

	private static void awaitEnd(ExecutorService executor) {
		try {
			// a database statement goes on after an interrupt: its task ends when it does
			executor.awaitTermination(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
