package io.churnreport.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.churnreport.support.FixtureInstallation;
import io.churnreport.support.FixtureInstallation.CommandResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a month's outputs give away: customer identifiers in CSV files and spreadsheets are masked
 * as in the PDFs unless {@code churn.reports.show-customer-ids} is true, and every file is created
 * with {@code churn.output.file-permissions} (the owner only by default), its directories with the
 * matching x bits.
 */
class OutputProtectionIntegrationTests {

	@TempDir
	Path directory;

	@Test
	void byDefaultCustomerIdsArePseudonymsInTheCsvAndSpreadsheetAndFilesAreTheOwnersOnly() throws IOException {
		FixtureInstallation installation = FixtureInstallation.create(directory);

		CommandResult run = installation.run("run", "--month", "2025-03");

		assertThat(run.exitCode()).as(run.toString()).isZero();
		List<String> ids = hiddenChurnIds(installation);
		assertThat(ids).hasSize(5);
		// under the key the reporting database drew: one pseudonym per customer, the same in both files
		List<String> shown = csvColumn(installation, "hidden-churn.csv");
		assertThat(shown).hasSize(5).doesNotHaveDuplicates().allMatch(id -> id.matches(PSEUDONYM));
		assertThat(spreadsheetColumn(installation, "hidden-churn")).containsExactlyElementsOf(shown);
		assertThat(shown).doesNotContainAnyElementsOf(ids);

		assertPermissions(installation, "rw-------", "rwx------");
	}

	@Test
	void aCustomerIdKeyFromTheSecretsDirectoryGivesThePseudonymsOfThatKey() throws IOException {
		FixtureInstallation installation = FixtureInstallation.create(directory);
		Path secrets = Files.createDirectory(directory.resolve("secrets"));
		Files.writeString(secrets.resolve("churn.reports.customer-id-key"), "0123456789abcdef\n");

		CommandResult run = installation.run("run", "--month", "2025-03", "--secrets", secrets.toString());

		assertThat(run.exitCode()).as(run.toString()).isZero();
		assertThat(hiddenChurnIds(installation)).containsExactly(HIDDEN_CHURN_IDS);
		// e.g. echo -n 8 | openssl dgst -sha256 -hmac 0123456789abcdef: the first 60 bits in Crockford base 32
		assertThat(csvColumn(installation, "hidden-churn.csv")).containsExactly(HIDDEN_CHURN_PSEUDONYMS);
		assertThat(spreadsheetColumn(installation, "hidden-churn")).containsExactly(HIDDEN_CHURN_PSEUDONYMS);
	}

	@Test
	void customerIdsInFullAndGroupReadableFilesWhenConfigured() throws IOException {
		FixtureInstallation installation = FixtureInstallation.create(directory);
		Path applicationYml = installation.configDirectory().resolve("application.yml");
		FixtureInstallation.write(applicationYml, Files.readString(applicationYml) + """
				  reports:
				    show-customer-ids: true
				  output:
				    file-permissions: rw-r-----
				""");

		CommandResult run = installation.run("run", "--month", "2025-03");

		assertThat(run.exitCode()).as(run.toString()).isZero();
		List<String> ids = hiddenChurnIds(installation);
		assertThat(csvColumn(installation, "hidden-churn.csv")).containsExactlyElementsOf(ids);
		assertThat(spreadsheetColumn(installation, "hidden-churn")).containsExactlyElementsOf(ids);
		assertPermissions(installation, "rw-r-----", "rwxr-x---");
	}

	@Test
	void filePermissionsThatAreNotOwnerReadWritePosixPermissionsAreBadConfiguration() {
		FixtureInstallation installation = FixtureInstallation.create(directory);
		Path applicationYml = installation.configDirectory().resolve("application.yml");
		FixtureInstallation.write(applicationYml, readString(applicationYml) + """
				  output:
				    file-permissions: rwxr-xr-x
				""");

		CommandResult status = FixtureInstallation.runBare("status", "--config", installation.configDirectory().toString());

		assertThat(status.exitCode()).as(status.toString()).isEqualTo(ExitCodes.BAD_CONFIGURATION);
		assertThat(status.err()).contains("churn.output.file-permissions", "rw-------");
	}

	/** The fixture's hidden churn customers of March 2025, by MRR. */
	private static final String[] HIDDEN_CHURN_IDS = { "8", "12", "9", "11", "13" };

	/** Their pseudonyms under the key 0123456789abcdef, worked out with openssl (see the test). */
	private static final String[] HIDDEN_CHURN_PSEUDONYMS = { "NQF5-N6XW-GG9W", "Q2DG-YJ4W-27VC", "WWDK-XPWV-CWCB",
			"3THG-RYNV-JEMM", "AP50-PZC5-6DKY" };

	/** Three groups of four characters of Crockford's base 32. */
	private static final String PSEUDONYM = "[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}";

	/** The month's hidden churn customers as the mart holds them, in the file's order. */
	private static List<String> hiddenChurnIds(FixtureInstallation installation) {
		return installation.reporting()
			.sql("SELECT customer_id FROM mart.hidden_churn_customer WHERE month = '2025-03-01' ORDER BY mrr DESC, customer_id")
			.query(String.class)
			.list();
	}

	private static List<String> csvColumn(FixtureInstallation installation, String file) {
		return installation.read("2025-03", file).lines().skip(1).map(line -> line.split(",")[0]).toList();
	}

	private static List<String> spreadsheetColumn(FixtureInstallation installation, String sheet) throws IOException {
		try (ReadableWorkbook workbook = new ReadableWorkbook(
				installation.monthDirectory("2025-03").resolve("management-report.xlsx").toFile())) {
			List<Row> rows = workbook.findSheet(sheet).orElseThrow().read();
			assertThat(rows.get(0).getCell(0).asString()).isEqualTo("customer_id");
			return rows.stream().skip(1).map(row -> row.getCell(0).asString()).toList();
		}
	}

	/** Every file of the month has the file permissions, the directories made for them the directory ones. */
	private static void assertPermissions(FixtureInstallation installation, String files, String directories)
			throws IOException {
		Path month = installation.monthDirectory("2025-03");
		Map<String, String> permissions;
		try (Stream<Path> written = Files.list(month)) {
			permissions = written.collect(Collectors.toMap(file -> file.getFileName().toString(), file -> permissions(file)));
		}
		assertThat(permissions.keySet()).contains("management-report.pdf", "finance-report.pdf", "management-report.xlsx",
				"summary.csv", "hidden-churn.csv");
		assertThat(permissions).allSatisfy((file, actual) -> assertThat(actual).as(file).isEqualTo(files));
		for (Path created : Arrays.asList(month, month.getParent())) {
			assertThat(permissions(created)).as(created.toString()).isEqualTo(directories);
		}
	}

	private static String permissions(Path path) {
		try {
			return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String readString(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
