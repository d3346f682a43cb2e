package io.churnreport.system;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What an operator configures, in {@code <config>/application.yml} or the environment
 * ({@code CHURN_BILLING_URL}, {@code CHURN_REPORTING_PASSWORD}, ...). Validated at start-up.
 *
 * @param timeZone the reporting time zone: months start at midnight in it, and source timestamps
 * without a zone are read in it
 * @param companyName shown on every report
 * @param currency the reporting currency code shown beside amounts
 * @param locale the language and number format of the reports
 * @param configDirectory holds sources/ and churn-reasons.yml
 * @param outputDirectory where the month directories with reports and CSVs are written
 * @param definition what makes a customer active: {@code subscription} (MRR > 0 at month end) or
 * {@code activity} (an invoice dated in the month), for businesses without contracts
 * @param grossMargin the share of revenue kept after the cost of serving it (0 to 1), for LTV
 * @param earlyChurnDays churn within this many days of the first paid day counts as early churn
 * @param hiddenChurnDays a customer still billed with no paid invoice for this many days, or an
 * invoice unpaid this many days, is hidden churn
 * @param reports how reports are presented
 * @param labels what the PDFs call plan and segment codes, per language
 * @param dataQuality the thresholds of the source data checks (README, Data quality)
 * @param databaseMode {@code auto}: the embedded PostgreSQL when no database URL is configured,
 * else the configured ones; {@code embedded}: always the embedded one; {@code external}: always
 * the configured ones
 * @param output how output files are created
 * @param retry how often a database that cannot be reached is tried again before the run fails
 * @param partitions into how many customer ranges month-end MRR is split, computed in parallel,
 * and how many months customers at risk describe again at once (each on a connection of its own):
 * about the reporting database's cores
 * @param monitoring what a monitoring system gets of each month's run
 * @param delivery where the reports go after a month: bound and checked by
 * {@code io.churnreport.delivery.DeliveryProperties}; taken here as it is only so that its keys are
 * not unknown keys of churn
 * @param fiscalYearStart the first month of the fiscal year, which quarters and fiscal years of
 * {@code report --quarter} and {@code report --year} follow
 * @param risk how customers at risk are scored and banded
 */
