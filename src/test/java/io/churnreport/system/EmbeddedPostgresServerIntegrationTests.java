package io.churnreport.system;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedPostgresServerIntegrationTests {

	@TempDir
	Path directory;

	@Test
	void keepsItsDataAcrossRestartsOnTheSameDirectory() {
		try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(directory, List.of("reporting"))) {
			JdbcClient.create(server.adminDataSource("reporting"))
				.sql("CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)")
				.update();
		}
		try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(directory, List.of("reporting"))) {
			Integer value = JdbcClient.create(server.adminDataSource("reporting"))
				.sql("SELECT v FROM kept")
				.query(Integer.class)
				.single();
			assertThat(value).isEqualTo(42);
		}
	}

}
