package io.churnreport.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.churnreport.support.FixtureInstallation;
import io.churnreport.support.FixtureInstallation.CommandResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bad configuration fails the commands that run a month before any data is touched: exit 3, the
 * file (with line and column where there is one) and what to change, and no job execution, staging
 * or mart row or output file for the month.
 */
class ConfigurationErrorsIntegrationTests {

	@TempDir
	Path directory;

	FixtureInstallation installation;

	@BeforeEach
	void install() {
		installation = FixtureInstallation.create(directory);
	}

	@Test
	void malformedApplicationYmlNamesTheLineAndColumn() throws Exception {
		Path applicationYml = installation.configDirectory().resolve("application.yml");
		Files.writeString(applicationYml, Files.readString(applicationYml).replace("  currency: EUR", "   currency: EUR"));

		CommandResult result = installation.run("run", "--month", "2025-03");

		assertRefused(result, applicationYml + " is not valid YAML: mapping values are not allowed here (line 4, column 12)",
				"Fix the YAML there");
		assertThat(result.err()).doesNotContain("Exception", "\tat ");
	}

	@Test
	void aYamlBombInApplicationYmlIsRefusedNamingTheFileAndTheLimit() throws Exception {
		Path applicationYml = installation.configDirectory().resolve("application.yml");
		// "billion laughs": each level holds nine aliases of the one before, 9^9 strings once expanded
		StringBuilder bomb = new StringBuilder("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
		String previous = "a";
		for (String level : List.of("b", "c", "d", "e", "f", "g", "h", "i")) {
			bomb.append(level).append(": &").append(level).append(" [")
				.append(String.join(", ", java.util.Collections.nCopies(9, "*" + previous))).append("]\n");
			previous = level;
		}
		Files.writeString(applicationYml, Files.readString(applicationYml) + bomb);

		CommandResult result = installation.run("run", "--month", "2025-03");

		assertRefused(result, "churn-report: " + applicationYml + " is not valid YAML: Number of aliases for non-scalar "
				+ "nodes exceeds the specified max=50. The YAML parser refuses a file with more than 50 aliases (*name)",
				"write the settings out in full, without anchors (&name) and aliases");
		assertThat(result.err()).doesNotContain("Exception", "\tat ", "Could not start");
		assertThat(result.err().lines().filter(line -> line.startsWith("churn-report:"))).hasSize(1);
	}

	@Test
	void aConfigurationDirectoryThatDoesNotExistIsNamedAbsolutelyWithWhatToPass() {
		Path missing = directory.resolve("no-such-config");

		CommandResult result = FixtureInstallation.runBare("run", "--month", "2025-03", "--config", missing.toString(),
				"--out", directory.resolve("out").toString());

		assertRefused(result, "The configuration directory " + missing.toAbsolutePath().normalize() + " does not exist",
				"Pass --config with the directory holding application.yml and sources/");
		assertThat(result.err()).doesNotContain("Exception", "\tat ");
	}

	@Test
	void aMetricsFileThatCannotBeWrittenIsRefusedBeforeTheMonth() throws Exception {
		// its directory would have to be made inside a regular file
		Path file = Files.writeString(directory.resolve("a-file"), "not a directory");
		Path textfile = file.resolve("collector").resolve("churn_report.prom");
		installation.withSettings("  monitoring:\n    textfile: " + textfile + "\n");

		CommandResult result = installation.run("run", "--month", "2025-03");

		assertRefused(result, "The metrics file " + textfile + " cannot be written in " + textfile.getParent(),
				"churn.monitoring.textfile");
	}

	@Test
	void anUnknownKeyUnderChurnNamesTheKeyTheFileAndTheKnownKeys() {
		installation.withSettings("  compnay-name: Typo Inc.\n");

		CommandResult result = installation.run("run", "--month", "2025-03");

		assertRefused(result, "unknown key churn.compnay-name in "
				+ installation.configDirectory().resolve("application.yml").toAbsolutePath().normalize() + ", line 14",
				"has no such setting", "The keys under churn are: time-zone, company-name");
	}

	@Test
	void anUnknownNestedKeyNamesTheKeysOfItsLevel() {
		installation.withSettings("  retry:\n    atempts: 5\n");

		CommandResult result = installation.run("run", "--month", "2025-03");

		assertRefused(result, "unknown key churn.retry.atempts", "The keys under churn.retry are: attempts, initial-delay");
	}

	@Test
	void labelsForADimensionTheReportsDoNotShowAreRefusedNamingTheDimensionsThereAre() {
		installation.withSettings("  labels:\n    segment:\n      small_business: {tr: Küçük işletme}\n"
				+ "    region:\n      North: {tr: Kuzey}\n");

		CommandResult result = installation.run("run", "--month", "2025-03");

		assertRefused(result, "unknown key churn.labels.region.", "The keys under churn.labels are: plan, segment.");
	}

	@Test
	void aLabelUnderAKeyThatIsNoLanguageIsRefusedNamingTheKey() {
		installation.withSettings("  labels:\n    plan:\n      PRO-M: {turkish: Pro aylık}\n");

		CommandResult result = installation.run("run", "--month", "2025-03");

		assertRefused(result, "churn.labels.plan.PRO-M.turkish: 'turkish' is not a language code");
	}

	@Test
	void malformedChurnReasonsYmlNamesTheLine() {
		installation.edit("churn-reasons.yml", "    label: Price too high", "    label: \"Price too high");

		CommandResult result = installation.run("run", "--month", "2025-03");

		assertRefused(result, "churn-reasons.yml is not a valid classifier: while scanning a quoted scalar, found unexpected end of stream (line 3, column 12)");
	}

	@Test
	void aReasonCodeListedTwiceIsRefused() {
		installation.edit("churn-reasons.yml", "  - code: nonpayment", "  - code: Price_Too_High ");

		CommandResult result = installation.run("run", "--month", "2025-03");

		assertRefused(result, "churn-reasons.yml, reason #2 (Price_Too_High) repeats the code of reason #1");
	}

	@Test
	void aReasonWithoutAClassIsRefused() {
		installation.edit("churn-reasons.yml", "    category: relocation\n    class: unmanaged", "    category: relocation");

		CommandResult result = installation.run("run", "--month", "2025-03");

		assertRefused(result,
				"churn-reasons.yml, reason #3 (moved_out_of_area) has class '': it must be managed or unmanaged");
	}

	@Test
	void malformedTargetsYmlNamesTheLine() {
		FixtureInstallation.write(installation.configDirectory().resolve("targets.yml"),
				"target-churn-rate: 0.02\ncategory-thresholds:\n  price: [0.01\n");

		CommandResult result = installation.run("run", "--month", "2025-03");

		assertRefused(result, "targets.yml is not valid YAML: while parsing a flow sequence, expected ',' or ']', but got <stream end> (line 3, column 10)");
	}

	@Test
	void aTargetsCategoryTheClassifierDoesNotHaveIsRefusedAtStart() {
		FixtureInstallation.write(installation.configDirectory().resolve("targets.yml"),
				"category-thresholds:\n  prices: 0.01\n");

		CommandResult result = installation.run("run", "--month", "2025-03");

		assertRefused(result, "targets.yml, category-thresholds.prices: churn-reasons.yml has no reason in category 'prices'");
	}

	@Test
	void aSourceQueryMissingARequiredColumnNamesTheColumn() {
		installation.edit("sources/billing/subscriptions.sql", "closed_by AS end_cause", "closed_by AS ending");

		CommandResult result = installation.run("run", "--month", "2025-03");

		assertRefused(result, "subscriptions.sql does not return the column end_cause", "'... AS end_cause'");
	}

	@Test
	void aSourceQueryReturningTextForAnAmountNamesTheColumnAndTheType() {
		installation.edit("sources/billing/subscriptions.sql", "price AS amount", "price::text AS amount");

		CommandResult result = installation.run("run", "--month", "2025-03");

		assertRefused(result, "subscriptions.sql returns amount as text, which cannot become numeric",
				"convert it in the query");
	}

	@Test
	void aSourceQueryReturningATypeThatCannotBeCastNamesTheColumn() {
		installation.edit("sources/billing/subscriptions.sql", "free_trial AS is_trial", "starts AS is_trial");

		CommandResult result = installation.run("run", "--month", "2025-03");

		assertRefused(result, "subscriptions.sql returns is_trial as timestamptz, which cannot become boolean",
				"cannot cast type timestamp with time zone to boolean");
	}

	@Test
	void aSourceQueryThatDoesNotParseNamesTheLineAndColumn() {
		installation.edit("sources/billing/invoices.sql", "FROM bill", "FROM bills");

		CommandResult result = installation.run("run", "--month", "2025-03");

		assertRefused(result, "invoices.sql, line 3, column 6: relation \"bills\" does not exist",
				"it runs on the billing database");
	}

	@Test
	void aSourceQueryErrorAfterANamedParameterIsPlacedInTheFile() {
		installation.edit("sources/billing/invoices.sql", "WHERE billed < :period_end", "WHERE billed < :period_end\nORDER BY bil_no");

		CommandResult result = installation.run("run", "--month", "2025-03");

		assertRefused(result, "invoices.sql, line 5, column 10: column \"bil_no\" does not exist");
	}

	@Test
	void anOutputDirectoryThatIsAFileIsRefusedNamingIt() throws Exception {
		Path file = Files.writeString(directory.resolve("reports.txt"), "not a directory");

		CommandResult result = FixtureInstallation.runBare("run", "--month", "2025-03", "--config",
				installation.configDirectory().toString(), "--out", file.toString());

		assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.BAD_CONFIGURATION);
		assertThat(result.err()).contains("The output directory " + file + " is a file, not a directory", "--out");
		assertThat(installation.monthUntouched("2025-03")).isTrue();
		assertThat(Files.readString(file)).isEqualTo("not a directory");
	}

