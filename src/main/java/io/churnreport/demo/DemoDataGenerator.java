package io.churnreport.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ScriptUtils;
import io.churnreport.system.CopyText;

/**
 * Fills a billing and a CRM database with the demo's reference schemas and a deterministic,
 * realistic history: trials, monthly, quarterly and annual plans, upgrades and downgrades, add-ons
 * cancelled on their own, cancellations through the retention desk (some saved), customers who
 * leave without a word, non-payment, hidden churn and win-backs.
 * <p>
 * The schemas ({@code demo/billing-schema.sql}, {@code demo/crm-schema.sql}) are dropped and
 * recreated on every call, so the caller must give data sources allowed to do that and must not
 * point them at anything but demo databases. Billing and CRM may be the same database.
 */
public class DemoDataGenerator {

	private static final String BILLING_SCHEMA = "demo/billing-schema.sql";

	private static final String CRM_SCHEMA = "demo/crm-schema.sql";

	private static final String COPY_REGION = "COPY billing.region (region_code, name) FROM STDIN";

	private static final String COPY_PLAN = """
			COPY billing.plan (plan_code, name, price, billing_interval_months, currency) FROM STDIN""";

	private static final String COPY_CUSTOMER = """
			COPY billing.customer (customer_no, name, customer_type, region_code, created_at, updated_at) FROM STDIN""";

	private static final String COPY_SUBSCRIPTION = """
			COPY billing.subscription (subscription_id, customer_no, signup_plan_code, started_at, trial_ends_at,
			    ended_at, end_reason, updated_at) FROM STDIN""";

	private static final String COPY_PRICE_PERIOD = """
			COPY billing.subscription_price_period (subscription_id, effective_from, plan_code, price, change_note)
			FROM STDIN""";

	private static final String COPY_INVOICE = """
			COPY billing.invoice (invoice_no, customer_no, subscription_id, issued_at, payment_terms_days, net_amount,
			    tax_amount, total_amount, currency) FROM STDIN""";

	private static final String COPY_PAYMENT = """
			COPY billing.payment (payment_id, invoice_no, attempted_at, amount, method, status, failure_code)
			FROM STDIN""";

	private static final String COPY_ACCOUNT = """
			COPY crm.account (account_id, billing_customer_no, display_name, account_type, account_manager, created_on)
			FROM STDIN""";

	private static final String COPY_CANCELLATION_REQUEST = """
			COPY crm.cancellation_request (request_id, account_id, requested_at, effective_at, reason_code,
			    reason_comment, competitor_name, status, channel, handled_by, updated_at) FROM STDIN""";

	private static final String[][] REGIONS = { { "NO", "North" }, { "SO", "South" }, { "EA", "East" },
			{ "WE", "West" }, { "CA", "Capital" } };

	/**
	 * Customers simulated and copied at a time: their rows are all the generator holds, so memory
	 * stays flat at any scale, and a COPY of a few thousand rows per table costs little more per row
	 * than one of millions.
	 */
	static final int CUSTOMERS_PER_BATCH = 2_000;

	private final int customersPerBatch;

	public DemoDataGenerator() {
		this(CUSTOMERS_PER_BATCH);
	}

	/** A generator copying the given number of customers at a time (the data do not depend on it). */
	DemoDataGenerator(int customersPerBatch) {
		if (customersPerBatch < 1) {
			throw new IllegalArgumentException("customersPerBatch must be at least 1, was " + customersPerBatch);
		}
		this.customersPerBatch = customersPerBatch;
	}

	/**
	 * Recreates the reference schemas in both databases and loads the history the settings
	 * describe. Each database is written in one transaction: the customers are simulated and
	 * copied in batches, over one connection per database held open until the end, so that a
	 * failure leaves the previous demo data in place and a half-written history is never seen.
	 */
	public DemoDataset generate(DataSource billing, DataSource crm, DemoSettings settings) {
		DemoSimulation simulation = new DemoSimulation(settings);
		try (Connection billingConnection = billing.getConnection(); Connection crmConnection = crm.getConnection()) {
			boolean billingAutoCommit = billingConnection.getAutoCommit();
			boolean crmAutoCommit = crmConnection.getAutoCommit();
			billingConnection.setAutoCommit(false);
			crmConnection.setAutoCommit(false);
			try {
				ScriptUtils.executeSqlScript(billingConnection, schema(BILLING_SCHEMA));
				ScriptUtils.executeSqlScript(crmConnection, schema(CRM_SCHEMA));
				CopyManager billingCopy = billingConnection.unwrap(PGConnection.class).getCopyAPI();
				CopyManager crmCopy = crmConnection.unwrap(PGConnection.class).getCopyAPI();
				writeReferenceTables(billingCopy, simulation.plans());
				RowCounts counts = new RowCounts();
				simulation.run(this.customersPerBatch, (billingRows, crmRows) -> {
					writeBilling(billingCopy, billingRows, counts);
					writeCrm(crmCopy, crmRows, counts);
				});
				inTimeOrder(billingConnection);
				billingConnection.commit();
				crmConnection.commit();
				return counts.dataset();
			}
			catch (SQLException | IOException | RuntimeException ex) {
				rollbackQuietly(billingConnection, ex);
				rollbackQuietly(crmConnection, ex);
				throw ex;
			}
			finally {
				billingConnection.setAutoCommit(billingAutoCommit);
				crmConnection.setAutoCommit(crmAutoCommit);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not load the demo data into the billing and CRM databases: "
					+ ex.getMessage() + ". Nothing was kept; check that the databases can be reached and written, then run the demo again.", ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not stream the demo data into the billing and CRM databases (nothing was kept): "
					+ ex.getMessage(), ex);
		}
	}

