package io.churnreport.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

import io.churnreport.system.InvalidConfigurationException;
import io.churnreport.system.YamlErrors;

/**
 * Reads {@code <config>/application.yml} once before Spring Boot does, with the same YAML parser and
 * the same refusal of duplicate keys, so that a malformed file is reported as the operator's file,
 * line and column with what to change, instead of a stack trace from deep inside the start-up; a
 * configuration directory that does not exist is refused before anything starts.
 */
final class ApplicationYaml {

	static final String FILE_NAME = "application.yml";

	private ApplicationYaml() {
	}

	static void check(Path configDirectory) {
		if (!Files.isDirectory(configDirectory)) {
			// relative to where the command was started: name the directory it looked for
			throw new InvalidConfigurationException("The configuration directory " + configDirectory.toAbsolutePath()
					.normalize() + " does not exist. Pass --config with the directory holding application.yml and sources/ "
					+ "(the installation's config/, e.g. the repository's for the demo), or start the command from the "
					+ "directory that holds config/.");
		}
		Path file = configDirectory.resolve(FILE_NAME);
		if (!Files.isRegularFile(file)) {
			return;
		}
		LoaderOptions options = new LoaderOptions();
		options.setAllowDuplicateKeys(false);
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			new Yaml(new SafeConstructor(options)).loadAll(reader).forEach(document -> {
			});
		}
		catch (MarkedYAMLException ex) {
			throw new InvalidConfigurationException(file + " is not valid YAML: " + YamlErrors.describe(ex)
					+ ". Fix the YAML there: indent with spaces (two per level, the same for keys of one level), write "
					+ "'key: value' with a space after the colon, and quote values holding ': ', ' #' or a leading quote.", ex);
		}
		catch (YAMLException ex) {
			// no place in the file: a limit of the parser against YAML bombs and huge files
			throw new InvalidConfigurationException(file + " is not valid YAML: " + YamlErrors.describe(ex)
					+ ". The YAML parser refuses a file with more than 50 aliases (*name) of collections, more than 50 "
					+ "levels of nesting or above 3 MB, as a defence against YAML bombs: write the settings out in full, "
					+ "without anchors (&name) and aliases (see README, Running it on your databases).", ex);
		}
		catch (IOException ex) {
			throw new InvalidConfigurationException("Cannot read " + file + ": " + ex.getMessage(), ex);
		}
	}

}
