package io.churnreport.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class CopyTextOnAThreadTests {

	@Test
	void rowsComeBackInTheItemsOrderInFullBatchesAndAShorterLastOne() {
		List<CopyText> batches = new ArrayList<>();
		try (CopyTextOnAThread<Integer> rows = new CopyTextOnAThread<>("test-rows", 1_000,
				number -> new Object[] { number, "n" + number })) {
			for (int number = 1; number <= 2_500; number++) {
				rows.add(number);
				batches.addAll(rows.finished());
			}
			batches.addAll(rows.rest());
		}

		assertThat(batches).extracting(CopyText::rows).containsExactly(1_000, 1_000, 500);
		String expected = IntStream.rangeClosed(1, 2_500)
			.mapToObj(number -> number + "\tn" + number + "\n")
			.reduce("", String::concat);
		assertThat(batches.stream().map(CopyText::text).reduce("", String::concat)).isEqualTo(expected);
	}

	@Test
	void noItemsMakeNoBatch() {
		try (CopyTextOnAThread<Integer> rows = new CopyTextOnAThread<>("test-rows", 10, number -> new Object[] { number })) {
			assertThat(rows.finished()).isEmpty();
			assertThat(rows.rest()).isEmpty();
		}
	}

	@Test
	void rowsAreMadeOnTheThreadNamedWhileTheCallerGoesOn() {
		List<String> makers = new ArrayList<>();
		try (CopyTextOnAThread<Integer> rows = new CopyTextOnAThread<>("test-row-maker", 10, number -> {
			synchronized (makers) {
				makers.add(Thread.currentThread().getName());
			}
			return new Object[] { number };
		})) {
			IntStream.range(0, 600).forEach(rows::add);
			assertThat(rows.rest()).extracting(CopyText::rows).hasSize(60);
		}
		assertThat(makers).hasSize(600).containsOnly("test-row-maker");
	}

	@Test
	void aRowThatCannotBeMadeFailsTheCallerAsItFailed() {
		try (CopyTextOnAThread<Integer> rows = new CopyTextOnAThread<>("test-rows", 10, number -> {
			if (number == 300) {
				throw new IllegalArgumentException("no row for 300");
			}
			return new Object[] { number };
		})) {
			assertThatThrownBy(() -> {
				for (int number = 0; number < 100_000; number++) {
					rows.add(number);
					rows.finished();
				}
				rows.rest();
			}).isInstanceOf(IllegalArgumentException.class).hasMessage("no row for 300");
		}
	}

	@Test
	void theCallerWaitsWhenTheThreadIsFarBehindAndClosingStopsIt() throws InterruptedException {
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch callerWaiting = new CountDownLatch(1);
		CountDownLatch threadEnded = new CountDownLatch(1);
		CopyTextOnAThread<Integer> rows = new CopyTextOnAThread<>("test-rows", 10, number -> {
			try {
				release.await();
			}
			catch (InterruptedException ex) {
				threadEnded.countDown();
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			return new Object[] { number };
		});
		Thread caller = new Thread(() -> {
			try {
				IntStream.range(0, 1_000_000).forEach(rows::add);
			}
			catch (IllegalStateException expected) {
				// handing over ends when the thread is stopped
			}
			callerWaiting.countDown();
		});
		caller.start();
		// a million items are far more than the few thousand the thread may be behind
		assertThat(callerWaiting.await(300, TimeUnit.MILLISECONDS)).isFalse();
		rows.close();
		assertThat(threadEnded.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(callerWaiting.await(5, TimeUnit.SECONDS)).isTrue();
	}

	/**
	 * Items handed over by one thread, the batches taken by another: in order, and the handing
	 * thread waits while the batches are not taken, so that the rows made stay a few thousand.
	 */
	@Test
	void itemsHandedOverOnAnotherThreadComeBackInOrderAndWaitForTheBatchesToBeTaken() throws InterruptedException {
		List<CopyText> batches = new ArrayList<>();
		try (CopyTextOnAThread<Integer> rows = new CopyTextOnAThread<>("test-rows", 100, number -> new Object[] { number })) {
			Future<Void> handing = InParallel.started("test-handing", () -> {
				IntStream.range(0, 50_000).forEach(rows::add);
				return null;
			});
			Thread.sleep(300);
			assertThat(handing.isDone()).as("handing over while no batch is taken").isFalse();
			do {
				batches.addAll(rows.finished());
			}
			while (!InParallel.endedWithin(handing, 10, "the handing over"));
			batches.addAll(rows.rest());
		}

		assertThat(batches).extracting(CopyText::rows).hasSize(500).containsOnly(100);
		String expected = IntStream.range(0, 50_000).mapToObj(number -> number + "\n").reduce("", String::concat);
		assertThat(batches.stream().map(CopyText::text).reduce("", String::concat)).isEqualTo(expected);
	}

}
