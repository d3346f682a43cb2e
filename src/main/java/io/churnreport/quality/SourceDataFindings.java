package io.churnreport.quality;

import java.util.List;
import java.util.Map;

import io.churnreport.quality.QualityRule.Action;

/**
 * What the check of a month's source rows found.
 *
 * @param rowsExtracted each source's rows as extracted, before the check, by source name in
 * contract order
 * @param findings one per source and rule that found rows, in the order the rules ran
 */
public record SourceDataFindings(Map<String, Long> rowsExtracted, List<Finding> findings) {

	/** The source's rows the check quarantined. */
	public long quarantined(String source) {
		return findings.stream()
			.filter(finding -> finding.source().equals(source) && finding.action() == Action.QUARANTINED)
			.mapToLong(Finding::rows)
			.sum();
	}

	/** The rows the check quarantined, over all sources. */
	public long quarantined() {
		return rowsExtracted.keySet().stream().mapToLong(this::quarantined).sum();
	}

	/** The rows the check kept and flagged, over all sources. */
	public long flagged() {
		return findings.stream()
			.filter(finding -> finding.action() == Action.KEPT_AND_FLAGGED)
			.mapToLong(Finding::rows)
			.sum();
	}

	/** The source's findings. */
	public List<Finding> of(String source) {
		return findings.stream().filter(finding -> finding.source().equals(source)).toList();
	}

}
