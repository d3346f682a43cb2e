package io.churnreport.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.churnreport.support.TestPostgres;

/**
 * The tests run on the PostgreSQL the build asked for: the application's own binaries, and in the
 * build's second run of some tests the oldest version supported (pom.xml, {@code oldest-postgres}),
 * which would otherwise pass on the newer server without anyone noticing.
 */
class TestServerVersionIntegrationTests {

	/** The major version the build asks for; 17 is that of the binaries the application carries. */
	private static final int EXPECTED_MAJOR = Integer.getInteger("churn.test.postgres-major", 17);

	@Test
	void theTestServerIsTheVersionTheBuildAskedFor() {
		int versionNumber = JdbcClient.create(TestPostgres.dataSource(TestPostgres.newDatabase("version")))
			.sql("SELECT current_setting('server_version_num')::int")
			.query(Integer.class)
			.single();
		assertThat(versionNumber / 10_000).isEqualTo(EXPECTED_MAJOR);
	}

}
