package io.churnreport.job;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.churnreport.breakdown.ChurnCauseCalculation;
import io.churnreport.breakdown.CompetitorChurnCalculation;
import io.churnreport.breakdown.EarlyChurnCalculation;
import io.churnreport.breakdown.SameMonthChurnCalculation;
import io.churnreport.breakdown.SegmentChurnCalculation;
import io.churnreport.classify.ChurnByReasonCalculation;
import io.churnreport.classify.ReasonLabelCalculation;
import io.churnreport.extract.MonthExtractCalculation;
import io.churnreport.metrics.CohortRetentionCalculation;
import io.churnreport.metrics.MonthlySummaryCalculation;
import io.churnreport.metrics.MrrMovementCalculation;
import io.churnreport.plan.ChurnPlanCalculation;
import io.churnreport.quality.DataQualityCalculation;
import io.churnreport.retention.HiddenChurnCalculation;
import io.churnreport.retention.RetentionDeskCalculation;
import io.churnreport.risk.CustomerRiskCalculation;

/**
 * The month's calculations, top to bottom: the one place that says what runs in computeMetricsStep
 * and in which order. The steps before it stage the sources (extract, check, invoice history,
 * month-end MRR) and classify the churned customers; the steps after it write the outputs. What
 * each calculation reads of the others is declared by the calculation ({@code reads()}), and
 * {@link MonthPipeline} refuses an order that reads anything before it is written.
 */
@Configuration(proxyBeanMethods = false)
class MonthPipelineConfiguration {

	@Bean
	MonthPipeline monthPipeline(JdbcClient reporting, MonthlySummaryCalculation summary,
			ChurnByReasonCalculation churnByReason, CohortRetentionCalculation cohortRetention,
			MrrMovementCalculation mrrMovements, ChurnCauseCalculation churnCauses, EarlyChurnCalculation earlyChurn,
			SameMonthChurnCalculation sameMonthChurn, CompetitorChurnCalculation competitorChurn,
			SegmentChurnCalculation segmentChurn, HiddenChurnCalculation hiddenChurn,
			RetentionDeskCalculation retentionDesk, DataQualityCalculation dataQuality,
			ChurnPlanCalculation churnPlan, ReasonLabelCalculation reasonLabels,
			MonthExtractCalculation monthExtract, CustomerRiskCalculation customerRisk) {
		return new MonthPipeline(
				// the version being replaced goes to mart_history; the classified churners are published
				new MonthPipeline.Phase("publish", MonthVersionCalculations.keepPreviousVersion(reporting),
						MonthVersionCalculations.publishChurnedCustomers(reporting)),
				// the customer bridge, churn rate and churn by reason class: what most others read
				new MonthPipeline.Phase("summary", summary),
				// breakdowns of the month: they read the summary and the churned customers only; and what the
				// reports show of the month's extract, kept for when its staging partitions are gone
				new MonthPipeline.Phase("breakdowns", churnByReason, reasonLabels, cohortRetention, mrrMovements, churnCauses,
						earlyChurn, sameMonthChurn, competitorChurn, segmentChurn, hiddenChurn, retentionDesk,
						dataQuality, monthExtract),
				// the month against the churn plan and the months before it
				new MonthPipeline.Phase("comparisons", churnPlan),
				// who is likely to leave next month, and how last month's list did
				new MonthPipeline.Phase("customers at risk", customerRisk))
			.requireEveryMetricWritten();
	}

}
