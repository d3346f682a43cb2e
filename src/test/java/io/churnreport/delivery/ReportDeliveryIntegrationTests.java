package io.churnreport.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.churnreport.cli.ExitCodes;
import io.churnreport.support.FixtureInstallation;
import io.churnreport.support.PdfText;
import io.churnreport.support.FixtureInstallation.CommandResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A month's reports delivered to a real SMTP server in process (GreenMail) and a shared
 * directory, on the hand-made fixture (src/test/resources/fixture; the figures worked out in
 * MonthlyChurnJobFunctionalIntegrationTests). March 2025, run as the first month, in Istanbul:
 *
 * <pre>
 * customers at start   9   (1, 2, 3, 5, 6, 9, 11, 12, 13 with MRR at the end of February)
 * customers at end     8   (9 + 1 new (7) + 1 reactivated (8) - 3 churned (2, 5, 6))
 * churn rate           3 / 9 = 33.33%
 * managed churn        1   (2: price_too_high); unmanaged 0 (5 is unclassified, 6 has no reason)
 * MRR at start         468.33 EUR
 * MRR at end           428.33 = 468.33 + 60 new + 70 reactivated + 15 expansion - 15 contraction - 170 churned
 * churned MRR          170.00 = 50 (2) + 80 (5) + 40 (6)
 * gross MRR churn      (170 + 15) / 468.33 = 39.50%
 * net MRR churn        (170 + 15 - 15 - 70) / 468.33 = 100 / 468.33 = 21.35%
 * GRR                  (468.33 - 170 - 15) / 468.33 = 60.50%
 * NRR                  (468.33 - 170 - 15 + 15) / 468.33 = 63.70%
 * </pre>
 */
class ReportDeliveryIntegrationTests {

	private static final String SMTP_PASSWORD = "smtp-Pa55-word-from-the-secrets";

	private static final String KEYSTORE_PASSWORD = "test-keystore-password";

	/** The mail server's certificate, made for the test: for 127.0.0.1, signed by itself (so its own CA). */
	@TempDir
	static Path tls;

	static Path serverCertificate;

	@TempDir
	Path directory;

	FixtureInstallation installation;

	GreenMail smtp;

	Path secrets;

	Path shared;

	@BeforeAll
	static void makeTheMailServersCertificate() throws Exception {
		Path keystore = tls.resolve("smtp.p12");
		serverCertificate = tls.resolve("smtp-ca.pem");
		String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
		keytool(keytool, "-genkeypair", "-alias", "smtp", "-keyalg", "RSA", "-keysize", "2048", "-storetype", "PKCS12",
				"-keystore", keystore.toString(), "-storepass", KEYSTORE_PASSWORD, "-keypass", KEYSTORE_PASSWORD, "-dname",
				"CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2");
		keytool(keytool, "-exportcert", "-rfc", "-alias", "smtp", "-keystore", keystore.toString(), "-storepass",
				KEYSTORE_PASSWORD, "-file", serverCertificate.toString());
		// GreenMail's TLS listeners serve the key of this keystore
		System.setProperty("greenmail.tls.keystore.file", keystore.toString());
		System.setProperty("greenmail.tls.keystore.password", KEYSTORE_PASSWORD);
		System.setProperty("greenmail.tls.key.password", KEYSTORE_PASSWORD);
	}

	@AfterAll
	static void forgetTheMailServersCertificate() {
		System.clearProperty("greenmail.tls.keystore.file");
		System.clearProperty("greenmail.tls.keystore.password");
		System.clearProperty("greenmail.tls.key.password");
	}

