package io.churnreport.quality;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.churnreport.extract.SourceQuery;

/**
 * The quarantine of a month: moving offending staged rows into {@code quality.quarantined_row}
 * (the whole staged row as JSON, with the rule it broke), putting them back for a new check, and
 * the month's findings in {@code staging.data_quality} until they are published.
 */
@Component
public class Quarantine {

	/** Deletes the offending rows from staging and inserts them, as they were, into the quarantine. */
	private static final String MOVE = """
			WITH moved AS (
			    DELETE FROM %s staged
			    WHERE staged.run_month = :runMonth AND staged.ctid = ANY (ARRAY(%s))
			    RETURNING staged.*
			)
			INSERT INTO quality.quarantined_row (run_month, source, rule, source_row)
			SELECT :runMonth, :source, :rule, to_jsonb(moved) FROM moved
			""";

	/**
	 * Moves the rows that break any of the conditions (%2$s: each in parentheses, joined by OR) into
	 * the quarantine, each under the first rule it breaks (%3$s: WHEN condition THEN rule, in the
	 * rules' order), in one pass over the table; counts the rows moved per rule.
	 */
	private static final String MOVE_FIRST_BROKEN = """
			WITH moved AS (
			    DELETE FROM %1$s staged
			    WHERE staged.run_month = :runMonth AND (%2$s)
			    RETURNING CASE %3$s END AS rule, to_jsonb(staged) AS source_row
			), quarantined AS (
			    INSERT INTO quality.quarantined_row (run_month, source, rule, source_row)
			    SELECT :runMonth, :source, rule, source_row FROM moved
			    RETURNING rule
			)
			SELECT rule, count(*) AS rows FROM quarantined GROUP BY rule
			""";

	/** Puts the month's quarantined rows of a source back into staging, exactly as they were staged. */
	private static final String RESTORE = """
			WITH restored AS (
			    DELETE FROM quality.quarantined_row WHERE run_month = :runMonth AND source = :source
			    RETURNING source_row
			)
			INSERT INTO %1$s SELECT (jsonb_populate_record(NULL::%1$s, source_row)).* FROM restored
			""";

	private static final String COUNT_STAGED = "SELECT count(*) FROM %s WHERE run_month = :runMonth";

	private static final String COUNT_OFFENDING = "SELECT count(*) FROM (%s) offending";

	private static final String DELETE_FINDINGS = "DELETE FROM staging.data_quality WHERE run_month = :runMonth";

	private static final String INSERT_FINDING = """
			INSERT INTO staging.data_quality (run_month, source, rule, action, rows, rows_extracted)
			VALUES (:runMonth, :source, :rule, :action, :rows, :rowsExtracted)
			""";

	private static final String COUNT_PER_SOURCE = """
			SELECT source, count(*) AS rows FROM quality.quarantined_row WHERE run_month = :runMonth GROUP BY source
			""";

	private final JdbcClient reporting;

	public Quarantine(JdbcClient reporting) {
		this.reporting = reporting;
	}

	/**
	 * Undoes an earlier check of the month, so that a restart checks the rows as they were extracted
	 * (with the thresholds configured now): the quarantined rows go back to staging and the findings
	 * are deleted. Returns how many rows came back.
	 */
	public int restore(LocalDate runMonth) {
		int restored = 0;
		for (SourceQuery<?> source : SourceQuery.ALL) {
			restored += reporting.sql(RESTORE.formatted(source.stagingTable()))
				.param("runMonth", runMonth)
				.param("source", source.name())
				.update();
		}
		reporting.sql(DELETE_FINDINGS).param("runMonth", runMonth).update();
		return restored;
	}

	/** The source's rows staged for the month. */
	public long staged(SourceQuery<?> source, LocalDate runMonth) {
		return reporting.sql(COUNT_STAGED.formatted(source.stagingTable()))
			.param("runMonth", runMonth)
			.query(Long.class)
			.single();
	}

	/** The month's rows in the quarantine, by source name; a source without any is left out. */
	public Map<String, Long> quarantinedPerSource(LocalDate runMonth) {
		Map<String, Long> rows = new LinkedHashMap<>();
		reporting.sql(COUNT_PER_SOURCE)
			.param("runMonth", runMonth)
			.query((rs, n) -> Map.entry(rs.getString("source"), rs.getLong("rows")))
			.list()
			.forEach(entry -> rows.put(entry.getKey(), entry.getValue()));
		return rows;
	}

	/** Moves the rows the rule finds into the quarantine and returns how many. */
	public int move(QualityRule rule, Map<String, Object> parameters) {
		return reporting.sql(MOVE.formatted(rule.source().stagingTable(), rule.offendingRows()))
			.params(parameters)
			.param("source", rule.source().name())
			.param("rule", rule.name())
			.update();
	}

	/**
	 * Moves the rows that break any of the rules into the quarantine, each under the first one it
	 * breaks, as if the rules ran one after the other; returns how many rows each rule moved (a
	 * rule that moved none is left out).
	 * @param rules rules of one source that each look at a row alone, in the order they run
	 */
	public Map<String, Long> moveFirstBroken(List<QualityRule> rules, Map<String, Object> parameters) {
		SourceQuery<?> source = rules.get(0).source();
		if (rules.stream().anyMatch(rule -> rule.source() != source || !rule.looksAtEachRowAlone())) {
			throw new IllegalArgumentException("Not rules of one source that look at each row alone: " + rules);
		}
		String anyBroken = rules.stream()
			.map(rule -> "(" + rule.rowCondition() + ")")
			.collect(Collectors.joining(" OR "));
		// the names are constants of SourceContractRules, quoted as SQL literals
		String firstBroken = rules.stream()
			.map(rule -> "WHEN (" + rule.rowCondition() + ") THEN '" + rule.name() + "'")
			.collect(Collectors.joining(" "));
		Map<String, Long> moved = new LinkedHashMap<>();
		reporting.sql(MOVE_FIRST_BROKEN.formatted(source.stagingTable(), anyBroken, firstBroken))
			.params(parameters)
			.param("source", source.name())
			.query((rs, n) -> Map.entry(rs.getString("rule"), rs.getLong("rows")))
			.list()
			.forEach(entry -> moved.put(entry.getKey(), entry.getValue()));
		return moved;
	}

	/** How many rows the rule finds, leaving them where they are. */
	public long count(QualityRule rule, Map<String, Object> parameters) {
		return reporting.sql(COUNT_OFFENDING.formatted(rule.offendingRows())).params(parameters).query(Long.class).single();
	}

	public void record(LocalDate runMonth, Finding finding) {
		reporting.sql(INSERT_FINDING)
			.param("runMonth", runMonth)
			.param("source", finding.source())
			.param("rule", finding.rule())
			.param("action", finding.action().code())
			.param("rows", Math.toIntExact(finding.rows()))
			.param("rowsExtracted", Math.toIntExact(finding.rowsExtracted()))
			.update();
	}

}
