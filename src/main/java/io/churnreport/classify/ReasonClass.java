package io.churnreport.classify;

import java.util.Locale;

/**
 * Whether the company could have influenced a departure. {@code UNCLASSIFIED}: the CRM gave a
 * reason code the classifier does not list; {@code NO_REASON}: no reason was recorded at all.
 */
public enum ReasonClass {

	MANAGED, UNMANAGED, UNCLASSIFIED, NO_REASON;

	/** The lower-case name used in files, the mart and CSVs, e.g. {@code no_reason}. */
	public String code() {
		return name().toLowerCase(Locale.ROOT);
	}

}
