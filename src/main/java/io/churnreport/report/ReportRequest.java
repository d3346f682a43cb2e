package io.churnreport.report;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Objects;

/**
 * What a report is rendered for and how it is presented.
 *
 * @param month the reported month; any day of it selects the month, which is kept as its first
 * day, the key of the mart tables
 * @param companyName shown in the title
 * @param currency the currency code shown beside amounts, e.g. {@code USD}
 * @param zone the zone in which times such as the run's start are shown
 * @param locale the language of month names and the number format
 * @param customerIds how customer-level lists show identifiers
 * @param codeLabels what plan and segment codes are called in the report's language
 */
public record ReportRequest(LocalDate month, String companyName, String currency, ZoneId zone, Locale locale,
		CustomerIds customerIds, CodeLabels codeLabels) {

	public ReportRequest {
		Objects.requireNonNull(month, "month must not be null");
		Objects.requireNonNull(companyName, "companyName must not be null");
		Objects.requireNonNull(currency, "currency must not be null");
		Objects.requireNonNull(zone, "zone must not be null");
		Objects.requireNonNull(locale, "locale must not be null");
		Objects.requireNonNull(customerIds, "customerIds must not be null");
		Objects.requireNonNull(codeLabels, "codeLabels must not be null");
		month = month.withDayOfMonth(1);
	}

	/** A report that shows plan and segment codes as they are. */
	public ReportRequest(LocalDate month, String companyName, String currency, ZoneId zone, Locale locale,
			CustomerIds customerIds) {
		this(month, companyName, currency, zone, locale, customerIds, CodeLabels.NONE);
	}

}
