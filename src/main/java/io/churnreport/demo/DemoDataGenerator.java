package io.churnreport.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ScriptUtils;

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
			COPY billing.customer (customer_no, name, customer_type, region_code, created_at) FROM STDIN""";

	private static final String COPY_SUBSCRIPTION = """
			COPY billing.subscription (subscription_id, customer_no, signup_plan_code, started_at, trial_ends_at,
			    ended_at, end_reason) FROM STDIN""";

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
			    reason_comment, competitor_name, status, channel, handled_by) FROM STDIN""";

	private static final String[][] REGIONS = { { "NO", "North" }, { "SO", "South" }, { "EA", "East" },
			{ "WE", "West" }, { "CA", "Capital" } };

	/**
	 * Recreates the reference schemas in both databases and loads the history the settings
	 * describe. Each database is written in one transaction.
	 */
	public DemoDataset generate(DataSource billing, DataSource crm, DemoSettings settings) {
		DemoSimulation simulation = new DemoSimulation(settings).run();
		BillingRows billingRows = simulation.billing();
		CrmRows crmRows = simulation.crm();
		inTransaction(billing, BILLING_SCHEMA, (copyManager) -> writeBilling(copyManager, simulation.plans(), billingRows));
		inTransaction(crm, CRM_SCHEMA, (copyManager) -> writeCrm(copyManager, crmRows));
		return new DemoDataset(billingRows.customers.size(), billingRows.subscriptions.size(),
				billingRows.pricePeriods.size(), billingRows.invoices.size(), billingRows.payments.size(),
				crmRows.accounts.size(), crmRows.cancellationRequests.size());
	}

	private void writeBilling(CopyManager copyManager, PlanCatalog plans, BillingRows rows)
			throws SQLException, IOException {
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
		CopyText customers = new CopyText();
		rows.customers.forEach((customer) -> customers.row(customer.customerNo(), customer.name(),
				customer.customerType(), customer.regionCode(), customer.createdAt()));
		customers.copy(copyManager, COPY_CUSTOMER);
		CopyText subscriptions = new CopyText();
		rows.subscriptions.forEach((subscription) -> subscriptions.row(subscription.subscriptionId(),
				subscription.customerNo(), subscription.signupPlanCode(), subscription.startedAt(),
				subscription.trialEndsAt(), subscription.endedAt(), subscription.endReason()));
		subscriptions.copy(copyManager, COPY_SUBSCRIPTION);
		CopyText pricePeriods = new CopyText();
		rows.pricePeriods.forEach((period) -> pricePeriods.row(period.subscriptionId(), period.effectiveFrom(),
				period.planCode(), period.price(), period.changeNote()));
		pricePeriods.copy(copyManager, COPY_PRICE_PERIOD);
		CopyText invoices = new CopyText();
		rows.invoices.forEach((invoice) -> invoices.row(invoice.invoiceNo(), invoice.customerNo(),
				invoice.subscriptionId(), invoice.issuedAt(), invoice.paymentTermsDays(), invoice.netAmount(),
				invoice.taxAmount(), invoice.totalAmount(), invoice.currency()));
		invoices.copy(copyManager, COPY_INVOICE);
		CopyText payments = new CopyText();
		rows.payments.forEach((payment) -> payments.row(payment.paymentId(), payment.invoiceNo(),
				payment.attemptedAt(), payment.amount(), payment.method(), payment.status(), payment.failureCode()));
		payments.copy(copyManager, COPY_PAYMENT);
	}

	private void writeCrm(CopyManager copyManager, CrmRows rows) throws SQLException, IOException {
		CopyText accounts = new CopyText();
		rows.accounts.forEach((account) -> accounts.row(account.accountId(), account.billingCustomerNo(),
				account.displayName(), account.accountType(), account.accountManager(), account.createdOn()));
		accounts.copy(copyManager, COPY_ACCOUNT);
		CopyText requests = new CopyText();
		rows.cancellationRequests.forEach((request) -> requests.row(request.requestId(), request.accountId(),
				request.requestedAt(), request.effectiveAt(), request.reasonCode(), request.reasonComment(),
				request.competitorName(), request.status(), request.channel(), request.handledBy()));
		requests.copy(copyManager, COPY_CANCELLATION_REQUEST);
	}

	private void inTransaction(DataSource dataSource, String schemaScript, CopyWork work) {
		try (Connection connection = dataSource.getConnection()) {
			boolean autoCommit = connection.getAutoCommit();
			connection.setAutoCommit(false);
			try {
				ScriptUtils.executeSqlScript(connection, new ClassPathResource(schemaScript, DemoDataGenerator.class.getClassLoader()));
				work.copy(connection.unwrap(PGConnection.class).getCopyAPI());
				connection.commit();
			}
			catch (SQLException | IOException | RuntimeException ex) {
				connection.rollback();
				throw ex;
			}
			finally {
				connection.setAutoCommit(autoCommit);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not load the demo data (" + schemaScript + "): " + ex.getMessage(), ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not stream the demo data (" + schemaScript + ")", ex);
		}
	}

	@FunctionalInterface
	private interface CopyWork {

		void copy(CopyManager copyManager) throws SQLException, IOException;

	}

}
