package io.churnreport.cli;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Empties the embedded reporting database (job repository, staging, mart) before a demo. */
final class DemoReset {

	/** Every table of staging, the mart (but its metric catalogue) and the history, and the job repository. */
	private static final String CLEAR = """
			DO $$
			DECLARE
			    tables text;
			BEGIN
			    SELECT string_agg(format('%I.%I', schemaname, tablename), ', ') INTO tables
			    FROM pg_tables
			    WHERE (schemaname IN ('staging', 'mart', 'mart_history') AND tablename <> 'metric_definition')
			       OR (schemaname = 'public' AND tablename LIKE 'batch\\_%');
			    EXECUTE 'TRUNCATE ' || tables;
			END $$;
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
