package io.churnreport.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.churnreport.cli.ExitCodes;
import io.churnreport.demo.DemoSettings;
import io.churnreport.support.FixtureInstallation;
import io.churnreport.support.FixtureInstallation.CommandResult;
import io.churnreport.support.PdfText;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deliberately broken copy of the demo: the generated billing and CRM databases with their
 * constraints dropped and one bad row or pair of rows per data-quality rule added, and the shipped
 * configuration with defects. Each defect must end in a clear refusal or in a report that names
 * it; the month's figures must be those of an unbroken copy of the same demo, never silently
 * different.
 */
class BrokenDemoIntegrationTests {

	private static final DemoSettings DEMO = new DemoSettings(150, 4, 5, YearMonth.of(2025, 1), ZoneId.of("UTC"));

	private static final String MONTH = "2025-04";

	/** The outputs holding the month's figures, which the bad rows must not change. */
	/** Real sources have fewer constraints than the demo's: drop them, foreign keys before the keys they use. */
	private static final String DROP_CONSTRAINTS = """
			DO $$
			DECLARE c record;
			BEGIN
			    FOR c IN SELECT conrelid::regclass AS tab, conname FROM pg_constraint
			             WHERE connamespace = '%1$s'::regnamespace ORDER BY contype IN ('p', 'u'), conname
			    LOOP
			        EXECUTE format('ALTER TABLE %%s DROP CONSTRAINT %%I', c.tab, c.conname);
			    END LOOP;
			END $$
			""";

	/**
	 * The first customer gets seven new subscriptions, each wrong in one way (9007 as a pair of periods);
	 * a customer is created in 2031; invoices without a customer, copied, in two versions and of a
	 * customer billing does not know.
	 */
	private static final String BAD_BILLING_ROWS = """
			ALTER TABLE billing.invoice ALTER COLUMN customer_no DROP NOT NULL;
			ALTER TABLE billing.subscription_price_period ALTER COLUMN price DROP NOT NULL;
			INSERT INTO billing.plan VALUES ('BAD-CURRENCY', 'Priced in no currency', 10.00, 1, 'E$U'),
			                                ('BAD-INTERVAL', 'Billed every 5 months', 50.00, 5, 'EUR');
			INSERT INTO billing.subscription (subscription_id, customer_no, signup_plan_code, started_at, trial_ends_at)
			SELECT id, :customer, plan, started, trial_end FROM (VALUES
			    (9001, :plan, timestamptz '2025-03-01 00:00Z', NULL::timestamptz),
			    (9002, :plan, '2025-03-10 00:00Z', '2025-03-01 00:00Z'),
			    (9003, :plan, '2025-03-01 00:00Z', NULL),
			    (9004, :plan, '2025-03-01 00:00Z', NULL),
			    (9005, 'BAD-CURRENCY', '2025-03-01 00:00Z', NULL),
			    (9006, 'BAD-INTERVAL', '2025-03-01 00:00Z', NULL),
			    (9007, :plan, '2025-03-01 00:00Z', '2025-03-20 00:00Z')) AS bad (id, plan, started, trial_end);
			INSERT INTO billing.subscription_price_period (subscription_id, effective_from, plan_code, price) VALUES
			    (9001, '2025-03-01 00:00Z', :plan, NULL),
			    (9003, '2025-03-01 00:00Z', :plan, -10.00),
			    (9004, '2025-03-01 00:00Z', :plan, 500000.00),
			    (9005, '2025-03-01 00:00Z', 'BAD-CURRENCY', 10.00),
			    (9006, '2025-03-01 00:00Z', 'BAD-INTERVAL', 50.00),
			    (9007, '2025-03-10 00:00Z', :plan, 20.00);
			INSERT INTO billing.customer VALUES (8000001, 'Not yet a customer', 'CONSUMER', 'NO', '2031-01-01 00:00Z');
			INSERT INTO billing.invoice VALUES
			    ('BAD-1', NULL, 9003, '2025-04-05 00:00Z', 14, 10.00, 1.90, 11.90, 'EUR'),
			    ('BAD-2', :customer, 9003, '2025-04-05 00:00Z', 14, 10.00, 1.90, 11.90, 'EUR'),
			    ('BAD-2', :customer, 9003, '2025-04-05 00:00Z', 14, 12.00, 2.28, 14.28, 'EUR'),
			    ('BAD-3', 8999999, 9003, '2025-04-05 00:00Z', 14, 10.00, 1.90, 11.90, 'EUR');
			INSERT INTO billing.invoice SELECT * FROM billing.invoice
			WHERE invoice_no = (SELECT min(invoice_no) FROM billing.invoice WHERE invoice_no NOT LIKE 'BAD-%');
			""";

