package io.churnreport.system;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.churnreport.system.ChurnProperties.Database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseTlsTests {

	private static final String URL = "jdbc:postgresql://billing-db.example.com:5432/billing";

	@TempDir
	Path directory;

	@Test
	void theSettingsBecomeTheDriversSslProperties() throws Exception {
		Path rootCert = Files.writeString(directory.resolve("root.crt"), "pem");
		Path cert = Files.writeString(directory.resolve("client.crt"), "pem");
		Path key = Files.writeString(directory.resolve("client.pk8"), "der");
		Database database = new Database(URL, "reader", null, "Verify-Full", rootCert, cert, key, "keySecret");

		DatabaseTls.validate("billing", database);

		assertThat(DatabaseTls.driverProperties(database)).containsEntry("sslmode", "verify-full")
			.containsEntry("sslrootcert", rootCert.toAbsolutePath().toString())
			.containsEntry("sslcert", cert.toAbsolutePath().toString())
			.containsEntry("sslkey", key.toAbsolutePath().toString())
			.containsEntry("sslpassword", "keySecret");
		assertThat(DatabaseTls.describe("billing", database)).contains("churn.billing.ssl-mode=verify-full",
				"churn.billing.ssl-root-cert=" + rootCert).doesNotContain("keySecret");
	}

	@Test
	void withoutSettingsTheDriverKeepsTheUrlsOrItsDefault() {
		assertThat(DatabaseTls.driverProperties(Database.of(URL, "reader", null))).isEmpty();
		assertThat(DatabaseTls.describe("crm", Database.of(URL, "reader", null)))
			.isEqualTo("churn.crm.ssl-mode not set (the driver's default, prefer)");
		assertThat(DatabaseTls.describe("crm", Database.of(URL + "?sslmode=verify-ca", "reader", null)))
			.isEqualTo("sslmode=verify-ca in the URL");
	}

	@Test
	void aCertificateThatCannotBeReadIsRefusedNamingTheProperty() {
		Database database = new Database(URL, null, null, "verify-full", directory.resolve("missing.crt"), null, null,
				null);

		assertThatThrownBy(() -> DatabaseTls.validate("reporting", database))
			.isInstanceOf(InvalidConfigurationException.class)
			.hasMessageContaining("churn.reporting.ssl-root-cert")
			.hasMessageContaining("missing.crt does not exist or cannot be read");
	}

	@Test
	void aClientCertificateNeedsItsKey() throws Exception {
		Path cert = Files.writeString(directory.resolve("client.crt"), "pem");

		assertThatThrownBy(() -> DatabaseTls.validate("crm", new Database(URL, null, null, "require", null, cert, null, null)))
			.hasMessageContaining("churn.crm.ssl-cert and churn.crm.ssl-key go together");
	}

	@Test
	void aSettingTheUrlGivesDifferentlyIsRefused() {
		Database database = new Database(URL + "?sslmode=disable&sslpassword=inUrl", null, null, "require", null, null,
				null, "other");

		assertThatThrownBy(() -> DatabaseTls.validate("billing", database))
			.hasMessageContaining("churn.billing.ssl-mode conflicts with sslmode=disable in the URL (CHURN_BILLING_URL)")
			.hasMessageContaining("churn.billing.ssl-key-password conflicts")
			.message()
			.doesNotContain("inUrl", "other");
	}

	@Test
	void theSameSettingInTheUrlIsNoConflict() {
		DatabaseTls.validate("billing", new Database(URL + "?sslmode=REQUIRE", null, null, "require", null, null, null, null));
	}

}
