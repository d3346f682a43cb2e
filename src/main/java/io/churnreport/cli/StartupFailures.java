package io.churnreport.cli;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.validation.FieldError;

import io.churnreport.delivery.DeliveryProperties;
import io.churnreport.system.ChurnProperties;
import io.churnreport.system.EmbeddedDatabaseStartException;
import io.churnreport.system.Failures;
import io.churnreport.system.InvalidConfigurationException;

import static io.churnreport.cli.CommandOutcome.withoutFinalStop;

/** Turns a failure to start the application into an outcome that says what to change. */
final class StartupFailures {

	private static final ConfigurationPropertyName DELIVERY = ConfigurationPropertyName.of("churn.delivery");

	private StartupFailures() {
	}

	static CommandOutcome outcome(Throwable failure) {
		BindValidationException validation = Failures.cause(failure, BindValidationException.class);
		if (validation != null) {
			StringBuilder message = new StringBuilder("Invalid configuration:");
			validation.getValidationErrors().getAllErrors().forEach(error -> {
				message.append(' ')
					.append(error instanceof FieldError field ? error.getObjectName() + "." + dashed(field.getField())
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
		UnboundConfigurationPropertiesException unbound = Failures.cause(failure,
				UnboundConfigurationPropertiesException.class);
		if (unbound != null) {
			return new CommandOutcome(ExitCodes.BAD_CONFIGURATION, unknownKeys(unbound));
		}
		BindException bind = Failures.cause(failure, BindException.class);
		if (bind != null) {
			return new CommandOutcome(ExitCodes.BAD_CONFIGURATION,
					"Invalid configuration: property " + bind.getName() + ": " + Failures.rootMessage(bind)
							+ (bind.getProperty() != null && bind.getProperty().getOrigin() != null
									? " (" + bind.getProperty().getOrigin() + ")" : "")
							+ ". Fix it in application.yml of the config directory or in the environment.");
		}
		EmbeddedDatabaseStartException embedded = Failures.cause(failure, EmbeddedDatabaseStartException.class);
		if (embedded != null) {
			// not tried again as churn.retry says: the server is local, and its start already waited for it
			return new CommandOutcome(ExitCodes.DATABASE_UNREACHABLE, embeddedNotStarted(embedded), false);
		}
		if (Failures.isConnectionFailure(failure)) {
			String cause = Failures.connectionMessage(failure);
			return CommandOutcome.databaseUnreachable("Cannot connect to the reporting database ("
					+ withoutFinalStop(cause)
					+ "). Check that it is up and CHURN_REPORTING_URL, CHURN_REPORTING_USER and CHURN_REPORTING_PASSWORD; "
					+ "when it can be reached, run the same command again.", failure);
		}
		return new CommandOutcome(ExitCodes.JOB_FAILED, "Could not start: " + Failures.rootMessage(failure));
	}

	/** Says that it is the embedded server, where it is, and what to check: its directory's owner when another user. */
	private static String embeddedNotStarted(EmbeddedDatabaseStartException embedded) {
		String user = System.getProperty("user.name");
		String ownerHint = embedded.directoryOwner().filter(owner -> !owner.equals(user))
			.map(owner -> " The directory belongs to " + owner + ", and churn-report runs as " + user + ".")
			.orElse("");
		return "The embedded PostgreSQL in " + embedded.dataDirectory() + " did not start (" + embedded.reason() + ")."
				+ ownerHint + " If a churn-report process that used it has just been killed, run the command again in a"
				+ " few seconds; otherwise check that the directory holds churn-report's embedded database and that this"
				+ " user can write it, or set CHURN_BILLING_URL, CHURN_CRM_URL and CHURN_REPORTING_URL to use your own"
				+ " databases.";
	}

	/**
	 * Names each key under churn that no setting reads (a typo would otherwise be ignored without a
	 * word), where it was set, and the keys known at its level.
	 */
	private static String unknownKeys(UnboundConfigurationPropertiesException unbound) {
		StringBuilder message = new StringBuilder("Invalid configuration:");
		for (ConfigurationProperty property : unbound.getUnboundProperties()) {
			message.append(" unknown key ").append(property.getName());
			Origin origin = property.getOrigin();
			TextResourceOrigin text = textOrigin(origin);
			if (text != null && text.getResource() != null && text.getLocation() != null) {
				String file = text.getResource().getDescription();
				try {
					file = text.getResource().isFile() ? text.getResource().getFile().getPath() : file;
				}
				catch (java.io.IOException ex) {
					// keep the description
				}
				message.append(" in ").append(file).append(", line ").append(text.getLocation().getLine() + 1);
			}
			else if (origin != null) {
				message.append(" (").append(origin).append(')');
			}
			message.append(';');
		}
		ConfigurationProperty first = unbound.getUnboundProperties().iterator().next();
		ConfigurationPropertyName parent = settingsLevel(first.getName().getParent());
		List<String> known = knownKeys(parent);
		return message.append(" churn-report has no such setting, so it would be ignored.")
			.append(known.isEmpty() ? "" : " The keys under " + parent + " are: " + String.join(", ", known) + ".")
			.append(" Correct the key or remove it (see README, Running it on your databases).")
			.toString();
	}

	/** Where in a file a value was set, looking through the property source that holds it. */
	private static TextResourceOrigin textOrigin(Origin origin) {
		for (Origin each = origin; each != null;
				each = each instanceof PropertySourceOrigin source ? source.getOrigin() : each.getParent()) {
			if (each instanceof TextResourceOrigin text) {
				return text;
			}
		}
		return null;
	}

	/**
	 * The deepest settings record on the way to that name: for churn.labels.region.North (a
	 * dimension without labels) churn.labels, whose keys say which there are.
	 */
	private static ConfigurationPropertyName settingsLevel(ConfigurationPropertyName parent) {
		ConfigurationPropertyName level = parent;
		while (level.getNumberOfElements() > 1 && knownKeys(level).isEmpty()) {
			level = level.getParent();
		}
		return knownKeys(level).isEmpty() ? parent : level;
	}

	/** The keys of the settings record at that name (churn, churn.retry, ...), or none when there is no such record. */
	private static List<String> knownKeys(ConfigurationPropertyName parent) {
		Class<?> type = ChurnProperties.class;
		int first = 1;
		// churn.delivery is a settings record of its own, in the feature it configures
		if (DELIVERY.isAncestorOf(parent) || DELIVERY.equals(parent)) {
			type = DeliveryProperties.class;
			first = DELIVERY.getNumberOfElements();
		}
		for (int i = first; i < parent.getNumberOfElements(); i++) {
			String element = parent.getElement(i, ConfigurationPropertyName.Form.UNIFORM);
			Class<?> nested = Arrays.stream(type.getRecordComponents())
				.filter(component -> ConfigurationPropertyName.of(dashed(component.getName()))
					.equals(ConfigurationPropertyName.of(element)))
				.map(RecordComponent::getType)
				.findFirst()
				.orElse(null);
			if (nested == null || !nested.isRecord()) {
				return List.of();
			}
			type = nested;
		}
		return Arrays.stream(type.getRecordComponents()).map(component -> dashed(component.getName())).toList();
	}

	private static String dashed(String camelCase) {
		return camelCase.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
	}

}
