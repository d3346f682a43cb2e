package io.churnreport.oracle;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The figures of a month's summary.csv, churn-by-reason.csv and cohort-retention.csv worked out plainly from docs/metrics.md ("Month-end state
 * and the customer bridge", "Churn by reason", "MRR movements") for the subscription definition
 * in one currency, so that the job can be checked against it. It shares no code and no SQL with
 * the job: java types only, nothing of src/main.
 *
 * <p>
 * Times are wall-clock times of the reporting time zone; the generated histories' times fall
 * where the zones they are run in do not change their clocks (HistoryGenerator.ZONES), so
 * comparing them compares instants.
 */
public final class ChurnOracle {

	/** The reasons of fixture/churn-reasons.yml (class, category, label), by code in lower case. */
	private static final Map<String, Reason> REASONS = Map.of(
			"price_too_high", new Reason("managed", "price", "price_too_high", "Price too high"),
			"nonpayment", new Reason("managed", "payment", "nonpayment", "Payment failed"),
			"moved_out_of_area", new Reason("unmanaged", "relocation", "moved_out_of_area", "Moved out of the service area"));

	/** A churned customer's reason as churn-by-reason.csv shows it (empty texts where there is none). */
	record Reason(String reasonClass, String category, String code, String label) {
	}

	/** The least common multiple of the allowed billing intervals (1, 3, 6, 12, 24, 36), to sum MRR exactly. */
	private static final int COMMON_INTERVAL = 72;

	private final SourceHistory history;

	public ChurnOracle(SourceHistory history) {
		this.history = history;
	}

	/**
	 * A customer's month-end MRR: the sum of amount / interval_months of its non-trial periods open
	 * at the first instant of the next month, rounded to the cent half away from zero.
	 */
	public BigDecimal monthEndMrr(int customerId, YearMonth month) {
		LocalDateTime next = month.plusMonths(1).atDay(1).atStartOfDay();
		BigDecimal sumTimesCommonInterval = BigDecimal.ZERO;
		for (SourceHistory.Period period : history.periods()) {
			boolean open = period.validFrom().isBefore(next)
					&& (period.validTo() == null || !period.validTo().isBefore(next));
			if (period.customerId() == customerId && !period.trial() && open) {
				sumTimesCommonInterval = sumTimesCommonInterval
					.add(period.amount().multiply(BigDecimal.valueOf(COMMON_INTERVAL / period.intervalMonths())));
			}
		}
		return sumTimesCommonInterval.divide(BigDecimal.valueOf(COMMON_INTERVAL), 2, RoundingMode.HALF_UP);
	}

	private boolean active(int customerId, YearMonth month) {
		return monthEndMrr(customerId, month).signum() > 0;
	}

	private boolean activeBefore(int customerId, YearMonth month) {
		YearMonth first = YearMonth.from(history.createdAt(customerId));
		for (YearMonth earlier = first; earlier.isBefore(month); earlier = earlier.plusMonths(1)) {
			if (active(customerId, earlier)) {
				return true;
			}
		}
		return false;
	}

	/** The figures of summary.csv this oracle knows, as the file writes them (empty = null). */
	public Map<String, String> summary(YearMonth month) {
		YearMonth previous = month.minusMonths(1);
		int start = 0;
		int fresh = 0;
		int reactivated = 0;
		int churned = 0;
		int end = 0;
		BigDecimal mrrStart = BigDecimal.ZERO.setScale(2);
		BigDecimal mrrEnd = BigDecimal.ZERO.setScale(2);
		BigDecimal mrrNew = BigDecimal.ZERO.setScale(2);
		BigDecimal mrrReactivation = BigDecimal.ZERO.setScale(2);
		BigDecimal mrrExpansion = BigDecimal.ZERO.setScale(2);
		BigDecimal mrrContraction = BigDecimal.ZERO.setScale(2);
		BigDecimal mrrChurned = BigDecimal.ZERO.setScale(2);
		Map<String, Integer> classes = new LinkedHashMap<>();
		for (String reasonClass : new String[] { "managed", "unmanaged", "unclassified", "no_reason" }) {
			classes.put(reasonClass, 0);
		}
		for (int customer : history.customerIds()) {
			BigDecimal before = monthEndMrr(customer, previous);
			BigDecimal after = monthEndMrr(customer, month);
			boolean wasActive = before.signum() > 0;
			boolean isActive = after.signum() > 0;
			if (wasActive) {
				start++;
				mrrStart = mrrStart.add(before);
			}
			if (isActive) {
				end++;
				mrrEnd = mrrEnd.add(after);
			}
			if (isActive && !wasActive) {
				if (activeBefore(customer, previous)) {
					reactivated++;
					mrrReactivation = mrrReactivation.add(after);
				}
				else {
					fresh++;
					mrrNew = mrrNew.add(after);
				}
			}
			else if (wasActive && !isActive) {
				churned++;
				mrrChurned = mrrChurned.add(before);
				classes.merge(reason(customer, month).reasonClass(), 1, Integer::sum);
			}
			else if (wasActive) {
				// one currency: the MRR at the previous month's rates is the MRR
				int change = after.compareTo(before);
				if (change > 0) {
					mrrExpansion = mrrExpansion.add(after.subtract(before));
				}
				else if (change < 0) {
					mrrContraction = mrrContraction.add(before.subtract(after));
				}
			}
		}
		Map<String, String> figures = new LinkedHashMap<>();
		figures.put("customers_start", Integer.toString(start));
		figures.put("customers_new", Integer.toString(fresh));
		figures.put("customers_reactivated", Integer.toString(reactivated));
		figures.put("customers_churned", Integer.toString(churned));
		figures.put("customers_end", Integer.toString(end));
		figures.put("churn_rate", start == 0 ? ""
				: BigDecimal.valueOf(churned).divide(BigDecimal.valueOf(start), 6, RoundingMode.HALF_UP).toPlainString());
		figures.put("mrr_start", mrrStart.toPlainString());
		figures.put("mrr_end", mrrEnd.toPlainString());
		classes.forEach((reasonClass, count) -> figures.put("churned_" + reasonClass, Integer.toString(count)));
		figures.put("mrr_new", mrrNew.toPlainString());
		figures.put("mrr_reactivation", mrrReactivation.toPlainString());
		figures.put("mrr_expansion", mrrExpansion.toPlainString());
		figures.put("mrr_contraction", mrrContraction.toPlainString());
		figures.put("mrr_churned", mrrChurned.toPlainString());
		figures.put("mrr_fx", "0.00");
		return figures;
	}

