package io.churnreport.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CustomerIdsTests {

	@Test
	void keepsTheFirstAndLastTwoCharactersOfALongId() {
		assertThat(CustomerIds.mask("CUST-004242")).isEqualTo("CU•••42");
		assertThat(CustomerIds.mask("ABCDEF")).isEqualTo("AB•••EF");
	}

	@Test
	void keepsOnlyTheFirstCharacterOfAShortIdAndNothingOfASingleOne() {
		assertThat(CustomerIds.mask("12345")).isEqualTo("1•••");
		assertThat(CustomerIds.mask("12")).isEqualTo("1•••");
		assertThat(CustomerIds.mask("7")).isEqualTo("•••");
		assertThat(CustomerIds.mask(null)).isNull();
	}

	@Test
	void customerIdColumnsAreFoundByName() {
		assertThat(CustomerIds.isCustomerIdColumn("customer_id")).isTrue();
		assertThat(CustomerIds.isCustomerIdColumn("saved_customer_id")).isTrue();
		assertThat(CustomerIds.isCustomerIdColumn("customers")).isFalse();
		assertThat(CustomerIds.isCustomerIdColumn("customer_ids_shown")).isFalse();
	}

}
