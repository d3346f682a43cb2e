package io.churnreport;

import org.springframework.boot.autoconfigure.SpringBootApplication;

import io.churnreport.cli.ChurnReportCommand;

/**
 * churn-report: the monthly churn, retention and revenue-churn job. {@link #main} parses the
 * command line; each command starts the application context it needs and leaves through
 * {@code SpringApplication.exit}, so the process exit code tells a scheduler what happened (see
 * {@link io.churnreport.cli.ExitCodes}).
 */
@SpringBootApplication
public class ChurnReportApplication {

	public static void main(String[] args) {
		System.exit(ChurnReportCommand.execute(args));
	}

}
