package io.churnreport.cli;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Empties the embedded reporting database (job repository, staging, mart) before a demo. */
final class DemoReset {

	private static final String CLEAR = """
			TRUNCATE batch_step_execution_context, batch_job_execution_context, batch_step_execution,
			         batch_job_execution_params, batch_job_execution, batch_job_instance,
			         staging.customer, staging.subscription_period, staging.invoice, staging.cancellation,
			         staging.customer_month_mrr, mart.month_run, mart.monthly_metric, mart.churned_customer,
			         mart.churn_by_reason, mart.cohort_retention;
			ALTER SEQUENCE batch_job_instance_seq RESTART;
			ALTER SEQUENCE batch_job_execution_seq RESTART;
			ALTER SEQUENCE batch_step_execution_seq RESTART
			""";

	private DemoReset() {
	}

	static void clearReportingDatabase(JdbcClient reporting) {
		reporting.sql(CLEAR).update();
	}

}