	/** A cancellation entered twice, and one of an account billing does not know. */
	private static final String BAD_CRM_ROWS = """
			INSERT INTO crm.cancellation_request
			SELECT request_id + 1000000, account_id, requested_at, effective_at, reason_code, reason_comment,
			       competitor_name, status, channel, handled_by
			FROM crm.cancellation_request
			WHERE request_id = (SELECT min(request_id) FROM crm.cancellation_request WHERE status = 'CANCELLED');
			INSERT INTO crm.account VALUES (800001, 8999999, 'Unknown to billing', 'B2C', NULL, '2024-06-01 00:00');
			INSERT INTO crm.cancellation_request VALUES (800001, 800001, '2025-04-03 10:00', '2025-04-30 00:00',
			    'price_too_high', 'Too expensive', NULL, 'CANCELLED', 'phone', 'agent');
			""";

	@TempDir
	Path directory;

	@Test
	void eachDefectIsRefusedOrNamedInTheReportAndTheFiguresAreThoseOfTheUnbrokenDemo() {
		FixtureInstallation unbroken = FixtureInstallation.demo(directory.resolve("unbroken"), DEMO).withCustomerIdKey();
		FixtureInstallation broken = FixtureInstallation.demo(directory.resolve("broken"), DEMO).withCustomerIdKey();
		assertThat(unbroken.run("run", "--month", MONTH).exitCode()).isZero();

		// configuration defects are refused before anything of the month is touched
		assertRefusedWhileBroken(broken, "churn-reasons.yml", "  - code: price_increase", "  - code: Price_Too_High",
				ExitCodes.BAD_CONFIGURATION, "churn-reasons.yml", "repeats the code of reason #1");
		// the query's first SELECT names the columns: currency comes back as another name
		assertRefusedWhileBroken(broken, "sources/billing/invoices.sql", "issued.currency, paid.paid_at\n",
				"issued.currency AS money, paid.paid_at\n", ExitCodes.BAD_CONFIGURATION, "invoices.sql", "currency");
		assertRefusedWhileBroken(broken, "application.yml", "  currency: EUR\n",
				"  currency: EUR\n  data-quality:\n    max-quarantine-percent: 5\n", ExitCodes.BAD_CONFIGURATION,
				"unknown key churn.data-quality.max-quarantine-percent");
		CommandResult notAMonth = broken.run("run", "--month", "2025-13");
		assertThat(notAMonth.exitCode()).as(notAMonth.toString()).isEqualTo(ExitCodes.USAGE);
		assertThat(notAMonth.err()).contains("'2025-13' is not a month");

		// bad source rows: more than 1 % of the subscription periods, so the month is refused first
		breakSources(broken);
		CommandResult refused = broken.run("run", "--month", MONTH);
		assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.DATA_QUALITY_LIMIT);
		assertThat(refused.err()).contains("Nothing was published for 2025-04", "null_required_field 1",
				"period_ends_before_start 1", "negative_amount 1", "amount_above_limit 1", "unknown_currency 1",
				"interval_not_allowed 1", "overlapping_periods 2");
		assertThat(broken.monthDirectory(MONTH)).doesNotExist();

