package io.churnreport.extract;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/** A billing invoice, as {@code sources/billing/invoices.sql} returns it; {@code paidAt} null = unpaid. */
public record InvoiceRow(String invoiceId, String customerId, OffsetDateTime issuedAt, BigDecimal amount,
		String currency, OffsetDateTime paidAt) {
}
