package io.churnreport.demo;

import java.math.BigDecimal;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/** The rows of the reference billing schema, in the order the simulation produced them. */
final class BillingRows {

	final List<Customer> customers = new ArrayList<>();

	final List<Subscription> subscriptions = new ArrayList<>();

	final List<PricePeriod> pricePeriods = new ArrayList<>();

	final List<Invoice> invoices = new ArrayList<>();

	final List<Payment> payments = new ArrayList<>();

	record Customer(long customerNo, String name, String customerType, String regionCode, ZonedDateTime createdAt) {

	}

	record Subscription(long subscriptionId, long customerNo, String signupPlanCode, ZonedDateTime startedAt,
			ZonedDateTime trialEndsAt, ZonedDateTime endedAt, String endReason) {

	}

	record PricePeriod(long subscriptionId, ZonedDateTime effectiveFrom, String planCode, BigDecimal price,
			String changeNote) {

	}

	record Invoice(String invoiceNo, long customerNo, long subscriptionId, ZonedDateTime issuedAt,
			int paymentTermsDays, BigDecimal netAmount, BigDecimal taxAmount, BigDecimal totalAmount, String currency) {

	}

	record Payment(long paymentId, String invoiceNo, ZonedDateTime attemptedAt, BigDecimal amount, String method,
			String status, String failureCode) {

	}

}