		// accepted: the bad rows are left out, counted and named, and the figures are the unbroken demo's
		broken.withSettings("  data-quality:\n    max-quarantined-percent: 25\n");
		CommandResult restarted = broken.run("restart", "--month", MONTH);
		assertThat(restarted.exitCode()).as(restarted.toString()).isZero();
		for (String file : FixtureInstallation.FIGURE_FILES) {
			assertThat(broken.read(MONTH, file)).as(file).isEqualTo(unbroken.read(MONTH, file));
		}
		String quality = broken.read(MONTH, "data-quality.csv");
		assertThat(quality.lines().map(BrokenDemoIntegrationTests::sourceRuleRows))
			.contains("customers,future_date,quarantined,1", "subscriptions,null_required_field,quarantined,1",
					"subscriptions,period_ends_before_start,quarantined,1", "subscriptions,negative_amount,quarantined,1",
					"subscriptions,amount_above_limit,quarantined,1", "subscriptions,unknown_currency,quarantined,1",
					"subscriptions,interval_not_allowed,quarantined,1", "subscriptions,overlapping_periods,quarantined,2",
					"invoices,null_customer_id,quarantined,1", "invoices,duplicate_row,quarantined,1",
					"invoices,conflicting_duplicate,quarantined,2", "invoices,unknown_customer,quarantined,1",
					"cancellations,duplicate_row,quarantined,1", "cancellations,unknown_customer,quarantined,1");
		// the flagged rows are the unbroken demo's own, no more
		assertThat(quality.lines().filter(line -> line.contains("kept-and-flagged")).map(BrokenDemoIntegrationTests::sourceRuleRows))
			.containsExactlyElementsOf(unbroken.read(MONTH, "data-quality.csv").lines()
				.filter(line -> line.contains("kept-and-flagged"))
				.map(BrokenDemoIntegrationTests::sourceRuleRows)
				.toList());
		String report = PdfText.of(broken.monthDirectory(MONTH).resolve("management-report.pdf"));
		assertThat(report).contains("(future_date)", "(null_required_field)", "(period_ends_before_start)",
				"(negative_amount)", "(amount_above_limit)", "(unknown_currency)", "(interval_not_allowed)",
				"(overlapping_periods)", "(null_customer_id)", "(duplicate_row)", "(conflicting_duplicate)",
				"(unknown_customer)");
	}

	/** Makes one edit to the configuration, checks the refusal and that the month is untouched, and undoes it. */
	private static void assertRefusedWhileBroken(FixtureInstallation installation, String file, String text,
			String replacement, int exitCode, String... messageParts) {
		Path path = installation.configDirectory().resolve(file);
		String original = read(path);
		installation.edit(file, text, replacement);
		CommandResult result = installation.run("run", "--month", MONTH);
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(exitCode);
		assertThat(result.err()).contains(messageParts);
		assertThat(installation.monthUntouched(MONTH)).as("nothing of " + MONTH + " touched after " + file).isTrue();
		FixtureInstallation.write(path, original);
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void breakSources(FixtureInstallation installation) {
		String monthlyPlan = installation.billing()
			.sql("SELECT min(plan_code) FROM billing.plan WHERE billing_interval_months = 1")
			.query(String.class)
			.single();
		installation.billing().sql(DROP_CONSTRAINTS.formatted("billing")).update();
		long firstCustomer = installation.billing()
			.sql("SELECT min(customer_no) FROM billing.customer")
			.query(Long.class)
			.single();
		installation.billing()
			.sql(BAD_BILLING_ROWS.replace(":plan", "'" + monthlyPlan + "'").replace(":customer", Long.toString(firstCustomer)))
			.update();
		installation.crm().sql(DROP_CONSTRAINTS.formatted("crm")).update();
		installation.crm().sql(BAD_CRM_ROWS).update();
	}

	/** A data-quality.csv line without its month and the rows extracted, which the bad rows change. */
	private static String sourceRuleRows(String line) {
		String[] columns = line.split(",");
		return columns.length < 6 ? line : String.join(",", columns[1], columns[2], columns[3], columns[4]);
	}

}
