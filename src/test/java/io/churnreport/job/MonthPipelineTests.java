package io.churnreport.job;

import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.springframework.batch.core.job.JobInterruptedException;

import io.churnreport.month.Metric;
import io.churnreport.month.MonthCalculation;
import io.churnreport.month.MonthContext;
import io.churnreport.month.MonthData;
import io.churnreport.month.MonthInputs;
import io.churnreport.month.ReportingMonth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MonthPipelineTests {

	private static final MonthCalculation SUMMARY = calculation("Summary", MonthData.NOTHING,
			MonthData.metrics(Metric.CUSTOMERS_START, Metric.CHURN_RATE));

	private static final MonthCalculation PUBLISH = calculation("Publish", MonthData.NOTHING,
			MonthData.tables("mart.churned_customer"));

	private static final MonthCalculation PLAN = calculation("Plan",
			MonthData.metrics(Metric.CHURN_RATE).andTables("mart.churned_customer"), MonthData.metrics(Metric.ALERTS_RAISED));

	@Test
	void runsThePhasesCalculationsInTheOrderListed() {
		MonthPipeline pipeline = new MonthPipeline(new MonthPipeline.Phase("publish", PUBLISH),
				new MonthPipeline.Phase("summary", SUMMARY), new MonthPipeline.Phase("comparisons", PLAN));

		assertThat(pipeline.calculations()).containsExactly(PUBLISH, SUMMARY, PLAN);
		assertThat(pipeline.phases()).extracting(MonthPipeline.Phase::name).containsExactly("publish", "summary", "comparisons");
	}

	@Test
	void refusesToReadAMetricBeforeItIsWritten() {
		assertThatIllegalStateException()
			.isThrownBy(() -> new MonthPipeline(new MonthPipeline.Phase("publish", PUBLISH),
					new MonthPipeline.Phase("comparisons", PLAN), new MonthPipeline.Phase("summary", SUMMARY)))
			.withMessage("Plan reads metric churn_rate before Summary writes it: list Summary earlier in the month pipeline");
	}

	@Test
	void refusesToReadATableBeforeItIsWritten() {
		assertThatIllegalStateException()
			.isThrownBy(() -> new MonthPipeline(new MonthPipeline.Phase("all", SUMMARY, PLAN, PUBLISH)))
			.withMessage("Plan reads mart.churned_customer before Publish writes it: list Publish earlier in the month pipeline");
	}

	@Test
	void refusesTwoWritersOfOneMetric() {
		MonthCalculation second = calculation("SecondSummary", MonthData.NOTHING, MonthData.metrics(Metric.CHURN_RATE));

		assertThatIllegalStateException()
			.isThrownBy(() -> new MonthPipeline(new MonthPipeline.Phase("summary", SUMMARY, second)))
			.withMessage("Both Summary and SecondSummary write metric churn_rate in the month pipeline");
	}

	@Test
	void aCalculationMayReadWhatItWritesItself() {
		MonthCalculation hidden = calculation("Hidden", MonthData.metrics(Metric.HIDDEN_CHURN_CUSTOMERS),
				MonthData.metrics(Metric.HIDDEN_CHURN_CUSTOMERS));

		assertThat(new MonthPipeline(new MonthPipeline.Phase("breakdowns", hidden)).calculations()).containsExactly(hidden);
	}

	@Test
	void refusesACatalogueMetricThatNoCalculationWrites() {
		MonthPipeline pipeline = new MonthPipeline(new MonthPipeline.Phase("summary", SUMMARY));

		assertThatIllegalStateException().isThrownBy(pipeline::requireEveryMetricWritten)
			.withMessageStartingWith("No calculation of the month pipeline writes [customers_new, customers_reactivated,")
			.withMessageEndingWith(": name the metric in the writes() of the calculation that stores it");
	}

	@Test
	void runsEveryCalculationInOrderAndAddsUpTheirRows() throws JobInterruptedException {
		List<String> ran = new ArrayList<>();
		MonthPipeline pipeline = new MonthPipeline(
				new MonthPipeline.Phase("publish", running("Publish", 3, () -> ran.add("Publish"))),
				new MonthPipeline.Phase("summary", running("Summary", 12, () -> ran.add("Summary"))));

		assertThat(pipeline.run(march(() -> false))).isEqualTo(15);
		assertThat(ran).containsExactly("Publish", "Summary");
	}

	@Test
	void aStopAskedForDuringOneCalculationEndsTheRunBeforeTheNext() {
		List<String> ran = new ArrayList<>();
		AtomicBoolean stopAsked = new AtomicBoolean();
		MonthPipeline pipeline = new MonthPipeline(new MonthPipeline.Phase("publish", running("Publish", 3, () -> {
			ran.add("Publish");
			stopAsked.set(true);
		})), new MonthPipeline.Phase("summary", running("Summary", 12, () -> ran.add("Summary"))));

		assertThatThrownBy(() -> pipeline.run(march(stopAsked::get))).isInstanceOf(JobInterruptedException.class)
			.hasMessage("Stopped on request before Summary of 2025-03");
		assertThat(ran).containsExactly("Publish");
	}

	@Test
	void everyReadingStartsBeforeTheFirstCalculationRuns() throws JobInterruptedException {
		List<String> ran = new ArrayList<>();
		CompletableFuture<Integer> reading = new CompletableFuture<>();
		MonthCalculation readingAhead = readingAhead("Risk", reading, () -> ran.add("Risk reading started"),
				() -> ran.add("Risk read " + reading.join()));
		MonthPipeline pipeline = new MonthPipeline(
				new MonthPipeline.Phase("publish", running("Publish", 3, () -> ran.add("Publish"))),
				new MonthPipeline.Phase("risk", readingAhead));

		reading.complete(42);
		pipeline.run(march(() -> false));

		assertThat(ran).containsExactly("Risk reading started", "Publish", "Risk read 42");
	}

	@Test
	void aReadingNotTakenIsCancelledWhenTheMonthEndsBeforeItsCalculation() {
		CompletableFuture<Integer> reading = new CompletableFuture<>();
		MonthPipeline pipeline = new MonthPipeline(
				new MonthPipeline.Phase("publish", running("Publish", 3, () -> {
					throw new IllegalStateException("the publish failed");
				})), new MonthPipeline.Phase("risk", readingAhead("Risk", reading, () -> {
				}, () -> {
				})));

		assertThatIllegalStateException().isThrownBy(() -> pipeline.run(march(() -> false)))
			.withMessage("the publish failed");
		assertThat(reading).isCancelled();
	}

	private static MonthContext march(BooleanSupplier stopRequested) {
		return new MonthContext(new ReportingMonth(YearMonth.of(2025, 3), ZoneOffset.UTC), Path.of("config"), 1,
				new MonthInputs(Path.of("config")), stopRequested);
	}

	/** A calculation that reads and writes nothing the pipeline checks: it does what it is given and returns its rows. */
	private static MonthCalculation running(String name, int rows, Runnable work) {
		return new Scripted(name, rows, work, Optional.empty(), () -> {
		});
	}

	/** A calculation whose reading ahead is the future given; it runs the work given when calculated. */
	private static MonthCalculation readingAhead(String name, CompletableFuture<Integer> reading, Runnable started,
			Runnable work) {
		return new Scripted(name, 1, work, Optional.of(reading), started);
	}

	private record Scripted(String name, int rows, Runnable work, Optional<Future<?>> reading,
			Runnable readingStarted) implements MonthCalculation {

		@Override
		public Optional<Future<?>> startReading(MonthContext context) {
			reading.ifPresent(started -> readingStarted.run());
			return reading;
		}

		@Override
		public int calculate(MonthContext context) {
			work.run();
			return rows;
		}

		@Override
		public MonthData writes() {
			return MonthData.NOTHING;
		}

	}

	private static MonthCalculation calculation(String name, MonthData reads, MonthData writes) {
		return new MonthCalculation() {

			@Override
			public int calculate(MonthContext context) {
				return 0;
			}

			@Override
			public MonthData reads() {
				return reads;
			}

			@Override
			public MonthData writes() {
				return writes;
			}

			@Override
			public String name() {
				return name;
			}

		};
	}

}
