package io.churnreport.report;

import java.nio.charset.StandardCharsets;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.churnreport.system.ChurnProperties;

/**
 * How this installation shows customer identifiers ({@link CustomerIds}): in full when
 * {@code churn.reports.show-customer-ids} is true, else as pseudonyms under the key
 * {@code churn.reports.customer-id-key} (a secret: the environment or the secrets directory), or,
 * when none is configured, under the key the reporting database drew when it was created
 * ({@code mart.customer_id_key}). Read when first needed, not at start-up, so that commands that
 * only check (and may run before the database is migrated) never read it.
 */
@Component
public class CustomerIdPseudonyms {

	private static final String STORED_KEY = "SELECT key FROM mart.customer_id_key";

	private final JdbcClient reporting;

	private final ChurnProperties.Reports settings;

	private volatile CustomerIds shown;

	public CustomerIdPseudonyms(JdbcClient reporting, ChurnProperties properties) {
		this.reporting = reporting;
		this.settings = properties.reports();
	}

	/** How customer identifiers are shown in the month's outputs. */
	public CustomerIds shown() {
		CustomerIds known = shown;
		if (known == null) {
			known = settings.showCustomerIds() ? CustomerIds.inFull() : CustomerIds.pseudonyms(key());
			shown = known;
		}
		return known;
	}

	private byte[] key() {
		if (settings.customerIdKey() != null) {
			return settings.customerIdKey().getBytes(StandardCharsets.UTF_8);
		}
		return reporting.sql(STORED_KEY).query(byte[].class).single();
	}

}
