package io.churnreport.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

class InParallelTests {

	@Test
	void resultsComeInTheTasksOrderWhicheverEndsFirst() {
		CountDownLatch secondEnded = new CountDownLatch(1);
		List<Supplier<String>> tasks = List.of(() -> {
			await(secondEnded);
			return "first";
		}, () -> {
			secondEnded.countDown();
			return "second";
		});

		assertThat(InParallel.results("test-", 2, tasks)).containsExactly("first", "second");
	}

	@Test
	void aFailureIsThrownOnceTheOtherTasksHaveEndedEvenThoseThatIgnoreInterrupts() {
		CountDownLatch failing = new CountDownLatch(1);
		AtomicBoolean otherEnded = new AtomicBoolean();
		List<Supplier<String>> tasks = List.of(() -> {
			failing.countDown();
			throw new IllegalArgumentException("the first task failed");
		}, () -> {
			// as a database statement does: goes on after the interrupt
			while (failing.getCount() > 0) {
				Thread.onSpinWait();
			}
			long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
			while (System.nanoTime() < until) {
				Thread.onSpinWait();
			}
			otherEnded.set(true);
			return "second";
		});

		assertThatThrownBy(() -> InParallel.results("test-", 2, tasks)).isInstanceOf(IllegalArgumentException.class)
			.hasMessage("the first task failed");
		assertThat(otherEnded).isTrue();
	}

	@Test
	void atMostTheGivenNumberRunAtOnce() {
		AtomicInteger running = new AtomicInteger();
		AtomicInteger most = new AtomicInteger();
		Supplier<Integer> task = () -> {
			most.accumulateAndGet(running.incrementAndGet(), Math::max);
			Thread.yield();
			running.decrementAndGet();
			return 1;
		};

		assertThat(InParallel.results("test-", 1, List.of(task, task, task))).containsExactly(1, 1, 1);
		assertThat(most).hasValue(1);
	}

	@Test
	void aTaskWaitedForGivesItsResultOrThrowsItsFailureAsItWasThrown() {
		assertThat(InParallel.resultOf(CompletableFuture.completedFuture("read"), "the reading")).isEqualTo("read");
		assertThatThrownBy(() -> InParallel.resultOf(
				CompletableFuture.failedFuture(new IllegalArgumentException("the reading failed")), "the reading"))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessage("the reading failed");
	}

	@Test
	void aTaskWaitedForAWhileSaysWhetherItEndedOrThrowsItsFailure() {
		assertThat(InParallel.endedWithin(new CompletableFuture<String>(), 10, "the reading")).isFalse();
		assertThat(InParallel.endedWithin(CompletableFuture.completedFuture("read"), 10, "the reading")).isTrue();
		assertThatThrownBy(() -> InParallel.endedWithin(
				CompletableFuture.failedFuture(new IllegalArgumentException("the reading failed")), 10, "the reading"))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessage("the reading failed");
	}

	@Test
	void aWaitInterruptedCancelsTheTaskWaitedFor() {
		CompletableFuture<String> reading = new CompletableFuture<>();
		Thread.currentThread().interrupt();

		assertThatThrownBy(() -> InParallel.resultOf(reading, "the reading")).isInstanceOf(IllegalStateException.class)
			.hasMessage("Interrupted while waiting for the reading");
		assertThat(reading).isCancelled();
		assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
