package io.churnreport.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.churnreport.system.InvalidConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretsDirectoryTests {

	@TempDir
	Path directory;

	@Test
	void theOptionWinsOverTheEnvironmentAndIsImportedAsAConfigTree() throws Exception {
		Path option = Files.createDirectory(directory.resolve("option"));
		Path environment = Files.createDirectory(directory.resolve("environment"));

		assertThat(SecretsDirectory.configImport(List.of(SecretsDirectory.override(option)),
				Map.of("CHURN_SECRETS_DIRECTORY", environment.toString())))
			.contains("--spring.config.import=configtree:" + option.toAbsolutePath() + "/");
		assertThat(SecretsDirectory.configImport(List.of(), Map.of("CHURN_SECRETS_DIRECTORY", environment.toString())))
			.contains("--spring.config.import=configtree:" + environment.toAbsolutePath() + "/");
	}

	@Test
	void withoutEitherNothingIsImported() {
		assertThat(SecretsDirectory.configImport(List.of("churn.locale=tr"), Map.of())).isEmpty();
		assertThat(SecretsDirectory.configImport(List.of(), Map.of("CHURN_SECRETS_DIRECTORY", " "))).isEmpty();
	}

	@Test
	void aDirectoryThatDoesNotExistIsBadConfigurationNamingWhereItCameFrom() {
		Path missing = directory.resolve("missing");

		assertThatThrownBy(() -> SecretsDirectory.configImport(List.of(), Map.of("CHURN_SECRETS_DIRECTORY", missing.toString())))
			.isInstanceOf(InvalidConfigurationException.class)
			.hasMessageContaining(missing + " (CHURN_SECRETS_DIRECTORY) does not exist");
		assertThatThrownBy(() -> SecretsDirectory.configImport(List.of(SecretsDirectory.override(missing)), Map.of()))
			.hasMessageContaining("(--secrets)");
	}

}
