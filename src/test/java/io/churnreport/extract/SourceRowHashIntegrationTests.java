package io.churnreport.extract;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.churnreport.support.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hash that stands for a source row in a mirror's comparison with the whole source, worked out
 * by a real PostgreSQL: a row given again the same way sums to the same, and every change the month
 * would stage differently changes it.
 */
class SourceRowHashIntegrationTests {

	private static final String PERIOD = """
			SELECT 'S-1' AS subscription_id, 'C-1' AS customer_id, 'BASIC' AS plan_code,
			       timestamptz '2025-01-01 00:00+00' AS valid_from, %s AS valid_to, %s AS amount, 1 AS interval_months,
			       %s AS currency, false AS is_trial, NULL AS end_cause""";

	private final JdbcClient source = JdbcClient.create(TestPostgres.dataSource(TestPostgres.newDatabase("row_hash")));

	@Test
	void theSameRowsSumAlikeAndEachChangeTheStagedRowWouldShowChangesTheSum() {
		BigDecimal period = sum(period("NULL", "10.00", "'EUR'"));

		// the same instant written in another zone is the same staged value
		assertThat(sum(period("NULL", "10.00", "'EUR'"))).isEqualTo(period);
		assertThat(sum(PERIOD.formatted("NULL", "10.00", "'EUR'")
			.replace("'2025-01-01 00:00+00'", "'2025-01-01 03:00+03'"))).isEqualTo(period);

		// an amount of another scale is staged and shown otherwise, though equal as a number
		assertThat(sum(period("NULL", "10.0", "'EUR'"))).isNotEqualTo(period);
		assertThat(sum(period("NULL", "10.01", "'EUR'"))).isNotEqualTo(period);
		// an end given, a currency blank rather than missing
		assertThat(sum(period("timestamptz '2025-03-01 00:00+00'", "10.00", "'EUR'"))).isNotEqualTo(period);
		assertThat(sum(period("NULL", "10.00", "''"))).isNotEqualTo(sum(period("NULL", "10.00", "NULL")));
		// the same values in other columns
		assertThat(sum("SELECT 'C-1' AS subscription_id, 'S-1' AS customer_id, 'BASIC' AS plan_code,"
				+ " timestamptz '2025-01-01 00:00+00' AS valid_from, NULL AS valid_to, 10.00 AS amount, 1 AS interval_months,"
				+ " 'EUR' AS currency, false AS is_trial, NULL AS end_cause")).isNotEqualTo(period);
	}

	private static String period(String validTo, String amount, String currency) {
		return PERIOD.formatted(validTo, amount, currency);
	}

	/** The hash sum the source works out for the rows of the query, as the month's comparison asks it. */
	private BigDecimal sum(String operatorSql) {
		return source.sql(SourceQuery.SUBSCRIPTIONS.checksumSql(operatorSql))
			.query((row, number) -> row.getBigDecimal("hash_sum"))
			.single();
	}

}
