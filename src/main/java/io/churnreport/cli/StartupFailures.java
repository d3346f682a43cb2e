package io.churnreport.cli;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.origin.Origin;
import org.springframework.validation.FieldError;

import io.churnreport.system.Failures;
import io.churnreport.system.InvalidConfigurationException;

/** Turns a failure to start the application into an outcome that says what to change. */
final class StartupFailures {

	private StartupFailures() {
	}

	static CommandOutcome outcome(Throwable failure) {
		BindValidationException validation = Failures.cause(failure, BindValidationException.class);
		if (validation != null) {
			StringBuilder message = new StringBuilder("Invalid configuration:");
			validation.getValidationErrors().getAllErrors().forEach(error -> {
				message.append(' ')
					.append(error instanceof FieldError field ? error.getObjectName() + "." + kebabCase(field.getField())
							: error.getObjectName())
					.append(' ')
					.append(error.getDefaultMessage());
				Origin origin = Origin.from(error);
				if (origin != null) {
					message.append(" (").append(origin).append(')');
				}
				message.append(';');
			});
			return new CommandOutcome(ExitCodes.BAD_CONFIGURATION,
					message + " fix it in application.yml of the config directory or in the environment.");
		}
		InvalidConfigurationException invalid = Failures.cause(failure, InvalidConfigurationException.class);
		if (invalid != null) {
			return new CommandOutcome(ExitCodes.BAD_CONFIGURATION, invalid.getMessage());
		}
		BindException bind = Failures.cause(failure, BindException.class);
		if (bind != null) {
			return new CommandOutcome(ExitCodes.BAD_CONFIGURATION,
					"Invalid configuration: property " + bind.getName() + ": " + Failures.rootMessage(bind)
							+ (bind.getProperty() != null && bind.getProperty().getOrigin() != null
									? " (" + bind.getProperty().getOrigin() + ")" : "")
							+ ". Fix it in application.yml of the config directory or in the environment.");
		}
		if (Failures.isConnectionFailure(failure)) {
			return new CommandOutcome(ExitCodes.DATABASE_UNREACHABLE, "Cannot connect to the reporting database: "
					+ Failures.rootMessage(failure)
					+ ". Check CHURN_REPORTING_URL, CHURN_REPORTING_USER and CHURN_REPORTING_PASSWORD and that the server is up.");
		}
		return new CommandOutcome(ExitCodes.JOB_FAILED, "Could not start: " + Failures.rootMessage(failure));
	}

	/** A property as operators write it in application.yml: billing.sslMode is billing.ssl-mode. */
	private static String kebabCase(String field) {
		return field.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
	}


}