	private static void keytool(String... command) throws Exception {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor()).as(output).isZero();
	}

	@BeforeEach
	void createInstallation() throws IOException {
		installation = FixtureInstallation.create(directory);
		// the SMTP login's password only in the secrets directory, as the databases' would be
		secrets = Files.createDirectories(directory.resolve("secrets"));
		Files.writeString(secrets.resolve("churn.delivery.smtp.password"), SMTP_PASSWORD + "\n");
		shared = directory.resolve("shared");
	}

	@AfterEach
	void stopSmtp() {
		if (smtp != null) {
			smtp.stop();
		}
	}

	@Test
	void aCompletedMonthMailsEachReportToItsRecipientsWithItsFiguresAndFilesAndCopiesThePacks() throws Exception {
		// over TLS, the server's certificate verified against the CA file configured
		smtp = startSmtp(0, ServerSetup.PROTOCOL_SMTPS);
		int port = smtp.getSmtps().getPort();
		configureDelivery(port, 3, "smtps", serverCertificate);

		CommandResult check = FixtureInstallation.runBare("check-config", "--config",
				installation.configDirectory().toString(), "--secrets", secrets.toString());
		assertThat(check.exitCode()).as(check.toString()).isZero();
		assertThat(check.out()).contains("delivery: management-report mailed to 2 recipients, finance-report mailed to 1 "
				+ "recipient from churn-report@example.com through 127.0.0.1:" + port
				+ " (smtps, login reports with a password); packs copied into " + shared);

		CommandResult result = installation.run("run", "--month", "2025-03", "--secrets", secrets.toString());

		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(result.out()).contains("Month 2025-03 completed")
			.contains(": reports in " + installation.monthDirectory("2025-03") + ". Reports delivered: 3 mails sent, 2 packs copied into " + shared + ".");
		assertThat(result.toString()).doesNotContain(SMTP_PASSWORD);
		MimeMessage[] received = smtp.getReceivedMessages();
		assertThat(received).hasSize(3);
		Map<String, MimeMessage> byRecipient = new LinkedHashMap<>();
		for (MimeMessage message : received) {
			assertThat(message.getRecipients(Message.RecipientType.TO)).hasSize(1);
			assertThat(message.getFrom()[0].toString()).isEqualTo("churn-report@example.com");
			byRecipient.put(message.getRecipients(Message.RecipientType.TO)[0].toString(), message);
		}
		assertThat(byRecipient).containsOnlyKeys("management@example.com", "board@example.com", "finance@example.com");

		Path march = installation.monthDirectory("2025-03");
		for (String manager : List.of("management@example.com", "board@example.com")) {
			MimeMessage mail = byRecipient.get(manager);
			assertThat(mail.getSubject()).isEqualTo("Monthly churn report March 2025: Anatolia Telecom");
			Map<String, byte[]> attachments = attachments(mail);
			assertThat(attachments).containsOnlyKeys("management-report.pdf", "management-report.xlsx");
			assertThat(attachments.get("management-report.pdf")).isEqualTo(Files.readAllBytes(march.resolve("management-report.pdf")));
			assertThat(attachments.get("management-report.xlsx"))
				.isEqualTo(Files.readAllBytes(march.resolve("management-report.xlsx")));
			assertThat(text(mail)).contains("Monthly churn report, Anatolia Telecom, for March 2025. Attached: "
					+ "management-report.pdf, management-report.xlsx.")
				.containsPattern("Customers at start +9\\R")
				.containsPattern("Customers at end +8\\R")
				.containsPattern("Customer churn rate +33\\.33%\\R")
				.containsPattern("Churned: managed reasons +1\\R")
				.containsPattern("Churned: unmanaged reasons +0\\R")
				.containsPattern("MRR at end +428\\.33 EUR\\R")
				.containsPattern("Net MRR churn rate +21\\.35%\\R")
				.doesNotContain("restated");
		}
		MimeMessage finance = byRecipient.get("finance@example.com");
		assertThat(finance.getSubject()).isEqualTo("Monthly finance report March 2025: Anatolia Telecom");
		Map<String, byte[]> financeFiles = attachments(finance);
		assertThat(financeFiles).containsOnlyKeys("finance-report.pdf", "finance-report.xlsx");
		assertThat(financeFiles.get("finance-report.pdf")).isEqualTo(Files.readAllBytes(march.resolve("finance-report.pdf")));
		assertThat(text(finance)).containsPattern("MRR at start +468\\.33 EUR\\R")
			.containsPattern("MRR at end +428\\.33 EUR\\R")
			.containsPattern("Churned MRR +170\\.00 EUR\\R")
			.containsPattern("Gross MRR churn rate +39\\.50%\\R")
			.containsPattern("Net MRR churn rate +21\\.35%\\R")
			.containsPattern("Gross revenue retention \\(GRR\\) +60\\.50%\\R")
			.containsPattern("Net revenue retention \\(NRR\\) +63\\.70%\\R");

		// the shared directory holds the same packs under <month>/<file>, and nothing half-written
		for (String file : List.of("management-report.pdf", "management-report.xlsx", "finance-report.pdf",
				"finance-report.xlsx")) {
			assertThat(shared.resolve("2025-03").resolve(file)).hasSameBinaryContentAs(march.resolve(file));
		}
		try (var files = Files.list(shared.resolve("2025-03"))) {
			assertThat(files.map(file -> file.getFileName().toString())).hasSize(4);
		}
		// a server whose certificate is not signed by a trusted CA gets nothing
		installation.edit("application.yml", "\n      ssl-root-cert: " + serverCertificate, "");
		CommandResult untrusted = installation.run("deliver", "--month", "2025-03", "--report", "finance-report",
				"--secrets", secrets.toString());
		assertThat(untrusted.exitCode()).as(untrusted.toString()).isEqualTo(ExitCodes.DELIVERY_FAILED);
		// not tried again: another try would meet the same certificate
		assertThat(untrusted.err()).contains("finance-report to finance@example.com after 1 attempt: could not send "
				+ "through 127.0.0.1:" + port + " (churn.delivery.smtp): ")
			.containsIgnoringCase("certification path");
		assertThat(smtp.getReceivedMessages()).hasSize(3);

		// every delivery recorded: the month's, then the resend refused by the certificate (the copy went)
		assertThat(deliveries()).containsExactly("management-report|directory|" + shared + "|sent|1|null",
				"management-report|email|management@example.com|sent|1|null",
				"management-report|email|board@example.com|sent|1|null", "finance-report|directory|" + shared + "|sent|1|null",
				"finance-report|email|finance@example.com|sent|1|null", "finance-report|directory|" + shared + "|sent|1|null",
				"finance-report|email|finance@example.com|failed|1|could not send through 127.0.0.1:" + port
						+ " (churn.delivery.smtp): unable to find valid certification path to requested target");
	}

	@Test
	void aMailServerDownLeavesTheMonthCompleteAndRecordedAndDeliverSendsItWhenItIsBack() throws Exception {
		int port = freePort();
		configureDelivery(port, 2, "none", null);

		CommandResult result = installation.run("run", "--month", "2025-03", "--secrets", secrets.toString());

		// the month completed and says so, with exit 0; each mail was tried twice and recorded as failed
		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(result.out()).contains("Month 2025-03 completed")
			.contains("Reports delivered: 0 mails sent, 2 packs copied into " + shared + "; 3 failed (recorded in mart.delivery):")
			.contains("finance-report to finance@example.com after 2 attempts:")
			.contains("send them again with: churn-report deliver --month 2025-03.");
		assertThat(installation.reporting()
			.sql("SELECT status FROM batch_job_execution ORDER BY job_execution_id DESC LIMIT 1")
			.query(String.class)
			.single()).isEqualTo("COMPLETED");
		assertThat(installation.reporting().sql("SELECT version FROM mart.month_run WHERE month = '2025-03-01'")
			.query(Integer.class)
			.single()).isEqualTo(1);
		assertThat(installation.reporting()
			.sql("SELECT report || '|' || recipient || '|' || status || '|' || attempts || '|' || (error <> '') FROM mart.delivery "
					+ "WHERE target = 'email' ORDER BY delivery_id")
			.query(String.class)
			.list()).containsExactly("management-report|management@example.com|failed|2|true",
					"management-report|board@example.com|failed|2|true", "finance-report|finance@example.com|failed|2|true");
		assertThat(installation.reporting().sql("SELECT error FROM mart.delivery WHERE status = 'failed' LIMIT 1")
			.query(String.class)
			.single()).startsWith("could not send through 127.0.0.1:" + port + " (churn.delivery.smtp): ")
			.contains("Connection refused");

		// a month that is not complete has nothing to deliver
		CommandResult notRun = installation.run("deliver", "--month", "2025-02", "--secrets", secrets.toString());
		assertThat(notRun.exitCode()).as(notRun.toString()).isEqualTo(ExitCodes.NOTHING_TO_RESTART);
		assertThat(notRun.err()).contains("Month 2025-02 has never run, so it has no reports to deliver: run it with: "
				+ "churn-report run --month 2025-02");

		// with the server still down, deliver fails again with its own exit code
		CommandResult stillDown = installation.run("deliver", "--month", "2025-03", "--report", "finance-report",
				"--secrets", secrets.toString());
		assertThat(stillDown.exitCode()).as(stillDown.toString()).isEqualTo(ExitCodes.DELIVERY_FAILED);
		assertThat(stillDown.err()).contains("Month 2025-03: Reports delivered: 0 mails sent, 1 pack copied into " + shared
				+ "; 1 failed (recorded in mart.delivery): finance-report to finance@example.com after 2 attempts: "
				+ "could not send through 127.0.0.1:" + port + " (churn.delivery.smtp): Connection refused;");

		// when the server is back, deliver sends them all; in Turkish this time, which the month (run in English)
		// has only once render wrote its reports in it
		smtp = startSmtp(port, ServerSetup.PROTOCOL_SMTP);
		CommandResult noTurkish = installation.run("deliver", "--month", "2025-03", "--locale", "tr", "--secrets",
				secrets.toString());
		assertThat(noTurkish.exitCode()).as(noTurkish.toString()).isEqualTo(ExitCodes.NOTHING_TO_RESTART);
		assertThat(noTurkish.err()).contains("Month 2025-03 ran in en and has no reports in tr ("
				+ installation.monthDirectory("2025-03").resolve("tr") + " does not exist): write them with: "
				+ "churn-report render --month 2025-03 --locale tr --out " + installation.monthDirectory("2025-03").getParent()
				+ ", then run the same command again.");
		assertThat(smtp.getReceivedMessages()).isEmpty();
		installation.runSucceeding("render", "--month", "2025-03", "--locale", "tr");
		CommandResult all = installation.run("deliver", "--month", "2025-03", "--locale", "tr", "--secrets",
				secrets.toString());
		assertThat(all.exitCode()).as(all.toString()).isZero();
		assertThat(all.out()).contains("Month 2025-03 (version 1): Reports delivered: 3 mails sent, 2 packs copied into");
		assertThat(smtp.getReceivedMessages()).hasSize(3);
		MimeMessage finance = null;
		for (MimeMessage message : smtp.getReceivedMessages()) {
			finance = message.getSubject().startsWith("Aylık finans raporu") ? message : finance;
		}
		assertThat(finance.getSubject()).isEqualTo("Aylık finans raporu Mart 2025: Anatolia Telecom");
		// net MRR churn 100 / 468.33 and MRR at end 428.33 in Turkish formats
		assertThat(text(finance)).containsPattern("Net MRR kayıp oranı +%21,35\\R")
			.containsPattern("Ay sonu MRR +428,33 EUR\\R");
		// the Turkish reports render wrote, mailed and copied beside the English ones
		Path turkish = installation.monthDirectory("2025-03").resolve("tr").resolve("finance-report.pdf");
		byte[] turkishPdf = Files.readAllBytes(turkish);
		assertThat(attachments(finance).get("finance-report.pdf")).isEqualTo(turkishPdf);
		assertThat(PdfText.of(turkish)).contains("Mart 2025");
		assertThat(shared.resolve("2025-03").resolve("tr").resolve("finance-report.pdf")).hasBinaryContent(turkishPdf);
		assertThat(shared.resolve("2025-03").resolve("finance-report.pdf")).hasBinaryContent(
				Files.readAllBytes(installation.monthDirectory("2025-03").resolve("finance-report.pdf")));
		// the month's deliveries, in order: three failed twice after the run, one failed twice more, then three sent
		assertThat(installation.reporting()
			.sql("SELECT status || '|' || count(*) || '|' || sum(attempts) FROM mart.delivery WHERE target = 'email' "
					+ "GROUP BY status ORDER BY status")
			.query(String.class)
			.list()).containsExactly("failed|4|8", "sent|3|3");
	}

	@Test
	void aMisspeltDeliveryKeyIsBadConfigurationNamingTheKeyAndTheKeysThereAre() {
		installation.withSettings("""
				  delivery:
				    management-report:
				      recipients: [management@example.com]
				    sender: churn-report@example.com
				    smtp:
				      host: 127.0.0.1
				    attach-xslx: true
				""");
		CommandResult misspelt = installation.run("run", "--month", "2025-03");
		assertThat(misspelt.exitCode()).as(misspelt.toString()).isEqualTo(ExitCodes.BAD_CONFIGURATION);
		assertThat(misspelt.err()).contains("unknown key churn.delivery.attach-xslx in ")
			.contains("The keys under churn.delivery are: management-report, finance-report, sender, subject, attach-xlsx, "
					+ "smtp, retry, directory.");
		assertThat(installation.monthUntouched("2025-03")).isTrue();
	}

	private void configureDelivery(int port, int attempts, String tls, Path sslRootCert) {
		installation.withSettings("""
				  delivery:
				    management-report:
				      recipients: [management@example.com, board@example.com]
				    finance-report:
				      recipients: [finance@example.com]
				    sender: churn-report@example.com
				    attach-xlsx: true
				    directory: %s
				    smtp:
				      host: 127.0.0.1
				      port: %d
				      tls: %s%s
				      username: reports
				      timeout: 5s
				    retry:
				      attempts: %d
				      delay: 10ms
				""".formatted(shared, port, tls, sslRootCert == null ? "" : "\n      ssl-root-cert: " + sslRootCert, attempts));
	}

	private static GreenMail startSmtp(int port, String protocol) {
		GreenMail server = new GreenMail(new ServerSetup(port, "127.0.0.1", protocol))
			.withConfiguration(GreenMailConfiguration.aConfig().withUser("reports", SMTP_PASSWORD));
		server.start();
		return server;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private List<String> deliveries() {
		return installation.reporting()
			.sql("SELECT report || '|' || target || '|' || recipient || '|' || status || '|' || attempts || '|' "
					+ "|| coalesce(error, 'null') FROM mart.delivery WHERE month = '2025-03-01' AND version = 1 "
					+ "ORDER BY delivery_id")
			.query(String.class)
			.list();
	}

	private static String text(MimeMessage message) throws Exception {
		Multipart multipart = (Multipart) message.getContent();
		for (int i = 0; i < multipart.getCount(); i++) {
			BodyPart part = multipart.getBodyPart(i);
			if (!Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
				Object content = part.getContent();
				if (content instanceof Multipart nested) {
					return (String) nested.getBodyPart(0).getContent();
				}
				return (String) content;
			}
		}
		throw new AssertionError("no text part in " + message.getSubject());
	}

	private static Map<String, byte[]> attachments(MimeMessage message) throws Exception {
		Map<String, byte[]> files = new LinkedHashMap<>();
		Multipart multipart = (Multipart) message.getContent();
		for (int i = 0; i < multipart.getCount(); i++) {
			BodyPart part = multipart.getBodyPart(i);
			if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
				try (InputStream in = part.getInputStream()) {
					files.put(part.getFileName(), in.readAllBytes());
				}
			}
		}
		return files;
	}

}
