package io.churnreport.metrics;

import java.time.LocalDate;

import org.springframework.jdbc.core.simple.JdbcClient;
import io.churnreport.month.ReportingMonth;

/**
 * How far the month-end MRR kept in {@code staging.customer_month_mrr} reaches (migration V14), and
 * so which months a run computes: only its own when the months before it were computed on the same
 * basis (churn definition, reporting currency and time zone), every month up to its own otherwise
 * or when asked to. A month's row is recorded when the run decides, and marked computed once every
 * customer range is in; the history reaches the latest run month so marked, as each run either
 * computes every month up to its own or continues a history that reached the month before.
 */
public final class MonthEndMrrHistory {

	private static final String REACHED = """
			SELECT max(run_month) FROM staging.month_end_mrr_run
			WHERE computed_at IS NOT NULL AND basis = :basis
			""";

	private static final String RECORD = """
			INSERT INTO staging.month_end_mrr_run (run_month, from_month, basis, computed_at)
			VALUES (:runMonth, CAST(:fromMonth AS date), :basis, NULL)
			ON CONFLICT (run_month) DO UPDATE SET from_month = excluded.from_month, basis = excluded.basis, computed_at = NULL
			""";

	private static final String COMPUTED = "UPDATE staging.month_end_mrr_run SET computed_at = now() WHERE run_month = :runMonth";

	private final JdbcClient reporting;

	public MonthEndMrrHistory(JdbcClient reporting) {
		this.reporting = reporting;
	}

	/**
	 * The first month the run computes: the run month when the history reaches the month before on
	 * the same basis and every month is not asked for; null (every month) otherwise.
	 */
	public LocalDate firstMonthToCompute(ReportingMonth runMonth, String basis, boolean everyMonthAsked) {
		if (everyMonthAsked) {
			return null;
		}
		return runMonth.continues(reporting.sql(REACHED).param("basis", basis).query(LocalDate.class).optional())
				? runMonth.firstDay() : null;
	}

	/** Records which months the run computes; not part of the history until {@link #computed}. */
	public void record(ReportingMonth runMonth, LocalDate fromMonth, String basis) {
		reporting.sql(RECORD)
			.param("runMonth", runMonth.firstDay())
			.param("fromMonth", fromMonth)
			.param("basis", basis)
			.update();
	}

	/** Marks the run's months computed, once every customer range is in. */
	public void computed(ReportingMonth runMonth) {
		reporting.sql(COMPUTED).param("runMonth", runMonth.firstDay()).update();
	}

}
