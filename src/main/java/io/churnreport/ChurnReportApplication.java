package io.churnreport;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * churn-report: the monthly churn, retention and revenue-churn job. The process starts at the
 * command line ({@code io.churnreport.cli.ChurnReportCommand}); each command starts this
 * application context as it needs it and leaves through {@code SpringApplication.exit}, so the
 * process exit code tells a scheduler what happened.
 */
@SpringBootApplication
public class ChurnReportApplication {

}
