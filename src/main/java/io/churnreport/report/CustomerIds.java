package io.churnreport.report;

/**
 * How customer identifiers are shown in customer-level outputs unless
 * {@code churn.reports.show-customer-ids} is true: the PDFs' lists (the management report's
 * template calls {@link #mask}), and the {@code customer_id} columns of the CSV files and
 * spreadsheets. Enough is left to tell rows apart and to find a customer one already knows;
 * the full identifier stays in the reporting database only.
 */
public final class CustomerIds {

	/** Stands for the hidden characters. */
	public static final String HIDDEN = "•••";

	private CustomerIds() {
	}

	/**
	 * The first two and the last two characters of an identifier of six or more ({@code CU•••42}),
	 * only the first of a shorter one ({@code 1•••}), nothing of a single character; null stays null.
	 */
	public static String mask(String customerId) {
		if (customerId == null) {
			return null;
		}
		if (customerId.length() >= 6) {
			return customerId.substring(0, 2) + HIDDEN + customerId.substring(customerId.length() - 2);
		}
		if (customerId.length() >= 2) {
			return customerId.substring(0, 1) + HIDDEN;
		}
		return HIDDEN;
	}

	/** Whether a dataset column holds customer identifiers: {@code customer_id} or {@code ..._customer_id}. */
	public static boolean isCustomerIdColumn(String column) {
		return column.equals("customer_id") || column.endsWith("_customer_id");
	}

}
