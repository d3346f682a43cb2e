package io.churnreport.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import jakarta.mail.internet.MimeMessage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.FileSystemResource;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

import io.churnreport.month.Metric;
import io.churnreport.month.MetricStore;
import io.churnreport.month.ReportingMonth;
import io.churnreport.system.AtomicFiles;
import io.churnreport.system.ChurnProperties;
import io.churnreport.system.Failures;
import io.churnreport.system.InvalidConfigurationException;
import io.churnreport.system.Secrets;

/**
 * Delivers a completed month's reports as {@code churn.delivery} says: each report's pack (its PDF,
 * and its spreadsheet with {@code attach-xlsx}) copied into the shared directory as
 * {@code <month>/<file>}, and mailed to each of the report's recipients, one mail each. A send or
 * copy that fails is tried again ({@code churn.delivery.retry}); whatever it came to is recorded in
 * mart.delivery and logged, and nothing here throws: a delivery never changes the month's outcome.
 */
@Component
public class ReportDelivery {

	private static final Logger log = LoggerFactory.getLogger(ReportDelivery.class);

	private static final String PDF = "application/pdf";

	private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

	private final DeliveryProperties delivery;

	private final ChurnProperties churn;

	private final MetricStore metrics;

	private final DeliveryLog deliveryLog;

	public ReportDelivery(DeliveryProperties delivery, ChurnProperties churn, MetricStore metrics,
			DeliveryLog deliveryLog) {
		this.delivery = delivery;
		this.churn = churn;
		this.metrics = metrics;
		this.deliveryLog = deliveryLog;
	}

	/** Whether anything is configured to be delivered (recipients or a directory). */
	public boolean isEnabled() {
		return delivery.isEnabled();
	}

	/**
	 * Delivers the given reports of the month's results in their version; an empty list delivers
	 * every report.
	 * @param files where the reports to send are and their language, which the mails take
	 * @return one record per report and recipient (and per report copied into the directory), as
	 * recorded in mart.delivery
	 */
	public List<DeliveryRecord> deliver(YearMonth month, long version, MonthReportFiles files, List<ReportPack> reports) {
		List<DeliveryRecord> records = new ArrayList<>();
		if (!isEnabled()) {
			return records;
		}
		for (ReportPack pack : reports.isEmpty() ? List.of(ReportPack.values()) : reports) {
			List<Path> packFiles = files(pack, files.directory());
			if (delivery.directory() != null) {
				Path target = files.sharedDirectory(delivery.directory().resolve(ReportingMonth.format(month)));
				records.add(record(month, version, pack, DeliveryRecord.DIRECTORY, delivery.directory().toString(),
						tried(() -> copy(packFiles, target), "could not copy into " + target + " (churn.delivery.directory)")));
			}
			List<String> recipients = delivery.recipients(pack.report());
			if (recipients.isEmpty()) {
				continue;
			}
			DeliveryMail mail = DeliveryMail.compose(pack, month, version, figures(month, pack), new DeliveryMail.Settings(
					files.language(), churn.companyName(), churn.currency(), delivery.subject()), packFiles);
			JavaMailSenderImpl sender = mailSender();
			for (String recipient : recipients) {
				records.add(record(month, version, pack, DeliveryRecord.EMAIL, recipient,
						tried(() -> send(sender, mail, recipient), "could not send through " + delivery.smtp().host() + ":"
								+ delivery.smtp().port() + " (churn.delivery.smtp)")));
			}
		}
		return records;
	}

	private List<Path> files(ReportPack pack, Path monthDirectory) {
		return delivery.attachXlsx() ? List.of(monthDirectory.resolve(pack.pdf()), monthDirectory.resolve(pack.xlsx()))
				: List.of(monthDirectory.resolve(pack.pdf()));
	}

	private Map<Metric, BigDecimal> figures(YearMonth month, ReportPack pack) {
		Map<Metric, BigDecimal> figures = new EnumMap<>(Metric.class);
		for (Metric metric : pack.headline()) {
			metrics.find(month.atDay(1), metric).ifPresent(value -> figures.put(metric, value));
		}
		return figures;
	}

	private static void copy(List<Path> files, Path directory) throws IOException {
		for (Path file : files) {
			requireFile(file);
			// under a temporary name first: a reader of the shared folder never sees half a report
			AtomicFiles.write(directory.resolve(file.getFileName()),
					temporary -> Files.copy(file, temporary, StandardCopyOption.REPLACE_EXISTING));
		}
	}

	private void send(JavaMailSenderImpl sender, DeliveryMail mail, String recipient) throws Exception {
		MimeMessage message = sender.createMimeMessage();
		MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
		helper.setFrom(delivery.sender());
		helper.setTo(recipient);
		helper.setSubject(mail.subject());
		helper.setText(mail.body());
		for (Path file : mail.attachments()) {
			requireFile(file);
			helper.addAttachment(file.getFileName().toString(), new FileSystemResource(file),
					file.getFileName().toString().endsWith(".pdf") ? PDF : XLSX);
		}
		sender.send(message);
	}

	private static void requireFile(Path file) throws NoSuchFileException {
		if (!Files.isRegularFile(file)) {
			throw new NoSuchFileException(file.toString(), null, "the month's run wrote no such file; was the output "
					+ "directory moved? Give the month's output directory with --out");
		}
	}

