package io.churnreport.delivery;

import java.util.List;
import java.util.Optional;

import io.churnreport.month.Metric;
import io.churnreport.report.ReportRenderer;

/**
 * A report as it is delivered: its PDF (and spreadsheet) of the month directory, and the headline
 * figures its mail carries, chosen for its readers: customers for management, MRR for finance.
 */
public enum ReportPack {

	MANAGEMENT(ReportRenderer.MANAGEMENT_REPORT, List.of(Metric.CUSTOMERS_START, Metric.CUSTOMERS_END,
			Metric.CHURN_RATE, Metric.CHURNED_MANAGED, Metric.CHURNED_UNMANAGED, Metric.MRR_END,
			Metric.NET_MRR_CHURN_RATE)),

	FINANCE(ReportRenderer.FINANCE_REPORT, List.of(Metric.MRR_START, Metric.MRR_END, Metric.MRR_CHURNED,
			Metric.GROSS_MRR_CHURN_RATE, Metric.NET_MRR_CHURN_RATE, Metric.GRR, Metric.NRR));

	private final String report;

	private final List<Metric> headline;

	ReportPack(String report, List<Metric> headline) {
		this.report = report;
		this.headline = headline;
	}

	/** The report's name, as in its files and in churn.delivery: {@code management-report}, {@code finance-report}. */
	public String report() {
		return report;
	}

	public List<Metric> headline() {
		return headline;
	}

	public String pdf() {
		return report + ".pdf";
	}

	public String xlsx() {
		return report + ".xlsx";
	}

	public static Optional<ReportPack> named(String report) {
		for (ReportPack pack : values()) {
			if (pack.report.equals(report)) {
				return Optional.of(pack);
			}
		}
		return Optional.empty();
	}

	/** The names, for messages: {@code management-report, finance-report}. */
	public static String names() {
		return String.join(", ", java.util.Arrays.stream(values()).map(ReportPack::report).toList());
	}

}
