package io.churnreport.quality;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.churnreport.extract.SourceQuery;
import io.churnreport.month.ReportingMonth;
import io.churnreport.quality.QualityRule.Action;
import io.churnreport.system.ConfigurationFileNames;

/**
 * The limit on quarantined rows: when more than {@code churn.data-quality.max-quarantined-percent}
 * of any source's extracted rows were quarantined, the month's figures would mislead, so the run
 * fails before anything is published. Flagged rows are kept and do not count.
 */
public final class QuarantineLimit {

	private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

	private QuarantineLimit() {
	}

	/**
	 * @throws DataQualityLimitExceededException naming each source over the limit, its counts per
	 * rule, where the rows are and the commands to go on with
	 */
	public static void enforce(SourceDataFindings findings, BigDecimal maxQuarantinedPercent, ReportingMonth month,
			Path configDirectory) {
		List<String> overLimit = new ArrayList<>();
		Set<String> queries = new LinkedHashSet<>();
		for (SourceQuery<?> source : SourceQuery.ALL) {
			long extracted = findings.rowsExtracted().getOrDefault(source.name(), 0L);
			long quarantined = findings.quarantined(source.name());
			if (extracted == 0 || quarantined == 0) {
				continue;
			}
			BigDecimal percent = BigDecimal.valueOf(quarantined)
				.multiply(HUNDRED)
				.divide(BigDecimal.valueOf(extracted), 2, RoundingMode.HALF_UP);
			if (BigDecimal.valueOf(quarantined).multiply(HUNDRED)
				.compareTo(maxQuarantinedPercent.multiply(BigDecimal.valueOf(extracted))) > 0) {
				overLimit.add(source.name() + ": " + quarantined + " of " + extracted + " rows quarantined ("
						+ percent.toPlainString() + "%): " + perRule(findings, source));
				queries.add(source.database() + " ("
						+ ConfigurationFileNames.name(configDirectory, source.path(configDirectory)) + ")");
			}
		}
		if (overLimit.isEmpty()) {
			return;
		}
		String monthText = ReportingMonth.format(month.month());
		throw new DataQualityLimitExceededException("Source data failed the data-quality limit of "
				+ maxQuarantinedPercent.stripTrailingZeros().toPlainString()
				+ "% quarantined rows per source (churn.data-quality.max-quarantined-percent): "
				+ String.join("; ", overLimit) + ". Nothing was published for " + monthText
				+ ". See the rows with: SELECT source, rule, source_row FROM quality.quarantined_row WHERE run_month = '"
				+ month.firstDay() + "'. Fix them in the source: " + String.join(", ", queries)
				+ ", then extract the month again with: churn-report restart --month " + monthText
				+ " --re-extract; or, if these rows may be left out, raise churn.data-quality.max-quarantined-percent"
				+ " and check the same rows again with: churn-report restart --month " + monthText);
	}

	private static String perRule(SourceDataFindings findings, SourceQuery<?> source) {
		return findings.of(source.name())
			.stream()
			.filter(finding -> finding.action() == Action.QUARANTINED)
			.map(finding -> finding.rule() + " " + finding.rows())
			.collect(Collectors.joining(", "));
	}

}