	@Test
	void aMonthThatHasNotEndedYetIsRefused() {
		CommandResult result = installation.run("run", "--month", "2099-01");

		assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
		assertThat(result.err()).contains("Month 2099-01 has not ended yet in Europe/Istanbul", "Give an earlier month");
		assertThat(installation.monthUntouched("2099-01")).isTrue();
	}

	@Test
	void rerunChecksTheConfigurationBeforeReplacingAPublishedMonth() throws Exception {
		assertThat(installation.run("run", "--month", "2025-03").exitCode()).isZero();
		String published = installation.read("2025-03", "summary.csv");
		installation.edit("sources/crm/cancellations.sql", "why AS reason_code", "why AS reason");

		CommandResult result = installation.run("rerun", "--month", "2025-03", "--force", "--reason", "test");

		assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.BAD_CONFIGURATION);
		assertThat(result.err()).contains("Month 2025-03 was not started", "cancellations.sql does not return the column reason_code");
		assertThat(installation.reporting().sql("SELECT version FROM mart.month_run WHERE month = '2025-03-01'")
			.query(Long.class)
			.single()).isEqualTo(1);
		assertThat(installation.reporting().sql("SELECT count(*) FROM batch_job_execution").query(Long.class).single())
			.isEqualTo(1);
		assertThat(installation.read("2025-03", "summary.csv")).isEqualTo(published);
		assertThat(installation.monthDirectory("2025-03").resolve("versions")).doesNotExist();
	}

	private void assertRefused(CommandResult result, String... messageParts) {
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.BAD_CONFIGURATION);
		assertThat(result.err()).contains(messageParts);
		assertThat(installation.monthUntouched("2025-03")).as("nothing of the month was touched").isTrue();
	}

}
