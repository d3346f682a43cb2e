package io.churnreport.quality;

import io.churnreport.extract.SourceQuery;

/**
 * One check of the source contract on one source's staging table.
 *
 * @param name the rule's name, as mart.data_quality and the reports show it
 * @param source the source whose staged rows it checks
 * @param action what happens to the rows it finds
 * @param offendingRows a SELECT of the {@code ctid} of the offending rows of the source's staging
 * table for the run month, with the named parameters of {@link SourceContractRules}
 */
public record QualityRule(String name, SourceQuery<?> source, Action action, String offendingRows) {

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
