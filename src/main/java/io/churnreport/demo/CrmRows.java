package io.churnreport.demo;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/** The rows of the reference CRM schema; the CRM keeps local wall-clock time. */
final class CrmRows {

	final List<Account> accounts = new ArrayList<>();

	final List<CancellationRequest> cancellationRequests = new ArrayList<>();

	record Account(int accountId, String billingCustomerNo, String displayName, String accountType,
			String accountManager, LocalDateTime createdOn) {

	}

	record CancellationRequest(int requestId, int accountId, LocalDateTime requestedAt, LocalDateTime effectiveAt,
			String reasonCode, String reasonComment, String competitorName, String status, String channel,
			String handledBy) {

	}

}