	private JavaMailSenderImpl mailSender() {
		DeliveryProperties.Smtp smtp = delivery.smtp();
		JavaMailSenderImpl sender = new JavaMailSenderImpl();
		sender.setHost(smtp.host());
		sender.setPort(smtp.port());
		sender.setDefaultEncoding("UTF-8");
		boolean smtps = smtp.tls() == DeliveryProperties.Tls.SMTPS;
		sender.setProtocol(smtps ? "smtps" : "smtp");
		String prefix = smtps ? "mail.smtps." : "mail.smtp.";
		Properties properties = new Properties();
		String timeout = Long.toString(smtp.timeout().toMillis());
		properties.setProperty(prefix + "connectiontimeout", timeout);
		properties.setProperty(prefix + "timeout", timeout);
		properties.setProperty(prefix + "writetimeout", timeout);
		if (smtp.tls() == DeliveryProperties.Tls.STARTTLS) {
			// required, not merely enabled: a server that does not offer it is refused, not used in the clear
			properties.setProperty(prefix + "starttls.enable", "true");
			properties.setProperty(prefix + "starttls.required", "true");
		}
		if (smtp.tls() != DeliveryProperties.Tls.NONE) {
			properties.setProperty(prefix + "ssl.checkserveridentity", "true");
			if (smtp.sslRootCert() != null) {
				// an object, not a class name: the mail session takes the factory as it is
				properties.put(prefix + "ssl.socketFactory", trusting(smtp.sslRootCert()));
			}
		}
		if (smtp.username() != null && !smtp.username().isBlank()) {
			sender.setUsername(smtp.username());
			sender.setPassword(smtp.password());
			properties.setProperty(prefix + "auth", "true");
		}
		sender.setJavaMailProperties(properties);
		return sender;
	}

	/** TLS sockets that trust the CA certificates of the PEM file, and only them. */
	private static SSLSocketFactory trusting(Path pem) {
		try (InputStream in = Files.newInputStream(pem)) {
			KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
			trusted.load(null, null);
			int index = 0;
			for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
				trusted.setCertificateEntry("ca-" + index++, certificate);
			}
			TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trust.init(trusted);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, trust.getTrustManagers(), null);
			return context.getSocketFactory();
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new InvalidConfigurationException("churn.delivery.smtp.ssl-root-cert " + pem
					+ " holds no usable CA certificate (" + ex.getMessage() + "): give the PEM file of the CA that signed "
					+ "the mail server's certificate.", ex);
		}
	}

	/**
	 * Runs the action, trying it again after a failure as churn.delivery.retry says.
	 * @param failing how a failure starts, naming where it went
	 */
	private Tried tried(Action action, String failing) {
		DeliveryProperties.Retry retry = delivery.retry();
		Duration delay = retry.delay();
		for (int attempt = 1;; attempt++) {
			try {
				action.run();
				return new Tried(attempt, Optional.empty());
			}
			catch (Exception ex) {
				// a missing file, a refused login or a certificate not trusted stays so: trying again would only
				// delay the record
				boolean lasting = ex instanceof NoSuchFileException || ex instanceof MailAuthenticationException
						|| Failures.hasCause(ex, SSLHandshakeException.class);
				if (lasting || attempt >= retry.attempts()) {
					return new Tried(attempt, Optional.of(describe(ex, failing)));
				}
				log.info("Delivery attempt {} of {} failed ({}); trying again in {} ms", attempt, retry.attempts(),
						describe(ex, failing), delay.toMillis());
				try {
					Thread.sleep(delay.toMillis());
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return new Tried(attempt, Optional.of(describe(ex, failing)));
				}
				delay = Duration.ofMillis((long) (delay.toMillis() * retry.multiplier()));
			}
		}
	}

	private String describe(Exception ex, String failing) {
		String message = ex instanceof NoSuchFileException missing
				? missing.getFile() + " does not exist: " + missing.getReason()
				: failing + ": " + Failures.rootMessage(ex);
		// a server's answer may quote what it was given; never the password
		return Secrets.mask(message, delivery.smtp().password());
	}

	private DeliveryRecord record(YearMonth month, long version, ReportPack pack, String target, String recipient,
			Tried tried) {
		DeliveryRecord record = new DeliveryRecord(month, version, pack.report(), target, recipient,
				tried.error().isEmpty(), tried.attempts(), tried.error());
		String what = pack.report() + " of " + ReportingMonth.format(month) + " (version " + version + ")";
		boolean directory = DeliveryRecord.DIRECTORY.equals(target);
		if (record.sent()) {
			log.info("Delivery: {} {} {}", what, directory ? "copied into" : "sent to", recipient);
		}
		else {
			log.warn("Delivery failed: {} could not be {} {} after {} attempt(s): {}. The month stays complete; "
					+ "deliver it again with: churn-report deliver --month {} --report {}", what,
					directory ? "copied into" : "sent to", recipient, record.attempts(), record.error().orElse(""),
					ReportingMonth.format(month), pack.report());
		}
		try {
			deliveryLog.record(record);
		}
		catch (RuntimeException ex) {
			// the record is lost, not the month: the log line above says what happened
			log.warn("Could not record the delivery in mart.delivery: {}", Failures.rootMessage(ex));
		}
		return record;
	}

	@FunctionalInterface
	private interface Action {

		void run() throws Exception;

	}

	private record Tried(int attempts, Optional<String> error) {
	}

}
