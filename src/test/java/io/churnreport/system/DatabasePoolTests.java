package io.churnreport.system;

import java.sql.SQLException;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DatabasePoolTests {

	@Test
	void theKeyPasswordReachesTheDriverOnlyAfterThePoolHasLoggedItsConfiguration() {
		try (DatabasePool pool = new DatabasePool("billing", "churn.billing.ssl-mode=verify-full")) {
			pool.setJdbcUrl("jdbc:postgresql://billing-db.example.com/billing");
			pool.setSslKeyPassword("keySecret");

			assertThat(pool.getDataSourceProperties()).doesNotContainKey("sslpassword");
			pool.validate();
			assertThat(pool.getDataSourceProperties()).containsEntry("sslpassword", "keySecret");
		}
	}

	@Test
	void failuresOfTlsAreToldFromOthers() {
		assertThat(DatabasePool.concernsTls(new SQLException("The server does not support SSL.", "08004"))).isTrue();
		assertThat(DatabasePool.concernsTls(new SQLException("wrapped", new SSLHandshakeException("PKIX path")))).isTrue();
		assertThat(DatabasePool.concernsTls(new SQLException(
				"FATAL: no pg_hba.conf entry for host \"10.0.0.5\", user \"reader\", database \"billing\", no encryption",
				"28000"))).isTrue();
		assertThat(DatabasePool.concernsTls(new SQLException("FATAL: password authentication failed for user \"x\"",
				"28P01"))).isFalse();
	}

}
