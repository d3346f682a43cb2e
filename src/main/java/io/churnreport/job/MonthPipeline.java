package io.churnreport.job;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobInterruptedException;

import io.churnreport.month.Metric;
import io.churnreport.month.MonthCalculation;
import io.churnreport.month.MonthContext;
import io.churnreport.month.MonthStoppedException;

/**
 * The calculations of a month in the order they run, grouped in named phases. Built once, it
 * refuses an order in which a calculation reads a table or metric that a later one writes, or in
 * which two calculations write the same one.
 */
public final class MonthPipeline {

	/** Times each calculation, under a name of its own so that it can be turned on alone. */
	private static final Logger calculationLog = LoggerFactory.getLogger(MonthCalculation.class);

	/** A named group of calculations, run in the order given. */
	public record Phase(String name, List<MonthCalculation> calculations) {

		public Phase(String name, MonthCalculation... calculations) {
			this(name, List.of(calculations));
		}

	}

	private final List<Phase> phases;

	public MonthPipeline(Phase... phases) {
		this.phases = List.of(phases);
		checkOrder();
	}

	public List<Phase> phases() {
		return phases;
	}

	/** Every calculation, in the order it runs. */
	public List<MonthCalculation> calculations() {
		return phases.stream().flatMap(phase -> phase.calculations().stream()).toList();
	}

	/**
	 * Starts what the calculations read ahead ({@link MonthCalculation#startReading}), then runs the
	 * calculations in order, asking before each whether the run was asked to stop (as the
	 * long ones ask between their parts, see {@link MonthContext#stopIfRequested}): a stop then ends
	 * the step there rather than after the last calculation (a month's customers at risk alone take a
	 * minute at a million customers), and the step's transaction takes back what was written.
	 * @return the rows the calculations wrote
	 * @throws JobInterruptedException when a stop was asked for
	 */
	int run(MonthContext context) throws JobInterruptedException {
		int rows = 0;
		List<Future<?>> readings = new ArrayList<>();
		try {
			for (MonthCalculation calculation : calculations()) {
				calculation.startReading(context).ifPresent(readings::add);
			}
			for (MonthCalculation calculation : calculations()) {
				context.stopIfRequested("before " + calculation.name());
				long started = System.nanoTime();
				int written = calculation.calculate(context);
				// where the step's time goes, for benchmarks and slow months (logger io.churnreport.month at DEBUG)
				calculationLog.debug("{} [{}]: {} rows in {} ms", calculation.name(), context.month(), written,
						(System.nanoTime() - started) / 1_000_000);
				rows += written;
			}
		}
		catch (MonthStoppedException ex) {
			throw new JobInterruptedException(ex.getMessage());
		}
		finally {
			// a month that ends before a calculation took its reading leaves nothing reading
			readings.forEach(reading -> reading.cancel(true));
		}
		return rows;
	}

	/**
	 * Refuses a pipeline in which some metric of the catalogue is written by no calculation, so
	 * that a metric declared but never computed fails the start rather than leaving a hole.
	 * @return this pipeline
	 */
	public MonthPipeline requireEveryMetricWritten() {
		Set<Metric> unwritten = EnumSet.allOf(Metric.class);
		calculations().forEach(calculation -> unwritten.removeAll(calculation.writes().metrics()));
		if (!unwritten.isEmpty()) {
			throw new IllegalStateException("No calculation of the month pipeline writes "
					+ unwritten.stream().map(Metric::metricName).toList()
					+ ": name the metric in the writes() of the calculation that stores it");
		}
		return this;
	}

	private void checkOrder() {
		Map<String, MonthCalculation> tableWriters = new HashMap<>();
		Map<Metric, MonthCalculation> metricWriters = new HashMap<>();
		for (MonthCalculation calculation : calculations()) {
			calculation.writes().tables().forEach(table -> written(tableWriters, table, calculation));
			calculation.writes().metrics().forEach(metric -> written(metricWriters, metric, calculation));
		}
		List<MonthCalculation> done = new ArrayList<>();
		for (MonthCalculation calculation : calculations()) {
			done.add(calculation);
			calculation.reads().tables().forEach(table -> readAfterWrite(tableWriters, table, calculation, done));
			calculation.reads().metrics().forEach(metric -> readAfterWrite(metricWriters, metric, calculation, done));
		}
	}

	private static <K> void written(Map<K, MonthCalculation> writers, K data, MonthCalculation calculation) {
		MonthCalculation other = writers.putIfAbsent(data, calculation);
		if (other != null) {
			throw new IllegalStateException(
					"Both " + other.name() + " and " + calculation.name() + " write " + describe(data) + " in the month pipeline");
		}
	}

	private static <K> void readAfterWrite(Map<K, MonthCalculation> writers, K data, MonthCalculation reader,
			List<MonthCalculation> done) {
		MonthCalculation writer = writers.get(data);
		if (writer != null && !done.contains(writer)) {
			throw new IllegalStateException(reader.name() + " reads " + describe(data) + " before " + writer.name()
					+ " writes it: list " + writer.name() + " earlier in the month pipeline");
		}
	}

	private static String describe(Object data) {
		return data instanceof Metric metric ? "metric " + metric.metricName() : data.toString();
	}

}
