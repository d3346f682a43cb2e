package io.churnreport.quality;

import java.util.Set;

import io.churnreport.extract.SourceQuery;

/**
 * One check of the source contract on one source's staging table.
 *
 * @param name the rule's name, as mart.data_quality and the reports show it
 * @param source the source whose staged rows it checks
 * @param action what happens to the rows it finds
 * @param offendingRows a SELECT of the {@code ctid} of the offending rows of the source's staging
 * table for the run month, with the named parameters of {@link SourceContractRules}
 * @param rowCondition for a rule that looks at each row alone, the condition on the row's columns
 * that breaks it (what {@code offendingRows} selects by); null for a rule that compares rows with
 * each other. Rules of one source that look at rows alone are checked in one pass (see
 * {@link Quarantine#moveFirstBroken}).
 * @param otherSources the sources other than its own whose staged rows it reads: it runs after
 * their rules that come before it, the rules of other sources beside it (see {@link SourceDataCheck})
 */
public record QualityRule(String name, SourceQuery<?> source, Action action, String offendingRows,
		String rowCondition, Set<SourceQuery<?>> otherSources) {

	private static final String OFFENDING_ROW = "SELECT ctid FROM %s WHERE run_month = :runMonth AND (%s)";

	/** A rule that compares rows with each other, or looks beyond the row. */
	public static QualityRule ofRows(String name, SourceQuery<?> source, Action action, String offendingRows) {
		return new QualityRule(name, source, action, offendingRows, null, Set.of());
	}

	/** A rule that quarantines each row meeting the condition, looking at nothing but the row. */
	public static QualityRule ofEachRow(String name, SourceQuery<?> source, String rowCondition) {
		return new QualityRule(name, source, Action.QUARANTINED,
				OFFENDING_ROW.formatted(source.stagingTable(), rowCondition), rowCondition, Set.of());
	}

	/** The rule, reading the staged rows of these sources too. */
	public QualityRule alsoReading(SourceQuery<?>... sources) {
		return new QualityRule(name, source, action, offendingRows, rowCondition, Set.of(sources));
	}

	/** Whether the rule reads the staged rows of the source, its own included. */
	public boolean reads(SourceQuery<?> other) {
		return other == source || otherSources.contains(other);
	}

	/** Whether the rule looks at each row alone. */
	public boolean looksAtEachRowAlone() {
		return rowCondition != null;
	}

	public enum Action {

		/** Moved out of staging into quality.quarantined_row: the month's figures do not see it. */
		QUARANTINED("quarantined"),

		/** Kept in staging and counted: the figures use it, the reports say how many there were. */
		KEPT_AND_FLAGGED("kept-and-flagged");

		private final String code;

		Action(String code) {
			this.code = code;
		}

		/** As stored in mart.data_quality.action. */
		public String code() {
			return code;
		}

	}

}
