package io.churnreport.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Calendar;
import java.util.Collections;
import java.util.List;
import java.util.TimeZone;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import io.churnreport.system.ChurnProperties;
import io.churnreport.system.InvalidConfigurationException;

/**
 * Signs the reports' PDFs with the key of {@code churn.reports.signing} (a PKCS#12 keystore), so
 * that a reader can tell a report is the one the company issued and unchanged since: a detached
 * CMS signature (SHA-256) over the whole file, added as an incremental update that leaves the
 * PDF/A content as it was. Without a keystore configured, PDFs are left unsigned. The keystore is
 * read at start-up, so that a wrong path or password stops the run before any work.
 */
@Component
public class ReportSigner {

	private final KeyMaterial key;

	private final String reason;

	@Autowired
	public ReportSigner(ChurnProperties properties) {
		this(properties.reports().signing());
	}

	public ReportSigner(ChurnProperties.Signing signing) {
		this.key = signing.keystore() == null ? null : KeyMaterial.load(signing);
		this.reason = signing.reason();
	}

	/** Whether PDFs are signed. */
	public boolean signs() {
		return key != null;
	}

	/**
	 * Signs the PDF in place; nothing when no key is configured. The signed file is built in memory
	 * (a report is a few hundred kilobytes) because PDFBox reads the original while it writes, and
	 * the path given is already a temporary file that a killed run's clean-up removes.
	 */
	public void signIfConfigured(Path pdf, String signerName) {
		if (key == null) {
			return;
		}
		try {
			ByteArrayOutputStream signed = new ByteArrayOutputStream();
			try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
				PDSignature signature = new PDSignature();
				signature.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
				signature.setSubFilter(PDSignature.SUBFILTER_ADBE_PKCS7_DETACHED);
				signature.setName(signerName);
				signature.setReason(reason);
				signature.setSignDate(Calendar.getInstance(TimeZone.getTimeZone("UTC")));
				document.addSignature(signature, key::sign);
				document.saveIncremental(signed);
			}
			Files.write(pdf, signed.toByteArray());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not sign " + pdf + ": " + ex.getMessage(), ex);
		}
	}

	/** The private key and its certificate chain, read from the keystore once. */
	private record KeyMaterial(PrivateKey privateKey, List<Certificate> chain) {

		static KeyMaterial load(ChurnProperties.Signing signing) {
			Path file = signing.keystore();
			char[] password = signing.password() == null ? new char[0] : signing.password().toCharArray();
			if (!Files.isRegularFile(file)) {
				throw new InvalidConfigurationException("The signing keystore " + file.toAbsolutePath()
						+ " (churn.reports.signing.keystore) does not exist or is not a file: give the path of the "
						+ "PKCS#12 file to sign the reports with, or remove the setting to leave them unsigned.");
			}
			KeyStore keystore;
			try (InputStream in = Files.newInputStream(file)) {
				keystore = KeyStore.getInstance("PKCS12");
				keystore.load(in, password);
			}
			catch (IOException | GeneralSecurityException ex) {
				throw new InvalidConfigurationException("Cannot read the signing keystore " + file.toAbsolutePath()
						+ " (churn.reports.signing.keystore): " + ex.getMessage() + ". It must be a PKCS#12 file "
						+ "readable by this user, opened by churn.reports.signing.password (a secret).", ex);
			}
			try {
				String alias = signing.alias() != null ? signing.alias() : onlyKeyAlias(keystore, file);
				if (!keystore.isKeyEntry(alias)) {
					throw new InvalidConfigurationException("The signing keystore " + file.toAbsolutePath()
							+ " has no private key named '" + alias + "' (churn.reports.signing.alias); it holds: "
							+ Collections.list(keystore.aliases()) + ".");
				}
				PrivateKey privateKey = (PrivateKey) keystore.getKey(alias, password);
				Certificate[] chain = keystore.getCertificateChain(alias);
				((X509Certificate) chain[0]).checkValidity();
				return new KeyMaterial(privateKey, Arrays.asList(chain));
			}
			catch (GeneralSecurityException ex) {
				throw new InvalidConfigurationException("Cannot use the signing key of " + file.toAbsolutePath() + ": "
						+ ex.getMessage() + ". Give a key whose certificate is valid today.", ex);
			}
		}

		private static String onlyKeyAlias(KeyStore keystore, Path file) throws GeneralSecurityException {
			List<String> keys = Collections.list(keystore.aliases()).stream().filter(alias -> {
				try {
					return keystore.isKeyEntry(alias);
				}
				catch (GeneralSecurityException ex) {
					return false;
				}
			}).toList();
			if (keys.size() != 1) {
				throw new InvalidConfigurationException("The signing keystore " + file.toAbsolutePath() + " holds "
						+ keys.size() + " private keys " + keys + ": name the one to sign with in churn.reports.signing.alias.");
			}
			return keys.get(0);
		}

		private String signatureAlgorithm() {
			return "EC".equals(privateKey.getAlgorithm()) ? "SHA256withECDSA" : "SHA256with" + privateKey.getAlgorithm();
		}

		/** The detached CMS signature of the content PDFBox hands over (the file without the signature's place). */
		byte[] sign(InputStream content) throws IOException {
			try {
				CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
				generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
						new JcaDigestCalculatorProviderBuilder().build())
					.build(new JcaContentSignerBuilder(signatureAlgorithm()).build(privateKey),
							(X509Certificate) chain.get(0)));
				generator.addCertificates(new JcaCertStore(chain));
				return generator.generate(new CMSProcessableByteArray(content.readAllBytes()), false).getEncoded();
			}
			catch (GeneralSecurityException | OperatorCreationException | CMSException ex) {
				throw new IOException("Could not compute the signature: " + ex.getMessage(), ex);
			}
		}

	}

}
