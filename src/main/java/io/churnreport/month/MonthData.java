package io.churnreport.month;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Results of the month that calculations pass to one another through the reporting database: mart
 * tables (by qualified name) and summary metrics. A calculation declares what it reads and writes
 * of them, so that the month pipeline can check that nothing is read before it is written.
 */
public record MonthData(Set<String> tables, Set<Metric> metrics) {

	public static final MonthData NOTHING = new MonthData(Set.of(), Set.of());

	public MonthData {
		tables = Set.copyOf(new TreeSet<>(tables));
		metrics = metrics.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(metrics));
	}

	public static MonthData tables(String... tables) {
		return new MonthData(Set.of(tables), Set.of());
	}

	public static MonthData metrics(Metric... metrics) {
		return NOTHING.andMetrics(metrics);
	}

	/** The metrics of a section of the catalogue. */
	public static MonthData metricsOf(MetricSection section) {
		return new MonthData(Set.of(), Set.copyOf(Metric.in(section)));
	}

	public MonthData andMetrics(Metric... more) {
		Set<Metric> all = metrics.isEmpty() ? EnumSet.noneOf(Metric.class) : EnumSet.copyOf(metrics);
		all.addAll(Arrays.asList(more));
		return new MonthData(tables, all);
	}

	public MonthData andTables(String... more) {
		Set<String> all = new TreeSet<>(tables);
		all.addAll(Arrays.asList(more));
		return new MonthData(all, metrics);
	}

	public boolean isEmpty() {
		return tables.isEmpty() && metrics.isEmpty();
	}

}
