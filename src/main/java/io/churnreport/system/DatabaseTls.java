package io.churnreport.system;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.churnreport.system.ChurnProperties.Database;

/**
 * The TLS settings of one database connection ({@code churn.<name>.ssl-mode}, {@code ssl-root-cert},
 * {@code ssl-cert}, {@code ssl-key}, {@code ssl-key-password}): checked at start-up, passed to the
 * PostgreSQL driver as its {@code sslmode}, {@code sslrootcert}, {@code sslcert}, {@code sslkey} and
 * {@code sslpassword} properties, and named in the message when a connection fails over TLS.
 */
public final class DatabaseTls {

	private DatabaseTls() {
	}

	/** The driver properties the settings give; empty without settings. */
	public static Map<String, String> driverProperties(Database database) {
		Map<String, String> properties = new LinkedHashMap<>();
		if (database.sslMode() != null) {
			properties.put("sslmode", database.sslMode().toLowerCase(Locale.ROOT));
		}
		if (database.sslRootCert() != null) {
			properties.put("sslrootcert", database.sslRootCert().toAbsolutePath().toString());
		}
		if (database.sslCert() != null) {
			properties.put("sslcert", database.sslCert().toAbsolutePath().toString());
		}
		if (database.sslKey() != null) {
			properties.put("sslkey", database.sslKey().toAbsolutePath().toString());
		}
		if (database.sslKeyPassword() != null) {
			properties.put("sslpassword", database.sslKeyPassword());
		}
		return properties;
	}

	/**
	 * Refuses settings that cannot work: a certificate or key file that cannot be read, a
	 * certificate without its key, files with {@code ssl-mode: disable}, or a setting the URL gives
	 * differently (the driver would silently take the URL's).
	 * @throws InvalidConfigurationException naming the property
	 */
	public static void validate(String name, Database database) {
		String prefix = "churn." + name + ".";
		List<String> problems = new ArrayList<>();
		readable(problems, prefix + "ssl-root-cert", database.sslRootCert());
		readable(problems, prefix + "ssl-cert", database.sslCert());
		readable(problems, prefix + "ssl-key", database.sslKey());
		if ((database.sslCert() == null) != (database.sslKey() == null)) {
			problems.add(prefix + "ssl-cert and " + prefix + "ssl-key go together: set both or neither");
		}
		if ("disable".equalsIgnoreCase(database.sslMode())
				&& (database.sslRootCert() != null || database.sslCert() != null || database.sslKey() != null)) {
			problems.add(prefix + "ssl-mode is disable, but certificates are set: remove them or choose another ssl-mode");
		}
		if (database.isConfigured()) {
			Map<String, String> inUrl = urlParameters(database.url());
			driverProperties(database).forEach((key, value) -> {
				String urlValue = inUrl.get(key);
				boolean differs = key.equals("sslmode") ? !value.equalsIgnoreCase(urlValue) : !value.equals(urlValue);
				if (urlValue != null && differs) {
					problems.add(prefix + propertyName(key) + " conflicts with " + key + "="
							+ (key.equals("sslpassword") ? Secrets.MASK : urlValue) + " in the URL (CHURN_"
							+ name.toUpperCase(Locale.ROOT) + "_URL): set it in one place");
				}
			});
		}
		if (!problems.isEmpty()) {
			throw new InvalidConfigurationException("Invalid TLS settings of the " + name + " database: "
					+ String.join("; ", problems) + ". Fix them in application.yml of the config directory or in the environment.");
		}
	}

	/**
	 * The TLS settings in effect, for messages: e.g. {@code churn.billing.ssl-mode=require}, or
	 * where the mode comes from when it is not set.
	 */
	public static String describe(String name, Database database) {
		String prefix = "churn." + name + ".";
		List<String> settings = new ArrayList<>();
		if (database.sslMode() != null) {
			settings.add(prefix + "ssl-mode=" + database.sslMode().toLowerCase(Locale.ROOT));
		}
		else {
			String inUrl = database.isConfigured() ? urlParameters(database.url()).get("sslmode") : null;
			settings.add(inUrl != null ? "sslmode=" + inUrl + " in the URL"
					: prefix + "ssl-mode not set (the driver's default, prefer)");
		}
		if (database.sslRootCert() != null) {
			settings.add(prefix + "ssl-root-cert=" + database.sslRootCert());
		}
		if (database.sslCert() != null) {
			settings.add(prefix + "ssl-cert=" + database.sslCert());
		}
		return String.join(", ", settings);
	}

	private static void readable(List<String> problems, String property, Path file) {
		if (file != null && !(Files.isRegularFile(file) && Files.isReadable(file))) {
			problems.add(property + ": " + file.toAbsolutePath() + " does not exist or cannot be read");
		}
	}

	private static String propertyName(String driverProperty) {
		return switch (driverProperty) {
			case "sslmode" -> "ssl-mode";
			case "sslrootcert" -> "ssl-root-cert";
			case "sslcert" -> "ssl-cert";
			case "sslkey" -> "ssl-key";
			case "sslpassword" -> "ssl-key-password";
			default -> driverProperty;
		};
	}

	/** The parameters after the {@code ?} of a JDBC URL, decoded; names in lower case. */
	static Map<String, String> urlParameters(String url) {
		Map<String, String> parameters = new LinkedHashMap<>();
		int query = url.indexOf('?');
		if (query < 0) {
			return parameters;
		}
		for (String pair : url.substring(query + 1).split("&")) {
			int equals = pair.indexOf('=');
			if (equals > 0) {
				parameters.put(pair.substring(0, equals).toLowerCase(Locale.ROOT),
						URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
			}
		}
		return parameters;
	}

}
