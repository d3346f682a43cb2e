package io.churnreport.extract;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The run-month partitions of the large staging tables (see migration V11): a month's partitions
 * are created and emptied when the month starts, and the partitions of months that have completed
 * are dropped when another month starts, so staging holds the months in flight and the last one
 * run, not a copy of the sources for every month ever run.
 */
public final class StagingPartitions {

	/** The partitioned staging tables. */
	public static final List<String> TABLES = List.of("customer", "subscription_period", "invoice", "cancellation");

	private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("uuuuMM");

	private static final Pattern MONTH_SUFFIX = Pattern.compile("_(\\d{6})$");

	private static final String PARTITIONS = """
			SELECT child.relname
			FROM pg_inherits inheritance
			JOIN pg_class child ON child.oid = inheritance.inhrelid
			JOIN pg_class parent ON parent.oid = inheritance.inhparent
			JOIN pg_namespace schema ON schema.oid = parent.relnamespace
			WHERE schema.nspname = 'staging' AND parent.relname = :table AND child.relkind = 'r'
			""";

	private StagingPartitions() {
	}

	/** The qualified name of the table's partition for the run month. */
	public static String partition(String table, LocalDate runMonth) {
		return partitionOf("staging." + table, runMonth);
	}

	/** The partition for the run month of a table named with its schema. */
	public static String partitionOf(String qualifiedTable, LocalDate runMonth) {
		return qualifiedTable + "_" + runMonth.format(SUFFIX);
	}

	/** Creates the month's partitions where missing and empties them. */
	public static void prepare(JdbcClient reporting, LocalDate runMonth) {
		for (String table : TABLES) {
			// DDL takes no bind parameters: the bound is a LocalDate, whose text is an ISO date
			reporting.sql("CREATE TABLE IF NOT EXISTS " + partition(table, runMonth) + " PARTITION OF staging." + table
					+ " FOR VALUES IN ('" + runMonth + "')").update();
			empty(reporting, table, runMonth);
		}
	}

	/** Empties the table's partition for the run month. */
	public static void empty(JdbcClient reporting, String table, LocalDate runMonth) {
		reporting.sql("TRUNCATE " + partition(table, runMonth)).update();
	}

	/** Empties the run month's partition of a table named with its schema. */
	public static void emptyQualified(JdbcClient reporting, String qualifiedTable, LocalDate runMonth) {
		reporting.sql("TRUNCATE " + partitionOf(qualifiedTable, runMonth)).update();
	}

	/**
	 * Drops the partitions of the months whose last run completed, except the run month's. Only the
	 * months that still have partitions are asked about: the months in flight and the last one run.
	 * @param completed whether a month's last run completed, as the job repository records it
	 * @return the number of partitions dropped
	 */
	public static int dropCompletedMonths(JdbcClient reporting, LocalDate runMonth, Predicate<YearMonth> completed) {
		Map<YearMonth, Boolean> droppable = new HashMap<>();
		int dropped = 0;
		for (String table : TABLES) {
			for (String partition : reporting.sql(PARTITIONS).param("table", table).query(String.class).list()) {
				Matcher suffix = MONTH_SUFFIX.matcher(partition);
				// only names of our own making go into the DDL (which takes no bind parameters)
				if (!suffix.find() || !partition.equals(table + suffix.group())) {
					continue;
				}
				YearMonth month = YearMonth.parse(suffix.group(1), SUFFIX);
				if (droppable.computeIfAbsent(month,
						candidate -> !candidate.equals(YearMonth.from(runMonth)) && completed.test(candidate))) {
					reporting.sql("DROP TABLE staging." + partition).update();
					dropped++;
				}
			}
		}
		return dropped;
	}

}
