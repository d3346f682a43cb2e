package io.churnreport.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;

import io.churnreport.ChurnReportApplication;
import io.churnreport.system.EmbeddedDatabaseUse;
import io.churnreport.system.StackTraceAtDebugConverter;

/** Starts the application context for one command, with the operator's configuration directory. */
final class ApplicationContexts {

	private ApplicationContexts() {
	}

	/**
	 * Properties come from the built-in defaults, then {@code <config>/application.yml} (or
	 * .properties), then the secrets directory ({@link SecretsDirectory}), then the environment,
	 * then the given overrides.
	 */
	static ConfigurableApplicationContext start(Path configDirectory, List<String> propertyOverrides) {
		return start(configDirectory, propertyOverrides, environment -> {
		});
	}

	/**
	 * As {@link #start(Path, List)}, handing the prepared environment to the listener first, so that
	 * settings can be read from it even when the context then fails to start.
	 */
	static ConfigurableApplicationContext start(Path configDirectory, List<String> propertyOverrides,
			Consumer<ConfigurableEnvironment> environmentListener) {
		return start(configDirectory, propertyOverrides, environmentListener, true);
	}

	/**
	 * As {@link #start(Path, List, Consumer)}; without {@code shutdownHook} the context is not closed
	 * when the process is asked to end, as the command closes it once its month has stopped (see
	 * {@link GracefulShutdown}).
	 */
	static ConfigurableApplicationContext start(Path configDirectory, List<String> propertyOverrides,
			Consumer<ConfigurableEnvironment> environmentListener, boolean shutdownHook) {
		return start(configDirectory, propertyOverrides, environmentListener, false, shutdownHook,
				EmbeddedDatabaseUse.CREATE_WHEN_MISSING);
	}

	/**
	 * As {@link #start(Path, List, Consumer)}, for the checks, writing nothing: the reporting
	 * schema is left as found (no migration, no job repository tables), so that the next run's
	 * migrations can be reported instead of applied, and an embedded database is used only if it
	 * exists.
	 */
	static ConfigurableApplicationContext startReadOnly(Path configDirectory, List<String> propertyOverrides,
			Consumer<ConfigurableEnvironment> environmentListener) {
		return start(configDirectory, propertyOverrides, environmentListener, true, true,
				EmbeddedDatabaseUse.EXISTING_ONLY);
	}

	/**
	 * As {@link #start(Path, List, Consumer)}, for the commands that look at or act on months
	 * already run: an embedded database is used only if it exists
	 * ({@link EmbeddedDatabaseUse#EXISTING_ONLY}), never created.
	 */
	static ConfigurableApplicationContext startOnExistingDatabase(Path configDirectory, List<String> propertyOverrides,
			Consumer<ConfigurableEnvironment> environmentListener, boolean shutdownHook) {
		return start(configDirectory, propertyOverrides, environmentListener, false, shutdownHook,
				EmbeddedDatabaseUse.EXISTING_ONLY);
	}

	private static ConfigurableApplicationContext start(Path configDirectory, List<String> propertyOverrides,
			Consumer<ConfigurableEnvironment> environmentListener, boolean readOnly, boolean shutdownHook,
			EmbeddedDatabaseUse embeddedDatabaseUse) {
		ApplicationYaml.check(configDirectory);
		StackTraceAtDebugConverter.register();
		SpringApplication application = new SpringApplication(ChurnReportApplication.class);
		application.addInitializers(context -> context.getBeanFactory()
			.registerSingleton("embeddedDatabaseUse", embeddedDatabaseUse));
		if (readOnly) {
			// Flyway's bean is still made, for its report of what is pending, but migrates nothing
			application.addInitializers(context -> context.getBeanFactory()
				.registerSingleton("migratingNothing", (FlywayMigrationStrategy) flyway -> {
				}));
		}
		application.addListeners((ApplicationListener<ApplicationEnvironmentPreparedEvent>) event -> environmentListener
			.accept(event.getEnvironment()));
		application.setRegisterShutdownHook(shutdownHook);
		application.setBannerMode(Banner.Mode.OFF);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setLogStartupInfo(false);
		List<String> arguments = new ArrayList<>();
		arguments.add("--spring.config.location=optional:classpath:/,optional:file:"
				+ configDirectory.toAbsolutePath().normalize() + "/");
		arguments.add("--churn.config-directory=" + configDirectory);
		SecretsDirectory.configImport(propertyOverrides, System.getenv()).ifPresent(arguments::add);
		// the secrets directory is imported above, not a setting of its own (churn.* keys are checked)
		propertyOverrides.stream()
			.filter(property -> !property.startsWith(SecretsDirectory.PROPERTY + "="))
			.forEach(property -> arguments.add("--" + property));
		if (readOnly) {
			// last, so that no operator's setting brings the job repository's CREATE TABLEs back
			arguments.add("--spring.batch.jdbc.initialize-schema=never");
		}
		return application.run(arguments.toArray(String[]::new));
	}

}
