package io.churnreport.demo;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.SplittableRandom;

import io.churnreport.demo.CancellationReasons.Reason;

/**
 * The life of every demo customer, simulated one billing interval at a time with a single seeded
 * random stream, so that the same settings always give the same rows. Customers are simulated one
 * after the other and handed over in batches, so that only a batch's rows are held at a time: the
 * stream, the counters of ids and numbers, and so the rows, are the same whatever the batch size.
 * At each renewal a
 * subscription may be cancelled (usually through the retention desk, which saves some), fail to be
 * paid, change plan or simply renew; the rates are chosen to give a monthly customer churn of about
 * three percent, higher in the first months of a relationship.
 */
final class DemoSimulation {

	private static final long FIRST_CUSTOMER_NO = 100_001;

	private static final long FIRST_SUBSCRIPTION_ID = 700_001;

	private static final BigDecimal TAX_RATE = new BigDecimal("0.19");

	private static final BigDecimal RETENTION_DISCOUNT = new BigDecimal("0.80");

	private static final double TRIAL_CONVERSION = 0.60;

	/** Share of voluntary cancellations that go through the retention desk (the rest cancel online). */
	private static final double REQUEST_RECORDED = 0.90;

	private static final double SAVE_RATE = 0.22;

	/** Share of non-payment terminations that collections also records in the CRM. */
	private static final double NONPAYMENT_RECORDED = 0.20;

	private static final double REACTIVATION = 0.15;

	private static final double MONTHLY_ADDON_CANCELLATION = 0.035;

	/** Customers who stop paying without the subscription ever being ended: hidden churn. */
	private static final double MONTHLY_SILENT_DELINQUENCY = 0.0012;

	private static final double MONTHLY_UPGRADE = 0.012;

	private static final double MONTHLY_DOWNGRADE = 0.006;

	private static final double MONTHLY_SWITCH_TO_ANNUAL = 0.004;

	private static final String[] REGION_CODES = { "NO", "SO", "EA", "WE", "CA" };

	private static final double[] REGION_WEIGHTS = { 0.20, 0.22, 0.15, 0.18, 0.25 };

	private static final String[] FIRST_NAMES = { "Anna", "Ben", "Clara", "David", "Eva", "Felix", "Greta", "Hugo",
			"Ida", "Jonas", "Kira", "Lukas", "Mia", "Noah", "Olga", "Paul", "Rosa", "Simon", "Tara", "Viktor" };

	private static final String[] LAST_NAMES = { "Adler", "Bauer", "Conrad", "Dietz", "Engel", "Fischer", "Graf",
			"Hahn", "Imhof", "Jäger", "Keller", "Lang", "Maier", "Neumann", "Ott", "Peters", "Roth", "Schulz", "Vogel",
			"Wolf" };

	private static final String[] COMPANY_WORDS = { "Alpine", "Harbor", "Cedar", "Summit", "Meridian", "Granite",
			"Lumen", "Orbit", "Riverside", "Vertex", "Beacon", "Northwind" };

	private static final String[] COMPANY_KINDS = { "Bakery", "Logistics", "Consulting", "Dental", "Studio", "Motors",
			"Software", "Print", "Farms", "Legal", "Travel", "Foods" };

	private static final String[] COMPANY_FORMS = { "GmbH", "KG", "AG", "GmbH & Co. KG", "e.K." };

	private static final String[] AGENTS = { "m.berger", "s.kaya", "t.novak", "l.meyer", "j.costa", "r.schmidt" };

	private static final String[] ACCOUNT_MANAGERS = { "Petra Lindner", "Omar Haddad", "Julia Brandt", "Tomasz Wójcik" };

	private static final String[] FAILURE_CODES = { "insufficient_funds", "card_expired", "do_not_honor",
			"account_closed" };

	private final DemoSettings settings;

	private final SplittableRandom random;

	private final ZonedDateTime windowStart;

	/** Exclusive: the first instant after the generated months. */
	private final ZonedDateTime windowEnd;

