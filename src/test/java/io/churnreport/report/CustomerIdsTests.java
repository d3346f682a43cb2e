package io.churnreport.report;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import io.churnreport.system.InParallel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CustomerIdsTests {

	private static final byte[] KEY = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

	@Test
	void aPseudonymIsTheFirst60BitsOfTheHmacInCrockfordBase32() {
		// echo -n CUST-004242 | openssl dgst -sha256 -hmac 0123456789abcdef gives 98e3561a353f3895...;
		// its first 15 hex digits, 0x98e3561a353f389, in groups of 5 bits: 10011 00011 10001 10101 ...
		// = 19 3 17 20 ... = K 3 H N ... (Crockford: A=10, no I L O U)
		assertThat(CustomerIds.pseudonyms(KEY).shown("CUST-004242")).isEqualTo("K3HN-C6HN-7WW9");
		// ... and CUST-004243 gives c26ea7e5fe9b4fd3...
		assertThat(CustomerIds.pseudonyms(KEY).shown("CUST-004243")).isEqualTo("R9QA-FSFY-KD7X");
	}

	@Test
	void theSameIdGivesTheSamePseudonymAndAnotherKeyAnother() {
		CustomerIds ids = CustomerIds.pseudonyms(KEY);
		assertThat(ids.shown("42")).isEqualTo(CustomerIds.pseudonyms(KEY.clone()).shown("42"));
		assertThat(CustomerIds.pseudonyms("fedcba9876543210".getBytes(StandardCharsets.US_ASCII)).shown("42"))
			.isNotEqualTo(ids.shown("42"));
		assertThat(ids.shown(null)).isNull();
	}

	@Test
	void idsShownOnSeveralThreadsAtOnceGetTheirOwnPseudonyms() {
		// the spreadsheets and CSV files are written on threads of their own (InParallel), with one CustomerIds
		CustomerIds ids = CustomerIds.pseudonyms(KEY);
		List<Supplier<Set<String>>> threads = new ArrayList<>();
		for (int thread = 0; thread < 4; thread++) {
			threads.add(() -> {
				Set<String> shown = new HashSet<>();
				for (int i = 0; i < 10_000; i++) {
					shown.add(ids.shown(i % 2 == 0 ? "CUST-004242" : "CUST-004243"));
				}
				return shown;
			});
		}
		for (Set<String> shown : InParallel.results("customer-ids-test-", 4, threads)) {
			// the values worked out above
			assertThat(shown).containsExactlyInAnyOrder("K3HN-C6HN-7WW9", "R9QA-FSFY-KD7X");
		}
	}

	@Test
	void aMillionNumberedIdsGetAMillionPseudonyms() {
		// numbered ids, the kind whose first and last two characters often coincide (10•••04)
		CustomerIds ids = CustomerIds.pseudonyms(KEY);
		Set<String> seen = new HashSet<>();
		for (int id = 1; id <= 1_000_000; id++) {
			seen.add(ids.shown(Integer.toString(id)));
		}
		assertThat(seen).hasSize(1_000_000);
	}

	@Test
	void inFullShowsTheIdAndAShortKeyIsRefused() {
		assertThat(CustomerIds.inFull().shown("CUST-004242")).isEqualTo("CUST-004242");
		assertThatIllegalArgumentException().isThrownBy(() -> CustomerIds.pseudonyms(new byte[15]))
			.withMessageContaining("at least 16 bytes");
	}

	@Test
	void customerIdColumnsAreFoundByName() {
		assertThat(CustomerIds.isCustomerIdColumn("customer_id")).isTrue();
		assertThat(CustomerIds.isCustomerIdColumn("saved_customer_id")).isTrue();
		assertThat(CustomerIds.isCustomerIdColumn("customers")).isFalse();
		assertThat(CustomerIds.isCustomerIdColumn("customer_ids_shown")).isFalse();
	}

}