@Validated
// a key under churn that nothing reads (a typo such as churn.timezone) fails the start, naming the key and its file
@ConfigurationProperties(prefix = "churn", ignoreUnknownFields = false)
public record ChurnProperties(@NotNull @DefaultValue("UTC") ZoneId timeZone,
		@NotBlank @DefaultValue("Example Subscriptions Inc.") String companyName,
		@NotBlank @Pattern(regexp = "[A-Z]{3}", message = "must be a three-letter ISO 4217 code such as EUR") @DefaultValue("USD") String currency,
		@NotNull @DefaultValue("en") Locale locale, @NotNull @DefaultValue("config") Path configDirectory,
		@NotNull @DefaultValue("out") Path outputDirectory,
		@NotNull @DefaultValue("subscription") ChurnDefinition definition,
		@NotNull @DecimalMin("0") @DecimalMax("1") @DefaultValue("1") BigDecimal grossMargin,
		@Min(1) @DefaultValue("90") int earlyChurnDays, @Min(1) @DefaultValue("60") int hiddenChurnDays,
		@Valid @DefaultValue Reports reports, @DefaultValue Labels labels, @Valid @DefaultValue DataQuality dataQuality,
		@NotNull @DefaultValue("auto") DatabaseMode databaseMode,
		@Valid @DefaultValue Embedded embedded, @Valid @DefaultValue Database billing, @Valid @DefaultValue Database crm,
		@Valid @DefaultValue Database reporting, @Valid @DefaultValue Output output,
		@Valid @DefaultValue Retry retry, @Min(1) @Max(16) @DefaultValue("2") int partitions,
		@Valid @DefaultValue Monitoring monitoring, Map<String, Object> delivery,
		@NotNull @DefaultValue("1") FiscalYearStart fiscalYearStart, @Valid @DefaultValue Risk risk) {

	public enum ChurnDefinition {

		SUBSCRIPTION, ACTIVITY;

		public String code() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	public enum DatabaseMode {

		AUTO, EMBEDDED, EXTERNAL

	}

	/**
	 * @param showCustomerIds customer-level outputs (the PDFs' hidden churn and accounts at risk,
	 * hidden-churn.csv and every other dataset's {@code customer_id} columns, in CSV and xlsx) show
	 * identifiers in full instead of pseudonyms
	 * @param customerIdKey the key of the pseudonyms (a secret, at least 16 characters); without
	 * it, the key the reporting database drew when it was created
	 * @param signing the key the PDFs are signed with; unsigned without one
	 */
	public record Reports(@DefaultValue("false") boolean showCustomerIds,
			@Size(min = 16, message = "must have at least 16 characters (a secret: put it in the secrets directory)") String customerIdKey,
			@Valid @DefaultValue Signing signing) {

		/** Never the key: this may end up in a log or an error message. */
		@Override
		public String toString() {
			return "Reports[showCustomerIds=" + showCustomerIds + ", customerIdKey="
					+ (customerIdKey == null ? "none" : Secrets.MASK) + ", signing=" + signing + "]";
		}

	}

	/**
	 * What the PDFs call the codes of plans and segments (page "churn by plan and segment" of the
	 * finance report), by code and then by language, e.g.
	 * {@code churn.labels.segment.small_business.tr: Küçük işletme}. Codes are matched exactly as
	 * the source queries return them; a code without a label in the reports' language is shown as
	 * it is. CSV files and spreadsheets always keep the codes.
	 * @param plan the labels of plan codes: code, then language code, then label
	 * @param segment the labels of segment codes: code, then language code, then label
	 */
	public record Labels(Map<String, Map<String, String>> plan, Map<String, Map<String, String>> segment) {

		/** The dimensions that have labels, as mart.churn_by_segment names them. */
		public static final List<String> DIMENSIONS = List.of("plan", "segment");

		public Labels {
			plan = checked("plan", plan);
			segment = checked("segment", segment);
		}

		/** A dimension's labels in one language, by code; empty for a dimension without labels. */
		public Map<String, String> in(String dimension, String language) {
			Map<String, Map<String, String>> byCode = "plan".equals(dimension) ? plan
					: "segment".equals(dimension) ? segment : Map.of();
			Map<String, String> labels = new LinkedHashMap<>();
			byCode.forEach((code, byLanguage) -> {
				String label = byLanguage.get(language);
				if (label != null) {
					labels.put(code, label);
				}
			});
			return Map.copyOf(labels);
		}

		public boolean isEmpty() {
			return plan.isEmpty() && segment.isEmpty();
		}

		/** Language codes in lower case, as Locale.getLanguage() gives them; a blank label or a key that is no language code is refused. */
		private static Map<String, Map<String, String>> checked(String dimension, Map<String, Map<String, String>> labels) {
			if (labels == null) {
				return Map.of();
			}
			Map<String, Map<String, String>> checked = new LinkedHashMap<>();
			labels.forEach((code, byLanguage) -> {
				Map<String, String> languages = new LinkedHashMap<>();
				(byLanguage == null ? Map.<String, String>of() : byLanguage).forEach((language, label) -> {
					String key = "churn.labels." + dimension + "." + code + "." + language;
					if (!language.matches("[a-zA-Z]{2,3}")) {
						throw new InvalidConfigurationException("Invalid configuration: " + key + ": '" + language
								+ "' is not a language code; give each label under the two-letter code of its language, "
								+ "e.g. en: or tr:. Fix it in application.yml of the config directory.");
					}
					if (label == null || label.isBlank()) {
						throw new InvalidConfigurationException("Invalid configuration: " + key
								+ " is blank; give the label, or remove the line to show the code. "
								+ "Fix it in application.yml of the config directory.");
					}
					languages.put(language.toLowerCase(Locale.ROOT), label.strip());
				});
				if (languages.isEmpty()) {
					throw new InvalidConfigurationException("Invalid configuration: churn.labels." + dimension + "." + code
							+ " has no label; give one per language, e.g. {en: ..., tr: ...}, or remove it. "
							+ "Fix it in application.yml of the config directory.");
				}
				checked.put(code, Map.copyOf(languages));
			});
			return Map.copyOf(checked);
		}

	}

	/**
	 * @param keystore a PKCS#12 file (.p12) with the private key and certificate the PDFs are
	 * signed with; none: the PDFs are not signed
	 * @param password the keystore's and its key's password (a secret)
	 * @param alias the key's alias in the keystore; none: its only key
	 * @param reason what the signature says it is for
	 */
	public record Signing(Path keystore, String password, String alias,
			@NotBlank @DefaultValue("Monthly report issued by churn-report") String reason) {

		/** Never the password: this may end up in a log or an error message. */
		@Override
		public String toString() {
			return "Signing[keystore=" + keystore + ", password=" + (password == null ? "none" : Secrets.MASK)
					+ ", alias=" + alias + "]";
		}

	}

	/**
	 * The thresholds of the checks that run on the extracted source rows before anything is computed.
	 * @param maxAmount a subscription period's or invoice's amount above this (in its own currency)
	 * is absurd: the row is quarantined
	 * @param allowedIntervalMonths the billing intervals, in months, a subscription period may have
	 * @param maxQuarantinedPercent when more than this share (in percent) of any source's extracted
	 * rows is quarantined, the run fails before anything is published (exit 8)
	 */
	public record DataQuality(@NotNull @DecimalMin(value = "0", inclusive = false) @DefaultValue("100000") BigDecimal maxAmount,
			@NotEmpty @DefaultValue({ "1", "3", "6", "12", "24", "36" }) List<@NotNull @Positive Integer> allowedIntervalMonths,
			@NotNull @DecimalMin("0") @DecimalMax("100") @DefaultValue("1.0") BigDecimal maxQuarantinedPercent) {
	}

	/** @param dataDirectory where the embedded PostgreSQL keeps its data between runs */
	public record Embedded(@NotNull @DefaultValue("data/embedded-postgres") Path dataDirectory) {
	}

	/**
	 * A JDBC connection; each part may come from the environment, e.g. CHURN_CRM_USER, or from a
	 * file of the secrets directory, e.g. {@code churn.crm.password}.
	 *
	 * @param sslMode the PostgreSQL driver's {@code sslmode}: disable, allow, prefer, require,
	 * verify-ca or verify-full; null leaves it to the URL, else the driver's default (prefer)
	 * @param sslRootCert the CA certificate(s) the server's certificate must be signed by (PEM), for
	 * verify-ca and verify-full
	 * @param sslCert a client certificate (PEM), for servers that authenticate clients by certificate
	 * @param sslKey the client certificate's key (PKCS-8 DER {@code .pk8}, or PKCS-12 {@code .p12})
	 * @param sslKeyPassword the password of an encrypted client key (a secret, like the password)
	 */
	public record Database(String url, String user, String password,
			@Pattern(regexp = "(?i)disable|allow|prefer|require|verify-ca|verify-full",
					message = "must be one of disable, allow, prefer, require, verify-ca, verify-full") String sslMode,
			Path sslRootCert, Path sslCert, Path sslKey, String sslKeyPassword) {

		/** A connection without TLS settings of its own. */
		public static Database of(String url, String user, String password) {
			return new Database(url, user, password, null, null, null, null, null);
		}

		public boolean isConfigured() {
			return url != null && !url.isBlank();
		}

		/** Never the password: this may end up in a log or an error message. */
		@Override
		public String toString() {
			return "Database[url=" + Secrets.maskUrl(url) + ", user=" + user + ", password="
					+ (password == null ? "none" : Secrets.MASK) + ", sslMode=" + sslMode + ", sslRootCert=" + sslRootCert
					+ ", sslCert=" + sslCert + ", sslKey=" + sslKey + ", sslKeyPassword="
					+ (sslKeyPassword == null ? "none" : Secrets.MASK) + "]";
		}

	}

	/**
	 * @param filePermissions the POSIX permissions of every file written (reports, CSV, xlsx), as
	 * {@code ls -l} shows them, e.g. {@code rw-------} (the default: the owner only) or
	 * {@code rw-r-----} (and the group); directories churn-report creates get the matching x bits
	 */
	public record Output(@NotNull @Pattern(regexp = "rw-[r-][w-]-[r-][w-]-",
			message = "must be POSIX permissions such as rw------- or rw-r-----: the owner reads and writes, nobody executes") @DefaultValue("rw-------") String filePermissions) {
	}

	/**
	 * The churn-risk model of customers at risk (docs/metrics.md, Customers at risk).
	 * @param trainingMonths how many of the latest months whose next month is known the model learns from
	 * @param minimumLabelledMonths with fewer such months the model is skipped, saying so
	 * @param minimumChurners with fewer churners in them the model is skipped, saying so
	 * @param maximumTrainingRows above this many rows to learn from, customers who stayed are
	 * sampled (the same ones on every run) and those kept weigh for those left out
	 * @param yellow the score (a probability of churning next month) from which a customer is yellow
	 * @param red the score from which a customer is red; above yellow
	 */
	public record Risk(@Min(1) @Max(36) @DefaultValue("6") int trainingMonths,
			@Min(1) @DefaultValue("3") int minimumLabelledMonths, @Min(1) @DefaultValue("30") int minimumChurners,
			@Min(100) @DefaultValue("300000") int maximumTrainingRows,
			@NotNull @DecimalMin("0") @DecimalMax("1") @DefaultValue("0.05") BigDecimal yellow,
			@NotNull @DecimalMin("0") @DecimalMax("1") @DefaultValue("0.15") BigDecimal red) {

		public Risk {
			if (yellow != null && red != null && red.compareTo(yellow) <= 0) {
				throw new InvalidConfigurationException("churn.risk.red (" + red.toPlainString()
						+ ") must be above churn.risk.yellow (" + yellow.toPlainString()
						+ "): a red customer is more likely to churn than a yellow one. Change one of them in application.yml of the config directory or in the environment.");
			}
		}

	}

	/**
	 * A database that cannot be reached (refused, timed out, connection lost) is tried again:
	 * {@code attempts} tries in all, waiting {@code initialDelay} before the second and
	 * {@code multiplier} times longer before each next one, at most {@code maxDelay}.
	 * @param attempts tries in all, the first included; 1 turns retrying off
	 * @param initialDelay the wait before the second try
	 * @param multiplier how much longer each next wait is
	 * @param maxDelay the longest wait
	 * @param connectionTimeout how long one try waits for a connection before it counts as failed
	 */
	public record Retry(@Min(1) @DefaultValue("3") int attempts, @NotNull @DefaultValue("10s") Duration initialDelay,
			@DecimalMin("1") @DefaultValue("2") double multiplier, @NotNull @DefaultValue("5m") Duration maxDelay,
			@NotNull @DefaultValue("30s") Duration connectionTimeout) {
	}

	/**
	 * @param textfile where the metrics of the last month run are written after it, in the
	 * OpenMetrics text format, for node_exporter's textfile collector (which reads only files named
	 * {@code *.prom}); unset writes nothing
	 * @param pushgateway the Prometheus Pushgateway the same metrics are pushed to after each month
	 * run; unset pushes nothing
	 */
	public record Monitoring(@Pattern(regexp = ".*[^/\\\\]\\.prom",
			message = "must name a file ending in .prom, the only files node_exporter's textfile collector reads") String textfile,
			@Valid @DefaultValue Pushgateway pushgateway) {

		public Optional<Path> textfilePath() {
			return textfile == null || textfile.isBlank() ? Optional.empty() : Optional.of(Path.of(textfile));
		}


		/**
		 * @param url the Pushgateway's address, such as {@code http://pushgateway:9091}; unset
		 * pushes nothing
		 * @param job the {@code job} of the pushed group; each month is a group of its own under it
		 * ({@code /metrics/job/<job>/month/<YYYY-MM>}), which a month's next run replaces
		 * @param timeout how long a push may take before it is given up
		 */
		public record Pushgateway(
				@Pattern(regexp = "https?://[^\\s/?#]+(/[^\\s?#]*)?", message = "must be an http:// or https:// address such as http://pushgateway:9091") String url,
				@NotBlank @Pattern(regexp = "[A-Za-z0-9_.-]+", message = "may hold only letters, digits, '_', '.' and '-'") @DefaultValue("churn-report") String job,
				@NotNull @DefaultValue("10s") Duration timeout) {

			public boolean isConfigured() {
				return url != null && !url.isBlank();
			}

		}

	}

	public boolean anyDatabaseConfigured() {
		return billing.isConfigured() || crm.isConfigured() || reporting.isConfigured();
	}

}