	private final PlanCatalog plans = new PlanCatalog();

	private final CancellationReasons reasons = new CancellationReasons();

	/** The rows of the batch being simulated. */
	private BillingRows billing = new BillingRows();

	private CrmRows crm = new CrmRows();

	private long nextSubscriptionId = FIRST_SUBSCRIPTION_ID;

	private int nextInvoiceNo = 1;

	private long nextPaymentId = 1;

	private int nextRequestId = 1;

	DemoSimulation(DemoSettings settings) {
		this.settings = settings;
		this.random = new SplittableRandom(settings.seed());
		this.windowStart = settings.firstMonth().atDay(1).atStartOfDay(settings.zone());
		this.windowEnd = settings.endMonth().atDay(1).atStartOfDay(settings.zone());
	}

	PlanCatalog plans() {
		return this.plans;
	}

	/**
	 * Simulates every customer, handing the rows to the sink after each {@code customersPerBatch}
	 * customers (and after the last one); a batch's rows are dropped once the sink has them. The
	 * generator checks the batch size.
	 */
	void run(int customersPerBatch, BatchSink sink) throws SQLException, IOException {
		long[] acquisitions = acquisitionEpochSeconds();
		for (int i = 0; i < acquisitions.length; i++) {
			simulateCustomer(FIRST_CUSTOMER_NO + i, i + 1,
					Instant.ofEpochSecond(acquisitions[i]).atZone(this.settings.zone()));
			if ((i + 1) % customersPerBatch == 0 || i == acquisitions.length - 1) {
				sink.accept(this.billing, this.crm);
				this.billing = new BillingRows();
				this.crm = new CrmRows();
			}
		}
	}

	/** Takes the rows of one batch of customers, e.g. to copy them into the databases. */
	@FunctionalInterface
	interface BatchSink {

		void accept(BillingRows billing, CrmRows crm) throws SQLException, IOException;

	}

	/**
	 * When each customer arrived (epoch seconds: whole seconds only, and a long takes less room than
	 * an Instant for a million customers), in order, so that customer numbers grow with time as in a
	 * real billing system. A third arrive in the first month (the base the business already had) and
	 * acquisition slows down afterwards, so older cohorts are larger.
	 */
	private long[] acquisitionEpochSeconds() {
		int months = this.settings.months();
		double[] weights = new double[months];
		weights[0] = (months == 1) ? 1 : months * 0.5;
		for (int month = 1; month < months; month++) {
			weights[month] = 1.5 - (double) month / months;
		}
		long[] instants = new long[this.settings.customers()];
		for (int i = 0; i < instants.length; i++) {
			ZonedDateTime monthStart = this.windowStart.plusMonths(Weighted.pick(weights, this.random));
			long seconds = ChronoUnit.SECONDS.between(monthStart, monthStart.plusMonths(1));
			instants[i] = monthStart.toEpochSecond() + this.random.nextLong(seconds);
		}
		Arrays.sort(instants);
		return instants;
	}

	private void simulateCustomer(long customerNo, int accountId, ZonedDateTime createdAt) {
		Segment segment = Segment.values()[Weighted.pick(new double[] { 0.66, 0.27, 0.07 }, this.random)];
		// a few records were never completed in billing: the behaviour still follows the real segment
		String customerType = (this.random.nextDouble() < 0.015) ? null : segment.billingType();
		String region = (this.random.nextDouble() < 0.02) ? null
				: REGION_CODES[Weighted.pick(REGION_WEIGHTS, this.random)];
		String name = segment.business() ? companyName() : personName();
		this.billing.customers.add(new BillingRows.Customer(customerNo, name, customerType, region, createdAt));
		String manager = (segment == Segment.ENTERPRISE) ? Weighted.pick(ACCOUNT_MANAGERS, this.random) : null;
		this.crm.accounts.add(new CrmRows.Account(accountId, Long.toString(customerNo), name,
				segment.business() ? "B2B" : "B2C", manager, createdAt.toLocalDateTime()));

		Customer customer = new Customer(customerNo, accountId, segment);
		ZonedDateTime start = createdAt.plusMinutes(this.random.nextInt(1, 90));
		if (!start.isBefore(this.windowEnd)) {
			start = createdAt;
		}
		Ending main = subscribe(customer, start, this.plans.pickFor(segment, this.random), true, null);
		if (main.paidFrom() != null && this.random.nextDouble() < segment.secondSubscriptionShare()) {
			addSecondSubscription(customer, main);
		}
		if (main.churned() && this.random.nextDouble() < REACTIVATION) {
			ZonedDateTime restart = main.endedAt().plusDays(this.random.nextInt(45, 270)).plusMinutes(this.random.nextInt(600));
			if (restart.isBefore(this.windowEnd)) {
				subscribe(customer, restart, this.plans.pickFor(segment, this.random), false, null);
			}
		}
	}

