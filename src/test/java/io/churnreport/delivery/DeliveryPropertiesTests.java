package io.churnreport.delivery;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import io.churnreport.system.InvalidConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What churn.delivery refuses at start-up, and when it delivers at all. */
class DeliveryPropertiesTests {

	private static final DeliveryProperties.Smtp SMTP = new DeliveryProperties.Smtp("mail.example.com", 587,
			DeliveryProperties.Tls.STARTTLS, null, "reports", "secret-password", Duration.ofSeconds(30));

	private static final DeliveryProperties.Retry RETRY = new DeliveryProperties.Retry(3, Duration.ofSeconds(10), 2);

	@Test
	void nothingConfiguredDeliversNothing() {
		assertThat(properties(List.of(), "reports@example.com", SMTP, "{report}", null).isEnabled()).isFalse();
		assertThat(properties(List.of(), null, SMTP, "{report}", Path.of("shared")).isEnabled()).isTrue();
		assertThat(properties(List.of("cfo@example.com"), "reports@example.com", SMTP, "{report}", null).isEnabled())
			.isTrue();
	}

	@Test
	void recipientsWithoutSenderOrMailServerAreRefusedNamingWhatToSet() {
		assertThatThrownBy(() -> properties(List.of("cfo@example.com"), null, SMTP, "{report}", null))
			.isInstanceOf(InvalidConfigurationException.class)
			.hasMessageStartingWith("churn.delivery.sender is not set, but reports have recipients");
		assertThatThrownBy(() -> properties(List.of("cfo@example.com"), "reports@example.com",
				new DeliveryProperties.Smtp(null, 587, DeliveryProperties.Tls.STARTTLS, null, null, null,
						Duration.ofSeconds(30)),
				"{report}", null))
			.isInstanceOf(InvalidConfigurationException.class)
			.hasMessageStartingWith("churn.delivery.smtp.host is not set, but reports have recipients");
	}

	@Test
	void aCaFileThatCannotBeReadIsRefusedNamingTheSetting() {
		Path missing = Path.of("target", "no-such-dir", "root-ca.pem");
		assertThatThrownBy(() -> properties(List.of(), null, new DeliveryProperties.Smtp("mail.example.com", 465,
				DeliveryProperties.Tls.SMTPS, missing, null, null, Duration.ofSeconds(30)), "{report}", null))
			.isInstanceOf(InvalidConfigurationException.class)
			.hasMessageStartingWith("churn.delivery.smtp.ssl-root-cert " + missing + " cannot be read");
	}

	@Test
	void aSubjectWithAnUnknownPlaceholderIsRefused() {
		assertThatThrownBy(() -> properties(List.of(), null, SMTP, "{report} for {months}", null))
			.isInstanceOf(InvalidConfigurationException.class)
			.hasMessage("churn.delivery.subject \"{report} for {months}\" holds {months}, which is not a placeholder: use "
					+ "{report}, {month}, {company} and {version}.");
	}

	@Test
	void everySettingCanComeFromTheEnvironment() {
		Binder binder = new Binder(ConfigurationPropertySources.from(new SystemEnvironmentPropertySource(
				StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
				Map.of("CHURN_DELIVERY_FINANCEREPORT_RECIPIENTS", "cfo@example.com,controller@example.com",
						"CHURN_DELIVERY_SENDER", "reports@example.com", "CHURN_DELIVERY_SMTP_HOST", "mail.example.com",
						"CHURN_DELIVERY_SMTP_PASSWORD", "from-the-environment", "CHURN_DELIVERY_ATTACHXLSX", "true"))));

		DeliveryProperties bound = binder.bindOrCreate("churn.delivery", DeliveryProperties.class);

		assertThat(bound.recipients("finance-report")).containsExactly("cfo@example.com", "controller@example.com");
		assertThat(bound.recipients("management-report")).isEmpty();
		assertThat(bound.smtp().host()).isEqualTo("mail.example.com");
		assertThat(bound.smtp().password()).isEqualTo("from-the-environment");
		assertThat(bound.smtp().port()).isEqualTo(587);
		assertThat(bound.smtp().tls()).isEqualTo(DeliveryProperties.Tls.STARTTLS);
		assertThat(bound.attachXlsx()).isTrue();
		assertThat(bound.subject()).isEqualTo("{report} {month}: {company}");
	}

	@Test
	void theSmtpPasswordIsNeverInItsText() {
		assertThat(SMTP.toString()).doesNotContain("secret-password").contains("password=******");
	}

	private static DeliveryProperties properties(List<String> financeRecipients, String sender,
			DeliveryProperties.Smtp smtp, String subject, Path directory) {
		return new DeliveryProperties(new DeliveryProperties.Pack(List.of()), new DeliveryProperties.Pack(financeRecipients),
				sender, subject, false, smtp, RETRY, directory);
	}

}