	/**
	 * A billing system writes invoices and payments as they happen, so that a month's rows sit
	 * together in its tables; the simulation writes them customer by customer, which would scatter a
	 * month's invoices over the whole table and make reading one month cost as much as reading all.
	 */
	private static void inTimeOrder(Connection billing) throws SQLException {
		try (Statement statement = billing.createStatement()) {
			statement.execute("CLUSTER billing.invoice USING invoice_issued_idx");
			statement.execute("CLUSTER billing.payment USING payment_attempted_idx");
			statement.execute("ANALYZE billing.invoice, billing.payment");
		}
	}

	private static ClassPathResource schema(String script) {
		return new ClassPathResource(script, DemoDataGenerator.class.getClassLoader());
	}

	private static void rollbackQuietly(Connection connection, Exception failure) {
		try {
			connection.rollback();
		}
		catch (SQLException ex) {
			// the first failure is the one to report; the connection is closed next anyway
			failure.addSuppressed(ex);
		}
	}

	private void writeReferenceTables(CopyManager copyManager, PlanCatalog plans) throws SQLException, IOException {
		CopyText regions = new CopyText();
		for (String[] region : REGIONS) {
			regions.row(region[0], region[1]);
		}
		regions.copy(copyManager, COPY_REGION);
		CopyText planRows = new CopyText();
		plans.plans()
			.forEach((plan) -> planRows.row(plan.code(), plan.name(), plan.price(), plan.intervalMonths(),
					PlanCatalog.CURRENCY));
		planRows.copy(copyManager, COPY_PLAN);
	}

	/** Copies one batch; within each table the rows keep the order of the whole simulation. */
	private void writeBilling(CopyManager copyManager, BillingRows rows, RowCounts counts)
			throws SQLException, IOException {
		CopyText customers = new CopyText();
		// the simulation never changes a customer after creating it
		rows.customers.forEach((customer) -> customers.row(customer.customerNo(), customer.name(),
				customer.customerType(), customer.regionCode(), customer.createdAt(), customer.createdAt()));
		counts.customers += customers.copy(copyManager, COPY_CUSTOMER);
		// a subscription last changed at its latest start, price change or end (a batch holds all of a
		// customer's rows)
		Map<Long, ZonedDateTime> lastPriceChange = new HashMap<>();
		rows.pricePeriods.forEach((period) -> lastPriceChange.merge(period.subscriptionId(), period.effectiveFrom(),
				(one, other) -> one.isAfter(other) ? one : other));
		CopyText subscriptions = new CopyText();
		rows.subscriptions.forEach((subscription) -> subscriptions.row(subscription.subscriptionId(),
				subscription.customerNo(), subscription.signupPlanCode(), subscription.startedAt(),
				subscription.trialEndsAt(), subscription.endedAt(), subscription.endReason(),
				Stream.of(subscription.startedAt(), lastPriceChange.get(subscription.subscriptionId()),
						subscription.endedAt())
					.filter(Objects::nonNull)
					.max(Comparator.naturalOrder())
					.orElseThrow()));
		counts.subscriptions += subscriptions.copy(copyManager, COPY_SUBSCRIPTION);
		CopyText pricePeriods = new CopyText();
		rows.pricePeriods.forEach((period) -> pricePeriods.row(period.subscriptionId(), period.effectiveFrom(),
				period.planCode(), period.price(), period.changeNote()));
		counts.pricePeriods += pricePeriods.copy(copyManager, COPY_PRICE_PERIOD);
		CopyText invoices = new CopyText();
		rows.invoices.forEach((invoice) -> invoices.row(invoice.invoiceNo(), invoice.customerNo(),
				invoice.subscriptionId(), invoice.issuedAt(), invoice.paymentTermsDays(), invoice.netAmount(),
				invoice.taxAmount(), invoice.totalAmount(), invoice.currency()));
		counts.invoices += invoices.copy(copyManager, COPY_INVOICE);
		CopyText payments = new CopyText();
		rows.payments.forEach((payment) -> payments.row(payment.paymentId(), payment.invoiceNo(),
				payment.attemptedAt(), payment.amount(), payment.method(), payment.status(), payment.failureCode()));
		counts.payments += payments.copy(copyManager, COPY_PAYMENT);
	}

	private void writeCrm(CopyManager copyManager, CrmRows rows, RowCounts counts) throws SQLException, IOException {
		CopyText accounts = new CopyText();
		rows.accounts.forEach((account) -> accounts.row(account.accountId(), account.billingCustomerNo(),
				account.displayName(), account.accountType(), account.accountManager(), account.createdOn()));
		counts.crmAccounts += accounts.copy(copyManager, COPY_ACCOUNT);
		CopyText requests = new CopyText();
		rows.cancellationRequests.forEach((request) -> requests.row(request.requestId(), request.accountId(),
				request.requestedAt(), request.effectiveAt(), request.reasonCode(), request.reasonComment(),
				request.competitorName(), request.status(), request.channel(), request.handledBy(),
				// the simulation decides a request when it is made
				request.requestedAt()));
		counts.cancellationRequests += requests.copy(copyManager, COPY_CANCELLATION_REQUEST);
	}

	/** The rows copied so far, per table. */
	private static final class RowCounts {

		int customers;

		int subscriptions;

		int pricePeriods;

		int invoices;

		int payments;

		int crmAccounts;

		int cancellationRequests;

		DemoDataset dataset() {
			return new DemoDataset(customers, subscriptions, pricePeriods, invoices, payments, crmAccounts,
					cancellationRequests);
		}

	}

}
