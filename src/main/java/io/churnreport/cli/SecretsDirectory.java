package io.churnreport.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.churnreport.system.InvalidConfigurationException;

/**
 * Secrets kept outside the configuration directory and the environment: a directory holding one
 * file per property, named as the property and holding only its value, e.g.
 * {@code /run/secrets/churn-report/churn.billing.password}. That is what a Kubernetes Secret
 * mounted as a volume, a Docker secret or systemd's {@code LoadCredential=} give. It is given
 * with {@code --secrets DIR} or {@code CHURN_SECRETS_DIRECTORY} and read as a Spring Boot config
 * tree: its values override application.yml; the environment and the command line override them.
 */
final class SecretsDirectory {

	/** The override that {@code --secrets} sets. */
	static final String PROPERTY = "churn.secrets-directory";

	static final String ENVIRONMENT_VARIABLE = "CHURN_SECRETS_DIRECTORY";

	private SecretsDirectory() {
	}

	/** The override of {@code --secrets DIR}. */
	static String override(Path directory) {
		return PROPERTY + "=" + directory;
	}

	/**
	 * The command-line argument importing the secrets directory given by {@code --secrets}, else
	 * by the environment; none without either.
	 * @throws InvalidConfigurationException when the directory does not exist
	 */
	static Optional<String> configImport(List<String> propertyOverrides, Map<String, String> environment) {
		String prefix = PROPERTY + "=";
		Optional<String> given = propertyOverrides.stream()
			.filter(property -> property.startsWith(prefix))
			.map(property -> property.substring(prefix.length()))
			.reduce((first, last) -> last);
		String source = "--secrets";
		if (given.isEmpty()) {
			given = Optional.ofNullable(environment.get(ENVIRONMENT_VARIABLE)).filter(value -> !value.isBlank());
			source = ENVIRONMENT_VARIABLE;
		}
		if (given.isEmpty()) {
			return Optional.empty();
		}
		Path directory = Path.of(given.get()).toAbsolutePath().normalize();
		if (!Files.isDirectory(directory)) {
			throw new InvalidConfigurationException("The secrets directory " + directory + " (" + source
					+ ") does not exist or is not a directory: it holds one file per secret property, e.g. "
					+ "churn.billing.password.");
		}
		return Optional.of("--spring.config.import=configtree:" + directory + "/");
	}

}