	/** An add-on next to the main subscription: cancelling it alone is contraction, not churn. */
	private void addSecondSubscription(Customer customer, Ending main) {
		ZonedDateTime start = main.paidFrom().plusDays(this.random.nextInt(20, 300)).plusMinutes(this.random.nextInt(600));
		boolean beforeMainEnded = (main.endedAt() == null) || start.isBefore(main.endedAt());
		if (start.isBefore(this.windowEnd) && beforeMainEnded) {
			subscribe(customer, start, this.plans.pickAddon(this.random), false, main);
		}
	}

	/**
	 * One subscription from sign-up to its end or to the end of the window. An add-on passes the
	 * main subscription as {@code parent}: it ends when the customer leaves, and it is not
	 * cancelled through the retention desk.
	 */
	private Ending subscribe(Customer customer, ZonedDateTime start, Plan plan, boolean trialOffered, Ending parent) {
		long subscriptionId = this.nextSubscriptionId++;
		ZonedDateTime trialEnd = null;
		ZonedDateTime paidFrom = start;
		if (trialOffered && this.random.nextDouble() < customer.segment().trialShare()) {
			int trialDays = this.random.nextBoolean() ? 14 : 30;
			ZonedDateTime candidate = start.plusDays(trialDays);
			// a trial still running when the window closes would need a future end date
			if (candidate.isBefore(this.windowEnd)) {
				trialEnd = candidate;
				if (this.random.nextDouble() >= TRIAL_CONVERSION) {
					boolean cancelledEarly = this.random.nextDouble() < 0.3;
					ZonedDateTime end = cancelledEarly
							? start.plusDays(this.random.nextInt(1, trialDays)).plusMinutes(this.random.nextInt(600))
							: trialEnd;
					this.billing.subscriptions.add(new BillingRows.Subscription(subscriptionId, customer.customerNo(),
							plan.code(), start, trialEnd, end, cancelledEarly ? "customer_request" : "trial_expired"));
					return new Ending(null, end, null);
				}
				paidFrom = trialEnd;
			}
		}
		Renewals renewals = new Renewals(customer, subscriptionId, plan, paidFrom, parent);
		renewals.run(trialEnd != null);
		this.billing.subscriptions.add(new BillingRows.Subscription(subscriptionId, customer.customerNo(), plan.code(),
				start, trialEnd, renewals.end, renewals.endReason));
		return new Ending(paidFrom, renewals.end, renewals.cause);
	}

	/** The paid life of one subscription, renewal after renewal. */
	private final class Renewals {

		private final Customer customer;

		private final long subscriptionId;

		private final ZonedDateTime paidFrom;

		private final Ending parent;

		private Plan plan;

		private BigDecimal price;

		private ZonedDateTime cycleStart;

		private ZonedDateTime savedAt;

		private boolean delinquent;

		private ZonedDateTime end;

		private String endReason;

		private EndCause cause;

		Renewals(Customer customer, long subscriptionId, Plan plan, ZonedDateTime paidFrom, Ending parent) {
			this.customer = customer;
			this.subscriptionId = subscriptionId;
			this.plan = plan;
			this.price = plan.price();
			this.paidFrom = paidFrom;
			this.parent = parent;
		}

