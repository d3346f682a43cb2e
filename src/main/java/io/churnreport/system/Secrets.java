package io.churnreport.system;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of what churn-report prints: a JDBC URL may carry a password as a parameter
 * ({@code ?password=...}, {@code &sslpassword=...}) or as user information
 * ({@code //user:password@host}); wherever a URL or a message that may hold one is shown, the
 * secret is replaced by {@value #MASK}.
 */
public final class Secrets {

	public static final String MASK = "******";

	/** A URL parameter whose name ends in "password", up to the next separator. */
	private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)([?&;]\\s*[a-z_.]*password\\s*=)[^&;#\\s]*");

	/** {@code //user:password@host}. */
	private static final Pattern USER_INFO = Pattern.compile("(//[^/:@\\s]*:)[^/@\\s]*@");

	private Secrets() {
	}

	/**
	 * A JDBC URL without its {@code password} and {@code sslpassword} parameters, and their
	 * (decoded) values, so that the passwords reach the driver as properties: the PostgreSQL
	 * driver logs the URL it connects with (at DEBUG), never its properties.
	 */
	public static UrlPasswords withoutPasswords(String url) {
		int query = url == null ? -1 : url.indexOf('?');
		if (query < 0) {
			return new UrlPasswords(url, null, null);
		}
		String password = null;
		String sslPassword = null;
		List<String> kept = new ArrayList<>();
		for (String pair : url.substring(query + 1).split("&")) {
			int equals = pair.indexOf('=');
			String name = (equals < 0 ? pair : pair.substring(0, equals)).toLowerCase(Locale.ROOT);
			String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
			if (name.equals("password")) {
				password = value;
			}
			else if (name.equals("sslpassword")) {
				sslPassword = value;
			}
			else if (!pair.isEmpty()) {
				kept.add(pair);
			}
		}
		return new UrlPasswords(url.substring(0, query) + (kept.isEmpty() ? "" : "?" + String.join("&", kept)), password,
				sslPassword);
	}

	/** A URL without passwords, and the passwords it had (null when it had none). */
	public record UrlPasswords(String url, String password, String sslPassword) {

		@Override
		public String toString() {
			return "UrlPasswords[url=" + url + "]";
		}

	}

	/** The URL with every password in it masked; null stays null. */
	public static String maskUrl(String url) {
		if (url == null) {
			return null;
		}
		String masked = PASSWORD_PARAMETER.matcher(url).replaceAll("$1" + MASK);
		return USER_INFO.matcher(masked).replaceAll("$1" + MASK + "@");
	}

	/**
	 * The text with the passwords of URLs in it masked, and each given secret (a configured
	 * password) replaced wherever it appears, for messages built from a driver's or a library's.
	 */
	public static String mask(String text, String... secrets) {
		if (text == null) {
			return null;
		}
		String masked = maskUrl(text);
		for (String secret : secrets) {
			if (secret != null && !secret.isEmpty()) {
				masked = masked.replace(secret, MASK);
			}
		}
		return masked;
	}

}
