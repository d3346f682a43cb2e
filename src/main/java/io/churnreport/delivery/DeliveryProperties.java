package io.churnreport.delivery;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import io.churnreport.system.InvalidConfigurationException;
import io.churnreport.system.Secrets;

/**
 * Where a completed month's reports go ({@code churn.delivery} in application.yml or the
 * environment; the SMTP password from the secrets directory, {@code churn.delivery.smtp.password},
 * or {@code CHURN_DELIVERY_SMTP_PASSWORD}). Validated at start-up. With no recipients and no
 * directory nothing is delivered.
 *
 * @param managementReport who gets the management report
 * @param financeReport who gets the finance report
 * @param sender the From address of the mails; needed when a report has recipients
 * @param subject the mails' subject, with {@code {report}} (the report's title), {@code {month}}
 * (e.g. March 2025, in the report's language), {@code {company}} and {@code {version}}
 * @param attachXlsx whether the report's spreadsheet goes with its PDF (mailed and copied)
 * @param smtp the mail server
 * @param retry how often a send that failed is tried again
 * @param directory a shared folder the packs are also copied into, as {@code <month>/<file>};
 * unset copies nothing
 */
@Validated
// a misspelt key under churn.delivery fails the start like any under churn
@ConfigurationProperties(prefix = "churn.delivery", ignoreUnknownFields = false)
public record DeliveryProperties(@Valid @DefaultValue Pack managementReport, @Valid @DefaultValue Pack financeReport,
		@Email String sender, @NotBlank @DefaultValue("{report} {month}: {company}") String subject,
		@DefaultValue("false") boolean attachXlsx, @Valid @DefaultValue Smtp smtp, @Valid @DefaultValue Retry retry,
		Path directory) {

	/** The placeholders a subject may hold. */
	static final Set<String> SUBJECT_PLACEHOLDERS = Set.of("report", "month", "company", "version");

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");

	public DeliveryProperties {
		// checked here, where both values are known, so that the message can name what to set
		if (managementReport != null && financeReport != null
				&& (!managementReport.recipients().isEmpty() || !financeReport.recipients().isEmpty())) {
			if (sender == null || sender.isBlank()) {
				throw new InvalidConfigurationException("churn.delivery.sender is not set, but reports have recipients "
						+ "(churn.delivery.management-report.recipients, churn.delivery.finance-report.recipients): set it "
						+ "to the address the reports are sent from, e.g. reports@example.com, in application.yml or "
						+ "CHURN_DELIVERY_SENDER.");
			}
			if (smtp == null || smtp.host() == null || smtp.host().isBlank()) {
				throw new InvalidConfigurationException("churn.delivery.smtp.host is not set, but reports have recipients: "
						+ "set it to the mail server the reports are sent through (with churn.delivery.smtp.port and "
						+ "churn.delivery.smtp.tls), in application.yml or CHURN_DELIVERY_SMTP_HOST.");
			}
		}
		if (smtp != null && smtp.sslRootCert() != null && !Files.isReadable(smtp.sslRootCert())) {
			throw new InvalidConfigurationException("churn.delivery.smtp.ssl-root-cert " + smtp.sslRootCert()
					+ " cannot be read: give the PEM file of the CA that signed the mail server's certificate, readable by "
					+ "churn-report's user, or leave the setting out to trust the JVM's certificates.");
		}
		if (subject != null) {
			Matcher matcher = PLACEHOLDER.matcher(subject);
			while (matcher.find()) {
				if (!SUBJECT_PLACEHOLDERS.contains(matcher.group(1))) {
					throw new InvalidConfigurationException("churn.delivery.subject \"" + subject + "\" holds {"
							+ matcher.group(1) + "}, which is not a placeholder: use {report}, {month}, {company} and "
							+ "{version}.");
				}
			}
		}
	}

	/** Whether anything is to be delivered: a report with recipients, or a directory. */
	public boolean isEnabled() {
		return directory != null || !managementReport.recipients().isEmpty() || !financeReport.recipients().isEmpty();
	}

	/** The recipients of a report ({@code management-report} or {@code finance-report}). */
	public List<String> recipients(String report) {
		return switch (report) {
			case "management-report" -> managementReport.recipients();
			case "finance-report" -> financeReport.recipients();
			default -> List.of();
		};
	}

	/** @param recipients the addresses the report is mailed to, one mail each; none mails nothing */
	public record Pack(@DefaultValue List<@NotBlank @Email String> recipients) {
	}

	/**
	 * @param host the SMTP server
	 * @param port its port: 587 for STARTTLS (the default), 465 for SMTPS, 25 for plain SMTP
	 * @param tls {@code starttls}: plain connection upgraded to TLS, refusing a server that cannot;
	 * {@code smtps}: TLS from the first byte; {@code none}: no encryption (a relay on the same host
	 * or network only). With TLS the server's certificate and host name are verified against the
	 * JVM's trusted certificates.
	 * @param sslRootCert the CA certificate(s), PEM, the server's certificate must be signed by, for a
	 * server whose certificate the JVM does not trust (a company's own CA); unset: the JVM's
	 * trusted certificates
	 * @param username the login, when the server asks for one
	 * @param password the login's password: a secret (secrets directory or environment)
	 * @param timeout how long connecting, reading and writing may each take
	 */
	public record Smtp(String host, @Min(1) @Max(65535) @DefaultValue("587") int port,
			@NotNull @DefaultValue("starttls") Tls tls, Path sslRootCert, String username, String password,
			@NotNull @DefaultValue("30s") Duration timeout) {

		/** Never the password: this may end up in a log or an error message. */
		@Override
		public String toString() {
			return "Smtp[host=" + host + ", port=" + port + ", tls=" + tls + ", sslRootCert=" + sslRootCert
					+ ", username=" + username + ", password="
					+ (password == null ? "none" : Secrets.MASK) + ", timeout=" + timeout + "]";
		}

	}

	public enum Tls {

		STARTTLS, SMTPS, NONE;

		public String code() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/**
	 * A send (or copy) that failed is tried {@code attempts} times in all, waiting {@code delay}
	 * before the second try and {@code multiplier} times longer before each next one.
	 */
	public record Retry(@Min(1) @Max(10) @DefaultValue("3") int attempts, @NotNull @DefaultValue("10s") Duration delay,
			@DecimalMin("1") @DefaultValue("2") double multiplier) {
	}

}