		void run(boolean convertedTrial) {
			this.cycleStart = this.paidFrom;
			addPricePeriod(this.paidFrom, convertedTrial ? "trial converted" : null);
			invoice(this.cycleStart, true);
			while (true) {
				ZonedDateTime next = this.cycleStart.plusMonths(this.plan.intervalMonths());
				if (this.parent != null && this.parent.endedAt() != null && !next.isBefore(this.parent.endedAt())) {
					end(this.parent.endedAt(), this.parent.cause());
					return;
				}
				if (!next.isBefore(DemoSimulation.this.windowEnd)) {
					maybePendingRequest(next);
					return;
				}
				if (renewal(next)) {
					return;
				}
				this.cycleStart = next;
			}
		}

		/** What happens at one renewal; true when nothing more happens to the subscription in the window. */
		private boolean renewal(ZonedDateTime next) {
			if (this.delinquent) {
				invoice(next, false);
				return false;
			}
			double u = DemoSimulation.this.random.nextDouble();
			double cancellation = perInterval(monthlyCancellation(next));
			if (u < cancellation) {
				return cancellation(next);
			}
			u -= cancellation;
			double nonpayment = (this.parent != null) ? 0 : perInterval(this.customer.segment().monthlyNonpayment());
			if (u < nonpayment) {
				return nonpayment(next);
			}
			u -= nonpayment;
			double silent = (this.parent != null) ? 0 : perInterval(MONTHLY_SILENT_DELINQUENCY);
			if (u < silent) {
				this.delinquent = true;
				invoice(next, false);
				return false;
			}
			u -= silent;
			double upgrade = perInterval(MONTHLY_UPGRADE);
			double downgrade = perInterval(MONTHLY_DOWNGRADE);
			double toAnnual = perInterval(MONTHLY_SWITCH_TO_ANNUAL);
			if (u < upgrade) {
				changePlan(next, DemoSimulation.this.plans.upgradeOf(this.plan).orElse(null), "upgrade");
			}
			else if (u < upgrade + downgrade) {
				changePlan(next, DemoSimulation.this.plans.downgradeOf(this.plan).orElse(null), "downgrade");
			}
			else if (u < upgrade + downgrade + toAnnual) {
				changePlan(next, DemoSimulation.this.plans.annualOf(this.plan).orElse(null), "switched to annual billing");
			}
			invoice(next, true);
			return false;
		}

		private double monthlyCancellation(ZonedDateTime next) {
			if (this.parent != null) {
				return MONTHLY_ADDON_CANCELLATION;
			}
			double rate = this.customer.segment().monthlyVoluntaryChurn();
			if (ChronoUnit.MONTHS.between(this.paidFrom, next) <= 3) {
				rate *= 1.8;
			}
			if (this.savedAt != null && ChronoUnit.MONTHS.between(this.savedAt, next) < 6) {
				rate *= 2.5;
			}
			return rate;
		}

		/** The probability of an event with the given monthly rate within one billing interval. */
		private double perInterval(double monthlyRate) {
			return 1 - Math.pow(1 - monthlyRate, this.plan.intervalMonths());
		}

		private boolean cancellation(ZonedDateTime next) {
			SplittableRandom random = DemoSimulation.this.random;
			if (this.parent == null && random.nextDouble() < REQUEST_RECORDED) {
				boolean saved = random.nextDouble() < SAVE_RATE;
				ZonedDateTime requestedAt = next.minusDays(random.nextInt(2, 26)).minusMinutes(random.nextInt(600));
				if (!requestedAt.isAfter(this.cycleStart)) {
					requestedAt = this.cycleStart.plusHours(random.nextInt(1, 24));
				}
				retentionDeskRequest(this.customer, requestedAt, saved ? null : next, saved ? "RETAINED" : "CANCELLED");
				if (saved) {
					this.savedAt = next;
					if (random.nextBoolean()) {
						this.price = this.price.multiply(RETENTION_DISCOUNT).setScale(2, RoundingMode.HALF_UP);
						addPricePeriod(next, "retention offer");
					}
					invoice(next, true);
					return false;
				}
			}
			end(next, EndCause.VOLUNTARY);
			return true;
		}

