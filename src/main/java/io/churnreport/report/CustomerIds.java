package io.churnreport.report;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How customer identifiers are shown in customer-level outputs: the PDFs' lists (the templates
 * call {@link #shown} on the report parameter {@code CUSTOMER_IDS}) and the {@code customer_id}
 * columns of the CSV files and spreadsheets. By default each identifier is replaced by a keyed
 * pseudonym ({@code 7K3M-9QX2-HTB4}): the same customer gets the same pseudonym in every month
 * and every output, two customers practically never share one (60 bits: at a million customers
 * the chance that any two collide is below one in a million), and without the key it cannot be
 * turned back into the identifier, even by trying every identifier of a known numbering. With
 * {@code churn.reports.show-customer-ids} identifiers are shown in full.
 */
public final class CustomerIds {

	/** Crockford's base 32: digits and letters without I, L, O and U, so that no two read alike. */
	private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

	private static final String ALGORITHM = "HmacSHA256";

	/** The shortest key accepted: 16 bytes, as much as the 128 bits of a random UUID. */
	public static final int MIN_KEY_BYTES = 16;

	private final SecretKeySpec key;

	/**
	 * A Mac for each thread that shows identifiers, as a Mac is not thread-safe: looking the
	 * algorithm up for every identifier took most of the time spent on pseudonyms.
	 */
	private final ThreadLocal<Mac> macs;

	private CustomerIds(SecretKeySpec key) {
		this.key = key;
		this.macs = ThreadLocal.withInitial(() -> {
			try {
				Mac mac = Mac.getInstance(ALGORITHM);
				mac.init(key);
				return mac;
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(ALGORITHM + " is part of every Java runtime", ex);
			}
		});
	}

	/** Identifiers shown in full. */
	public static CustomerIds inFull() {
		return new CustomerIds(null);
	}

	/** Identifiers replaced by their pseudonyms under the key (at least {@value #MIN_KEY_BYTES} bytes). */
	public static CustomerIds pseudonyms(byte[] key) {
		Objects.requireNonNull(key, "key must not be null");
		if (key.length < MIN_KEY_BYTES) {
			throw new IllegalArgumentException(
					"A customer id key has at least " + MIN_KEY_BYTES + " bytes; this one has " + key.length);
		}
		return new CustomerIds(new SecretKeySpec(Arrays.copyOf(key, key.length), ALGORITHM));
	}

	/** Whether identifiers are shown in full. */
	public boolean inFullShown() {
		return key == null;
	}

	/**
	 * The identifier as it is shown: in full, or the first 60 bits of its HMAC-SHA256 under the key
	 * (of the identifier's UTF-8 bytes) in 12 base-32 characters, in groups of four; null stays null.
	 */
	public String shown(String customerId) {
		if (customerId == null || key == null) {
			return customerId;
		}
		long bits = ByteBuffer.wrap(hmac(customerId.getBytes(StandardCharsets.UTF_8))).getLong() >>> 4;
		char[] shown = new char[14];
		for (int group = 0, at = 0; group < 3; group++) {
			if (group > 0) {
				shown[at++] = '-';
			}
			for (int i = 0; i < 4; i++) {
				int shift = 55 - 5 * (4 * group + i);
				shown[at++] = ALPHABET[(int) (bits >>> shift) & 31];
			}
		}
		return new String(shown);
	}

	private byte[] hmac(byte[] message) {
		// doFinal leaves the Mac initialised with the key, ready for the next identifier
		return macs.get().doFinal(message);
	}

	/** Whether a dataset column holds customer identifiers: {@code customer_id} or {@code ..._customer_id}. */
	public static boolean isCustomerIdColumn(String column) {
		return column.equals("customer_id") || column.endsWith("_customer_id");
	}

	@Override
	public String toString() {
		return key == null ? "CustomerIds[in full]" : "CustomerIds[pseudonyms]";
	}

}
