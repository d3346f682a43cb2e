package io.churnreport.delivery;

import java.time.YearMonth;
import java.util.Optional;

/**
 * What one delivery of a report to one recipient came to: a row of mart.delivery.
 * @param target {@code email} or {@code directory}
 * @param recipient the e-mail address, or the directory the pack was copied into
 * @param attempts how often it was tried
 * @param error why the last try failed; empty when it was sent
 */
public record DeliveryRecord(YearMonth month, long version, String report, String target, String recipient,
		boolean sent, int attempts, Optional<String> error) {

	public static final String EMAIL = "email";

	public static final String DIRECTORY = "directory";

	public String status() {
		return sent ? "sent" : "failed";
	}

}