		/**
		 * The renewal invoice is not paid: dunning retries, further invoices stay unpaid, and after
		 * three to six weeks billing terminates the subscription, unless the window closes first.
		 */
		private boolean nonpayment(ZonedDateTime next) {
			SplittableRandom random = DemoSimulation.this.random;
			ZonedDateTime terminatedAt = next.plusDays(random.nextInt(21, 46)).plusMinutes(random.nextInt(600));
			for (ZonedDateTime issue = next; issue.isBefore(terminatedAt)
					&& issue.isBefore(DemoSimulation.this.windowEnd); issue = issue.plusMonths(this.plan.intervalMonths())) {
				invoice(issue, false);
			}
			if (!terminatedAt.isBefore(DemoSimulation.this.windowEnd)) {
				this.delinquent = true;
				return true;
			}
			end(terminatedAt, EndCause.NONPAYMENT);
			if (random.nextDouble() < NONPAYMENT_RECORDED) {
				String code = (random.nextDouble() < 0.8) ? CancellationReasons.NONPAYMENT : CancellationReasons.CARD_EXPIRED;
				addRequest(this.customer, terminatedAt.minusDays(random.nextInt(0, 6)), terminatedAt, code,
						"Terminated by collections", null, "CANCELLED", "system", null);
			}
			return true;
		}

		/** A customer who asked to cancel shortly before the window closed, not decided yet. */
		private void maybePendingRequest(ZonedDateTime next) {
			SplittableRandom random = DemoSimulation.this.random;
			if (this.parent != null || this.delinquent
					|| random.nextDouble() >= perInterval(monthlyCancellation(next)) * 0.5) {
				return;
			}
			ZonedDateTime requestedAt = next.minusDays(random.nextInt(2, 26)).minusMinutes(random.nextInt(600));
			if (requestedAt.isAfter(this.cycleStart) && requestedAt.isBefore(DemoSimulation.this.windowEnd)) {
				retentionDeskRequest(this.customer, requestedAt, null, "PENDING");
			}
		}

		private void changePlan(ZonedDateTime at, Plan newPlan, String note) {
			if (newPlan == null) {
				return;
			}
			this.plan = newPlan;
			this.price = newPlan.price();
			addPricePeriod(at, note);
		}

		private void addPricePeriod(ZonedDateTime from, String note) {
			DemoSimulation.this.billing.pricePeriods
				.add(new BillingRows.PricePeriod(this.subscriptionId, from, this.plan.code(), this.price, note));
		}

		private void invoice(ZonedDateTime issuedAt, boolean collectible) {
			DemoSimulation.this.invoice(this.customer, this.subscriptionId, issuedAt, this.price, collectible);
		}

		private void end(ZonedDateTime at, EndCause endCause) {
			this.end = at;
			this.cause = endCause;
			this.endReason = (endCause == EndCause.NONPAYMENT) ? "payment_failure" : "customer_request";
		}

	}

	private void retentionDeskRequest(Customer customer, ZonedDateTime requestedAt, ZonedDateTime effectiveAt,
			String status) {
		Reason reason = this.reasons.pick(customer.segment(), this.random);
		String comment = (reason != null && this.random.nextDouble() < 0.65) ? reason.typicalComment() : null;
		if (reason == null && this.random.nextBoolean()) {
			comment = "Customer did not want to say";
		}
		String competitor = this.reasons.competitorFor(reason, this.random);
		String channel = Weighted.pick(new String[] { "phone", "phone", "web", "email", "shop" }, this.random);
		String agent = channel.equals("web") ? null : Weighted.pick(AGENTS, this.random);
		addRequest(customer, requestedAt, effectiveAt, (reason != null) ? reason.code() : null, comment, competitor,
				status, channel, agent);
	}

