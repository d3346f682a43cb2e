package io.churnreport.metrics;

import java.nio.file.Path;

/**
 * What a calculation knows about the run: the month (in the reporting time zone) and the
 * operator's configuration directory (for files such as targets.yml).
 */
public record MonthContext(ReportingMonth month, Path configDirectory) {
}