	/**
	 * The reason of a customer that churned in the month: the latest CRM cancellation with
	 * outcome churned effective (or requested) from the first instant of M-1 to the first instant
	 * of M+1, by its code; without a code there, a period ended in M by non-payment; else no reason.
	 */
	Reason reason(int customerId, YearMonth month) {
		LocalDateTime windowStart = month.minusMonths(1).atDay(1).atStartOfDay();
		LocalDateTime monthStart = month.atDay(1).atStartOfDay();
		LocalDateTime windowEnd = month.plusMonths(1).atDay(1).atStartOfDay();
		Optional<SourceHistory.Cancellation> latest = history.cancellations()
			.stream()
			.filter(cancellation -> cancellation.customerId() == customerId && cancellation.outcome().equals("churned"))
			.filter(cancellation -> !cancellation.effectiveOrRequested().isBefore(windowStart)
					&& cancellation.effectiveOrRequested().isBefore(windowEnd))
			.max(Comparator.comparing(SourceHistory.Cancellation::effectiveOrRequested));
		String code = latest.map(SourceHistory.Cancellation::reasonCode)
			.map(String::trim)
			.filter(text -> !text.isEmpty())
			.orElse(null);
		if (code == null) {
			boolean endedByNonPayment = history.periods()
				.stream()
				.anyMatch(period -> period.customerId() == customerId && "nonpayment".equals(period.endCause())
						&& period.validTo() != null && !period.validTo().isBefore(monthStart)
						&& period.validTo().isBefore(windowEnd));
			code = endedByNonPayment ? "nonpayment" : null;
		}
		if (code == null) {
			return new Reason("no_reason", "", "", "");
		}
		return REASONS.getOrDefault(code.toLowerCase(Locale.ROOT), new Reason("unclassified", "", code, code));
	}

	/**
	 * The lines of churn-by-reason.csv: churned customers and the MRR they had at the end of M-1,
	 * summed by reason, as {@code class,category,code,label,customers,mrr_lost}, in no set order.
	 */
	public List<String> churnByReason(YearMonth month) {
		Map<Reason, Integer> customers = new LinkedHashMap<>();
		Map<Reason, BigDecimal> mrrLost = new LinkedHashMap<>();
		for (int customer : history.customerIds()) {
			BigDecimal before = monthEndMrr(customer, month.minusMonths(1));
			if (before.signum() > 0 && !active(customer, month)) {
				Reason reason = reason(customer, month);
				customers.merge(reason, 1, Integer::sum);
				mrrLost.merge(reason, before, BigDecimal::add);
			}
		}
		List<String> lines = new ArrayList<>();
		customers.forEach((reason, count) -> lines.add(String.join(",", reason.reasonClass(), reason.category(),
				reason.code(), reason.label(), Integer.toString(count), mrrLost.get(reason).toPlainString())));
		return lines;
	}

	/**
	 * The lines of cohort-retention.csv: for each cohort (the customers whose first month with MRR >
	 * 0 it is) up to the month, and each month since, its members active then and their MRR, as
	 * {@code cohort_month,months_since,customers_active,cohort_size,retention_rate,cohort_mrr,mrr_active,revenue_retention_rate}.
	 */
	public List<String> cohortRetention(YearMonth month) {
		Map<YearMonth, List<Integer>> cohorts = new java.util.TreeMap<>();
		for (int customer : history.customerIds()) {
			for (YearMonth candidate = YearMonth.from(HistorySpec.DAY_ZERO).minusMonths(1); !candidate.isAfter(month);
					candidate = candidate.plusMonths(1)) {
				if (active(customer, candidate)) {
					cohorts.computeIfAbsent(candidate, key -> new ArrayList<>()).add(customer);
					break;
				}
			}
		}
		List<String> lines = new ArrayList<>();
		cohorts.forEach((cohort, members) -> {
			BigDecimal cohortMrr = members.stream()
				.map(customer -> monthEndMrr(customer, cohort))
				.reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
			int since = 0;
			for (YearMonth later = cohort; !later.isAfter(month); later = later.plusMonths(1), since++) {
				YearMonth then = later;
				long active = members.stream().filter(customer -> active(customer, then)).count();
				BigDecimal mrrActive = members.stream()
					.map(customer -> monthEndMrr(customer, then))
					.reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
				lines.add(String.join(",", cohort.toString(), Integer.toString(since), Long.toString(active),
						Integer.toString(members.size()),
						BigDecimal.valueOf(active).divide(BigDecimal.valueOf(members.size()), 6, RoundingMode.HALF_UP)
							.toPlainString(),
						cohortMrr.toPlainString(), mrrActive.toPlainString(),
						mrrActive.divide(cohortMrr, 6, RoundingMode.HALF_UP).toPlainString()));
			}
		});
		return lines;
	}

}