	private void addRequest(Customer customer, ZonedDateTime requestedAt, ZonedDateTime effectiveAt, String reasonCode,
			String comment, String competitor, String status, String channel, String agent) {
		this.crm.cancellationRequests.add(new CrmRows.CancellationRequest(this.nextRequestId++, customer.accountId(),
				requestedAt.toLocalDateTime(), (effectiveAt != null) ? effectiveAt.toLocalDateTime() : null, reasonCode,
				comment, competitor, status, channel, agent));
	}

	/**
	 * One invoice at the start of a billing interval, and its payment attempts. Consumers pay by card
	 * or direct debit within days, businesses by transfer within their terms, a few pay late, and a
	 * payment that would fall after the window leaves the invoice open.
	 */
	private void invoice(Customer customer, long subscriptionId, ZonedDateTime issuedAt, BigDecimal net,
			boolean collectible) {
		String invoiceNo = "INV-%07d".formatted(this.nextInvoiceNo++);
		BigDecimal tax = net.multiply(TAX_RATE).setScale(2, RoundingMode.HALF_UP);
		BigDecimal total = net.add(tax);
		boolean business = customer.segment().business();
		this.billing.invoices.add(new BillingRows.Invoice(invoiceNo, customer.customerNo(), subscriptionId, issuedAt,
				business ? 30 : 14, net, tax, total, PlanCatalog.CURRENCY));
		String method = business ? ((this.random.nextDouble() < 0.6) ? "bank_transfer" : "sepa_debit")
				: ((this.random.nextDouble() < 0.7) ? "card" : "sepa_debit");
		if (!collectible) {
			if (!method.equals("bank_transfer")) {
				for (int days : new int[] { 0, 3, 7 }) {
					payment(invoiceNo, issuedAt.plusDays(days).plusMinutes(this.random.nextInt(1, 120)), total, method,
							"failed", Weighted.pick(FAILURE_CODES, this.random));
				}
			}
			return;
		}
		long delayMinutes = switch (method) {
			case "card" -> this.random.nextInt(1, 180);
			case "sepa_debit" -> this.random.nextInt(2 * 1440, 5 * 1440);
			default -> this.random.nextInt(3 * 1440, 28 * 1440);
		};
		if (this.random.nextDouble() < 0.02) {
			delayMinutes += this.random.nextInt(30 * 1440, 70 * 1440);
		}
		if (method.equals("card") && this.random.nextDouble() < 0.03) {
			payment(invoiceNo, issuedAt.plusMinutes(delayMinutes), total, method, "failed", "insufficient_funds");
			delayMinutes += 2 * 1440;
		}
		payment(invoiceNo, issuedAt.plusMinutes(delayMinutes), total, method, "succeeded", null);
	}

	private void payment(String invoiceNo, ZonedDateTime attemptedAt, BigDecimal amount, String method, String status,
			String failureCode) {
		if (attemptedAt.isBefore(this.windowEnd)) {
			this.billing.payments.add(new BillingRows.Payment(this.nextPaymentId++, invoiceNo, attemptedAt, amount,
					method, status, failureCode));
		}
	}

	private String personName() {
		return Weighted.pick(FIRST_NAMES, this.random) + " " + Weighted.pick(LAST_NAMES, this.random);
	}

	private String companyName() {
		return Weighted.pick(COMPANY_WORDS, this.random) + " " + Weighted.pick(COMPANY_KINDS, this.random) + " "
				+ Weighted.pick(COMPANY_FORMS, this.random);
	}

	private record Customer(long customerNo, int accountId, Segment segment) {

	}

	/** How a subscription ended: paidFrom is null when it never left its trial, endedAt null while it runs. */
	private record Ending(ZonedDateTime paidFrom, ZonedDateTime endedAt, EndCause cause) {

		boolean churned() {
			return this.paidFrom != null && this.endedAt != null;
		}

	}

	private enum EndCause {

		VOLUNTARY, NONPAYMENT

	}

}
