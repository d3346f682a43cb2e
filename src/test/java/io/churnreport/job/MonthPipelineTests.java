package io.churnreport.job;

import org.junit.jupiter.api.Test;

import io.churnreport.month.Metric;
import io.churnreport.month.MonthCalculation;
import io.churnreport.month.MonthContext;
import io.churnreport.month.MonthData;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

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
