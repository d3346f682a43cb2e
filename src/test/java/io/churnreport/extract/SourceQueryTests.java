package io.churnreport.extract;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.churnreport.system.InvalidConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourceQueryTests {

	@TempDir
	Path config;

	@Test
	void theContractColumnsAreTheRowRecordsComponentsInSnakeCase() {
		assertThat(SourceQuery.CUSTOMERS.columns()).containsExactly("customer_id", "created_at", "segment", "region");
		assertThat(SourceQuery.SUBSCRIPTIONS.columns()).containsExactly("subscription_id", "customer_id", "plan_code",
				"valid_from", "valid_to", "amount", "interval_months", "currency", "is_trial", "end_cause");
		assertThat(SourceQuery.INVOICES.columns()).containsExactly("invoice_id", "customer_id", "issued_at", "amount",
				"currency", "paid_at");
		assertThat(SourceQuery.CANCELLATIONS.columns()).containsExactly("customer_id", "requested_at", "effective_at",
				"reason_code", "reason_text", "competitor", "outcome");
	}

	@Test
	void theOperatorsQueryIsWrappedToCanonicalTypesInAStableOrder() {
		String sql = SourceQuery.CUSTOMERS.canonicalSql("SELECT id AS customer_id, ... FROM account -- last line comment");

		assertThat(sql).isEqualTo("""
				SELECT source.customer_id::text AS customer_id, source.created_at::timestamptz AS created_at, \
				source.segment::text AS segment, source.region::text AS region
				FROM (
				SELECT id AS customer_id, ... FROM account -- last line comment
				) AS source
				ORDER BY 1, 2, 3, 4""");
	}

	@Test
	void stagingRowsAreCopiedTaggedWithTheRunMonth() {
		assertThat(SourceQuery.INVOICES.stagingCopySql()).isEqualTo(
				"COPY staging.invoice (run_month, invoice_id, customer_id, issued_at, amount, currency, paid_at, source_problem) FROM STDIN");
	}

	@Test
	void theCopyReadsThePeriodParametersFromTransactionSettingsAndLeavesCastsAlone() {
		String sql = SourceQuery.CUSTOMERS.copyOutSql(
				"SELECT id AS customer_id, created::timestamptz AS created_at FROM account WHERE created < CAST(:period_end AS timestamptz) AND x >= :period_start");

		assertThat(sql).isEqualTo("""
				COPY (SELECT current_setting('churn.run_month')::date AS run_month, source.customer_id::text AS customer_id, \
				source.created_at::timestamptz AS created_at, source.segment::text AS segment, source.region::text AS region, \
				NULL::text AS source_problem
				FROM (
				SELECT id AS customer_id, created::timestamptz AS created_at FROM account \
				WHERE created < CAST(current_setting('churn.period_end')::timestamptz AS timestamptz) \
				AND x >= current_setting('churn.period_start')::timestamptz
				) AS source) TO STDOUT""");
	}

	@Test
	void aParameterOtherThanThePeriodIsAConfigurationErrorNamingTheFile() {
		assertThatThrownBy(() -> SourceQuery.INVOICES.copyOutSql("SELECT * FROM invoice WHERE tenant = :tenant"))
			.isInstanceOf(InvalidConfigurationException.class)
			.hasMessageContaining("billing/invoices.sql")
			.hasMessageContaining(":tenant")
			.hasMessageContaining("only :period_start, :period_end and :changed_since");
	}

	@Test
	void theInvoicesMayAskForWhatChangedSinceAndReadItFromATransactionSetting() {
		String sql = SourceQuery.INVOICES.copyOutSql("SELECT * FROM bill WHERE billed >= :changed_since OR paid >= :changed_since");

		assertThat(sql).contains("WHERE billed >= current_setting('churn.changed_since')::timestamptz"
				+ " OR paid >= current_setting('churn.changed_since')::timestamptz");
	}

	@Test
	void everySourceMayAskForWhatChanged() {
		assertThat(SourceQuery.asksForChanges("SELECT * FROM account WHERE changed >= :changed_since")).isTrue();
		assertThat(SourceQuery.asksForChanges("SELECT * FROM account WHERE changed::date >= :period_start")).isFalse();
		assertThat(SourceQuery.CUSTOMERS.copyOutSql("SELECT * FROM account WHERE changed >= :changed_since"))
			.contains("WHERE changed >= current_setting('churn.changed_since')::timestamptz");
	}

	@Test
	void aMirroredCopyGivesEachRowItsReplacementKeyAndHashAheadOfTheStagedColumns() {
		String sql = SourceQuery.CANCELLATIONS.mirrorCopyOutSql("SELECT * FROM request WHERE changed >= :changed_since");

		assertThat(sql).startsWith("COPY (SELECT ROW(canonical.customer_id, extract(epoch FROM canonical.requested_at))::text"
				+ " AS row_key, hash_record_extended(ROW(canonical.customer_id, canonical.requested_at, canonical.effective_at,"
				+ " canonical.reason_code, canonical.reason_text, canonical.competitor, canonical.outcome), 0) AS row_hash,"
				+ " canonical.*,"
				+ " NULL::text AS source_problem\nFROM (SELECT source.customer_id::text AS customer_id,");
		assertThat(sql).contains("WHERE changed >= current_setting('churn.changed_since')::timestamptz");
		assertThat(SourceQuery.CANCELLATIONS.mirrorFields()).containsExactly("row_key", "row_hash", "customer_id",
				"requested_at", "effective_at", "reason_code", "reason_text", "competitor", "outcome", "source_problem");
		assertThat(SourceQuery.CANCELLATIONS.mirrorCopyInSql("staging.cancellation_mirror")).isEqualTo(
				"COPY staging.cancellation_mirror (row_key, row_hash, customer_id, requested_at, effective_at, reason_code,"
						+ " reason_text, competitor, outcome, source_problem) FROM STDIN");
		// amounts are hashed as their text, so that another scale is another row
		assertThat(SourceQuery.SUBSCRIPTIONS.rowHash()).contains("canonical.valid_to, canonical.amount::text,"
				+ " canonical.interval_months::text, canonical.currency");
		// the invoices keep a history of their own
		assertThat(SourceQuery.INVOICES.mirrored()).isFalse();
	}

	@Test
	void aSourceOnAServerOlderThanPostgresql14IsRefusedNamingItsDatabaseAndVersion() {
		assertThatThrownBy(() -> SourceQueryCheck.requireSupportedServer("crm", Map.of("number", 130016, "version", "13.16")))
			.isInstanceOf(InvalidConfigurationException.class)
			.hasMessage("crm database runs PostgreSQL 13.16, older than the sources churn-report reads (PostgreSQL 14"
					+ " or newer, see README, The source contract): upgrade it, or read the sources from a copy on"
					+ " PostgreSQL 14 or newer.");
		assertThat(SourceQueryCheck.requireSupportedServer("crm", Map.of("number", 140000, "version", "14.0")))
			.isEqualTo("PostgreSQL 14.0");
	}

	@Test
	void trailingSemicolonsAreDropped() throws Exception {
		Files.createDirectories(config.resolve("sources/crm"));
		Files.writeString(config.resolve("sources/crm/cancellations.sql"), "SELECT 1;\n;  \n");

		assertThat(SourceQuery.CANCELLATIONS.readOperatorSql(config)).isEqualTo("SELECT 1");
	}

	@Test
	void aMissingQueryFileSaysWhichFileAndWhatItMustReturn() {
		assertThatThrownBy(() -> SourceQuery.CUSTOMERS.readOperatorSql(config))
			.isInstanceOf(InvalidConfigurationException.class)
			.hasMessageContaining("sources/billing/customers.sql not found")
			.hasMessageContaining("customer_id, created_at, segment, region");
	}

}
