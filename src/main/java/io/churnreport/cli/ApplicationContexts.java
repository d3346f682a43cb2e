package io.churnreport.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

import io.churnreport.ChurnReportApplication;

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
		SpringApplication application = new SpringApplication(ChurnReportApplication.class);
		application.setBannerMode(Banner.Mode.OFF);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setLogStartupInfo(false);
		List<String> arguments = new ArrayList<>();
		arguments.add("--spring.config.location=optional:classpath:/,optional:file:"
				+ configDirectory.toAbsolutePath().normalize() + "/");
		arguments.add("--churn.config-directory=" + configDirectory);
		SecretsDirectory.configImport(propertyOverrides, System.getenv()).ifPresent(arguments::add);
		propertyOverrides.forEach(property -> arguments.add("--" + property));
		return application.run(arguments.toArray(String[]::new));
	}

}
