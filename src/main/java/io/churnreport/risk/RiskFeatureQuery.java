package io.churnreport.risk;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.churnreport.extract.CustomerPayments;
import io.churnreport.month.ReportingMonth;

/**
 * The features of every customer with MRR > 0 at the end of a month, as of that month's end, and
 * whether it had no MRR at the end of the next month (churned), streamed in customer order. Only
 * what was known at the month's end counts: invoices issued and payments made before it,
 * cancellation requests made before it, the paid periods open at it, and month-end MRR up to it.
 * The sources are read from the run's own extract, so a month long past is described with the
 * history as the run month's sources tell it.
 */
final class RiskFeatureQuery {

	/**
	 * How many customers of each segment, region and plan there were at a month's end, and how many
	 * of them churned next month, for a managed reason among them: what the relative churn features
	 * are read from.
	 */
	private static final String CELL_MONTHS = """
			INSERT INTO staging.risk_cell_month (run_month, month, segment, region, plan_code, customers, churners,
			                                     managed_churners, reasons_known)
			SELECT :runMonth::date, a.month, coalesce(c.segment, ''), coalesce(c.region, ''), coalesce(p.plan_code, ''),
			       count(*), count(*) FILTER (WHERE n.customer_id IS NULL),
			       count(*) FILTER (WHERE n.customer_id IS NULL AND cc.reason_class = 'managed'),
			       -- a month's reasons are known once it was computed (this month is being computed)
			       :nextMonth::date = :runMonth::date OR EXISTS (SELECT 1 FROM mart.month_run r WHERE r.month = :nextMonth)
			FROM staging.customer_month_mrr a
			LEFT JOIN staging.customer_month_mrr n ON n.month = :nextMonth AND n.customer_id = a.customer_id
			LEFT JOIN (SELECT customer_id, segment, region FROM staging.customer_kind WHERE run_month = :runMonth) c
			       ON c.customer_id = a.customer_id
			LEFT JOIN staging.customer_plan_at(:runMonth, :monthEnd) p ON p.customer_id = a.customer_id
			LEFT JOIN mart.churned_customer cc ON cc.month = :nextMonth AND cc.customer_id = a.customer_id
			WHERE a.month = :countedMonth
			GROUP BY a.month, 3, 4, 5
			""";

	/**
	 * The months the relative churn features need counted: not counted yet, counted before their
	 * next month's reasons were known and known now, and the month before the run's, whose churn
	 * the run knows best.
	 */
	private static final String MONTHS_TO_COUNT = """
			SELECT k::date FROM generate_series(:fromMonth::date, :toMonth::date, interval '1 month') AS k
			WHERE k = :toMonth::date
			   OR NOT EXISTS (SELECT 1 FROM staging.risk_cell_month c WHERE c.month = k)
			   OR EXISTS (SELECT 1 FROM staging.risk_cell_month c
			              WHERE c.month = k AND NOT c.reasons_known
			                AND EXISTS (SELECT 1 FROM mart.month_run r WHERE r.month = (k + interval '1 month')::date))
			ORDER BY k
			""";

	private static final String DELETE_CELL_MONTH = "DELETE FROM staging.risk_cell_month WHERE month = :countedMonth";

	/**
	 * How many times one churn rate is as high as another, after the first is pulled towards the
	 * second as if it held this many more customer-months at the second's rate: a segment of 3
	 * customers of whom 1 left does not make its next customers 10 times as risky.
	 */
	static final int PRIOR_CUSTOMER_MONTHS = 100;

	private static final String FEATURES = """
			WITH active AS (
			    SELECT c.customer_id, c.mrr FROM staging.customer_month_mrr c
			    WHERE c.month = :month
			      AND (:keptShare >= 1
			           OR ('x' || left(md5(c.customer_id || '|' || :sampledMonth), 8))::bit(32)::bigint / 4294967296.0 < :keptShare
			           OR NOT EXISTS (SELECT 1 FROM staging.customer_month_mrr n
			                          WHERE n.month = :nextMonth AND n.customer_id = c.customer_id))
			    -- in customer order, as is first_month: the joins below then merge without sorting them
			    -- again (13.4 and 13.7 s against 15.0 and 15.1 s for the feature query at a million)
			    ORDER BY c.customer_id
			), first_month AS MATERIALIZED (
			    -- its first month with MRR, from the history's index: the rest of its history before the
			    -- last 12 months is not read, so that a month costs the same with 12 months of history or 60
			    SELECT a.customer_id,
			           (SELECT min(f.month) FROM staging.customer_month_mrr f WHERE f.customer_id = a.customer_id)
			               AS first_month
			    FROM active a
			    ORDER BY a.customer_id
			), history AS (
			    SELECT h.customer_id, h.mrr_three_months_before, h.mrr_six_months_before,
			           -- months of the last 12 with MRR after a month without it (its first month, or
			           -- returns): bit k set, bit k - 1 not, for k from 1 to 12
			           bit_count((h.months_with_mrr & ~(h.months_with_mrr << 1) & ~1)::bit(32)) AS arrivals
			    FROM (SELECT m.customer_id,
			                 max(m.mrr) FILTER (WHERE m.month = :threeMonthsBefore) AS mrr_three_months_before,
			                 max(m.mrr) FILTER (WHERE m.month = :sixMonthsBefore) AS mrr_six_months_before,
			                 -- bit k: MRR at the end of the k-th month after :returnsSince (bit 0 that month).
			                 -- No window over the months in order, and date_part's float8 rather than
			                 -- extract's numeric: 1.8 to 2.0 s against 4.3 to 4.7 s at a million customers
			                 bit_or(1 << ((date_part('year', m.month) - date_part('year', :returnsSince::date)) * 12
			                              + date_part('month', m.month) - date_part('month', :returnsSince::date))::int)
			                     AS months_with_mrr
			          FROM staging.customer_month_mrr m
			          JOIN active a USING (customer_id)
			          WHERE m.month <= :month AND m.month >= :returnsSince
			          GROUP BY m.customer_id) AS h
			), plan AS (
			    SELECT customer_id, plan_code, longest_interval FROM staging.customer_plan_at(:runMonth, :asOf)
			), customer AS (
			    SELECT customer_id, segment, region FROM staging.customer_kind WHERE run_month = :runMonth
			), invoices AS (
			    -- the run month: each customer's first invoice and latest payment as kept for the month's
			    -- end (CustomerPayments), its unpaid invoices and those that can be late through partial
			    -- indexes, so that the month does not read the whole invoice history
			    SELECT a.customer_id, coalesce(u.unpaid_invoices, 0) AS unpaid_invoices,
			           coalesce(l.late_payments, 0) AS late_payments, p.last_paid_at, p.first_issued_at
			    FROM active a
			    LEFT JOIN staging.customer_payment p USING (customer_id)
			    LEFT JOIN (SELECT customer_id, count(*) AS unpaid_invoices
			               FROM staging.invoices_unpaid_at(:asOf, :paidAfterMonthEnd)
			               GROUP BY customer_id) u USING (customer_id)
			    LEFT JOIN (SELECT customer_id, count(*) AS late_payments
			               FROM staging.invoice_history
			               -- what invoice_history_late_idx holds: no invoice outside it can be late
			               WHERE amount > 0 AND (paid_at IS NULL OR paid_at - issued_at > interval '30 days')
			                 AND issued_at >= :lateSince AND issued_at < :asOf
			                 AND least(coalesce(paid_at, :asOf), :asOf) - issued_at > interval '30 days'
			               GROUP BY customer_id) l USING (customer_id)
			    WHERE :paymentsKept
			    UNION ALL
			    -- a month described again, as of its own end: from the whole invoice history
			    SELECT i.customer_id,
			           count(*) FILTER (WHERE i.paid_at IS NULL OR i.paid_at >= :asOf) AS unpaid_invoices,
			           -- paid more than 30 days after it was issued, or still unpaid 30 days after
			           count(*) FILTER (WHERE i.issued_at >= :lateSince
			                            AND least(coalesce(i.paid_at, :asOf), :asOf) - i.issued_at > interval '30 days')
			               AS late_payments,
			           max(i.paid_at) FILTER (WHERE i.paid_at < :asOf) AS last_paid_at,
			           min(i.issued_at) AS first_issued_at
			    FROM staging.invoice_history i
			    JOIN active a USING (customer_id)
			    WHERE NOT :paymentsKept AND i.amount > 0 AND i.issued_at < :asOf
			    GROUP BY i.customer_id
			), requests AS (
			    SELECT customer_id, count(*) AS cancellation_requests
			    FROM staging.cancellation
			    WHERE run_month = :runMonth AND requested_at >= :requestsSince AND requested_at < :asOf
			    GROUP BY customer_id
			)
			SELECT a.customer_id, a.mrr,
			       ((date_part('year', :month::date) - date_part('year', fm.first_month)) * 12
			           + date_part('month', :month::date) - date_part('month', fm.first_month))::int AS tenure_months,
			       CASE WHEN h.mrr_three_months_before > a.mrr THEN 1 - a.mrr / h.mrr_three_months_before ELSE 0 END
			           AS mrr_down_3m,
			       CASE WHEN h.mrr_six_months_before > a.mrr THEN 1 - a.mrr / h.mrr_six_months_before ELSE 0 END
			           AS mrr_down_6m,
			       CASE WHEN p.longest_interval = 1 THEN 1 ELSE 0 END AS monthly_billing,
			       -- an arrival after its first month is a return
			       h.arrivals - CASE WHEN fm.first_month > :returnsSince THEN 1 ELSE 0 END AS reactivations,
			       coalesce(i.unpaid_invoices, 0) AS unpaid_invoices,
			       coalesce(i.late_payments, 0) AS late_payments,
			       coalesce(floor(extract(epoch FROM :asOf - coalesce(i.last_paid_at, i.first_issued_at)) / 86400), 0)
			           AS days_since_payment,
			       coalesce(r.cancellation_requests, 0) AS cancellation_requests,
			       -- the kind of customer, whose churn before is looked up in RelativeChurn
			       coalesce(cu.segment, '') AS segment, coalesce(cu.region, '') AS region,
			       coalesce(p.plan_code, '') AS plan_code,
			       NOT EXISTS (SELECT 1 FROM staging.customer_month_mrr n
			                   WHERE n.month = :nextMonth AND n.customer_id = a.customer_id) AS churned_next_month
			FROM active a
			JOIN history h USING (customer_id)
			JOIN first_month fm USING (customer_id)
			LEFT JOIN invoices i USING (customer_id)
			LEFT JOIN requests r USING (customer_id)
			LEFT JOIN customer cu USING (customer_id)
			LEFT JOIN plan p USING (customer_id)
			ORDER BY a.customer_id
			""";

	/**
	 * How many times as often each segment, region, plan and segment with plan churned in the 6
	 * months before the month (each with its next month known by the month's end) as all customers
	 * did, for {@link RelativeChurn}: a few dozen rows, looked up for each customer in Java rather
	 * than joined to a million in the feature query.
	 */
	private static final String RELATIVE_CHURN = """
			WITH cells AS (
			    SELECT * FROM staging.risk_cell_month
			    WHERE month >= :cellsSince AND month < :month
			), overall AS (
			    SELECT sum(churners)::float8 / nullif(sum(customers), 0) AS churn_rate,
			           sum(managed_churners) FILTER (WHERE reasons_known)::float8
			               / nullif(sum(customers) FILTER (WHERE reasons_known), 0) AS managed_rate
			    FROM cells
			)
			SELECT 'segment' AS kind, c.segment, '' AS region, '' AS plan_code,
			       (sum(c.churners) + :prior * o.churn_rate) / (sum(c.customers) + :prior) / nullif(o.churn_rate, 0)
			           AS relative
			FROM cells c CROSS JOIN overall o GROUP BY c.segment, o.churn_rate
			UNION ALL
			SELECT 'region', '', c.region, '',
			       (sum(c.churners) + :prior * o.churn_rate) / (sum(c.customers) + :prior) / nullif(o.churn_rate, 0)
			FROM cells c CROSS JOIN overall o GROUP BY c.region, o.churn_rate
			UNION ALL
			SELECT 'plan', '', '', c.plan_code,
			       (sum(c.churners) + :prior * o.churn_rate) / (sum(c.customers) + :prior) / nullif(o.churn_rate, 0)
			FROM cells c CROSS JOIN overall o GROUP BY c.plan_code, o.churn_rate
			UNION ALL
			SELECT 'similar_managed', c.segment, '', c.plan_code,
			       (coalesce(sum(c.managed_churners) FILTER (WHERE c.reasons_known), 0) + :prior * o.managed_rate)
			       / (coalesce(sum(c.customers) FILTER (WHERE c.reasons_known), 0) + :prior)
			       / nullif(o.managed_rate, 0)
			FROM cells c CROSS JOIN overall o GROUP BY c.segment, c.plan_code, o.managed_rate
			""";

	/**
	 * The customers a month's own run scored, with the feature values it stored for them as of the
	 * month's end (in the order of the month's {@link #STORED_CODES}), labelled with the next month:
	 * what was known then, without computing it again. The next month's customers are joined once
	 * (as {@code NOT EXISTS} in both the label and the sample, the planner hashed them twice).
	 */
	private static final String SCORED = """
			SELECT r.customer_id, r.mrr, r.tenure_months, r.features, n.customer_id IS NULL AS churned_next_month
			FROM mart.risk_customer r
			LEFT JOIN staging.customer_month_mrr n ON n.month = :nextMonth AND n.customer_id = r.customer_id
			WHERE r.month = :month
			  AND (:keptShare >= 1
			       OR ('x' || left(md5(r.customer_id || '|' || :sampledMonth), 8))::bit(32)::bigint / 4294967296.0 < :keptShare
			       OR n.customer_id IS NULL)
			ORDER BY r.customer_id
			""";

	/** The codes of the feature values the month's run stored, in their order; none when it scored no one. */
	private static final String STORED_CODES = """
			SELECT array_to_string(feature_codes, ',') FROM mart.risk_model WHERE month = :month AND scored
			""";

	/** The tables the feature query reads (through the view and functions it names too), by commas. */
	private static final String READ_TABLES = "staging.customer_month_mrr,staging.customer,staging.subscription_period,"
			+ "staging.invoice_history,staging.customer_payment,staging.cancellation";

	/**
	 * The rows the current transaction inserted, updated or deleted so far in the tables, their
	 * partitions included (the server's statistics of the transaction).
	 */
	private static final String WRITTEN_IN_TRANSACTION = """
			WITH read AS (SELECT unnest(string_to_array(CAST(:tables AS text), ',')::regclass[]) AS tbl)
			SELECT coalesce(sum(s.n_tup_ins + s.n_tup_upd + s.n_tup_del), 0)
			FROM pg_stat_xact_user_tables s
			-- a partitioned table's rows are counted in its partitions; a table that is none has no tree
			WHERE s.relid IN (SELECT tbl FROM read
			                  UNION ALL
			                  SELECT tree.relid FROM read, pg_partition_tree(read.tbl) AS tree)
			""";

	/** How many months before a customer's month the relative churn features look back. */
	static final int RELATIVE_CHURN_MONTHS = 6;

	private static final String ACTIVE = "SELECT count(*) FROM staging.customer_month_mrr WHERE month = :month";

	/** One customer as of a month's end. */
	record CustomerFeatures(String customerId, BigDecimal mrr, int tenureMonths, Map<RiskFeature, Double> raw,
			boolean churnedNextMonth) {

		/** The values the model sees, in the order of {@link RiskFeature}. */
		double[] modelValues() {
			RiskFeature[] features = RiskFeature.values();
			double[] values = new double[features.length];
			for (int j = 0; j < features.length; j++) {
				values[j] = features[j].modelValue(raw.get(features[j]));
			}
			return values;
		}

	}

	private final JdbcClient streaming;

	/** @param streaming a template with a fetch size, so that the rows are streamed */
	RiskFeatureQuery(JdbcTemplate streaming) {
		this.streaming = JdbcClient.create(streaming);
	}

	/** Customers with MRR > 0 at the end of the month. */
	long active(YearMonth month) {
		return streaming.sql(ACTIVE).param("month", month.atDay(1)).query(Long.class).single();
	}

	/**
	 * Whether the month's own run scored its customers with every feature there is now (the
	 * features added later are missing from an earlier run's), so that {@link #forEachScored}
	 * describes them.
	 */
	boolean scoredWithEveryFeature(ReportingMonth month) {
		return storedCodes(month).containsAll(RiskFeature.codes());
	}

	/**
	 * The customers the month's own run scored, with the features it stored, in customer order.
	 * Their features are what was known at the month's end, as {@link #forEach} describes them.
	 */
	void forEachScored(ReportingMonth month, double keptShare, Consumer<CustomerFeatures> action) {
		// a code no feature has now (one dropped since) is a value left out
		List<RiskFeature> stored = storedCodes(month).stream().map(code -> RiskFeature.ofCode(code).orElse(null)).toList();
		streaming.sql(SCORED)
			.param("month", month.firstDay())
			.param("nextMonth", month.month().plusMonths(1).atDay(1))
			.param("keptShare", keptShare)
			.param("sampledMonth", month.month().toString())
			.query((RowCallbackHandler) rows -> action.accept(readStored(rows, stored)));
	}

	private List<String> storedCodes(ReportingMonth month) {
		return streaming.sql(STORED_CODES)
			.param("month", month.firstDay())
			.query(String.class)
			.optional()
			.map(codes -> List.of(codes.split(",")))
			.orElse(List.of());
	}

	/**
	 * The months whose churners of each kind of customer the relative churn features of these months
	 * read and that need counting ({@link #MONTHS_TO_COUNT}).
	 * @param months the months whose customers will be described, oldest first
	 */
	List<LocalDate> monthsToCount(List<ReportingMonth> months) {
		return streaming.sql(MONTHS_TO_COUNT)
			.param("fromMonth", months.get(0).month().minusMonths(RELATIVE_CHURN_MONTHS).atDay(1))
			.param("toMonth", months.get(months.size() - 1).month().minusMonths(1).atDay(1))
			.query(LocalDate.class)
			.list();
	}

	/**
	 * Counts the churners of each kind of customer in the month, from the run month's extract,
	 * replacing an earlier count.
	 * @param run the run month, whose extract holds the sources
	 */
	void countChurnersByKind(LocalDate month, ReportingMonth run) {
		ReportingMonth counted = new ReportingMonth(YearMonth.from(month), run.zone());
		streaming.sql(DELETE_CELL_MONTH).param("countedMonth", month).update();
		streaming.sql(CELL_MONTHS)
			.param("countedMonth", month)
			.param("nextMonth", counted.month().plusMonths(1).atDay(1))
			.param("monthEnd", counted.end())
			.param("runMonth", run.firstDay())
			.update();
	}

	/**
	 * A month described again as of its own end, from the whole invoice history.
	 * @param month the month as of whose end the customers are described
	 * @param run the run month, whose extract holds the sources
	 * @param keptShare the share of the customers who stayed to describe, the same ones on every run
	 * (by a hash of their id and the month); 1 for all. Every churner is described.
	 */
	void forEach(ReportingMonth month, ReportingMonth run, double keptShare, Consumer<CustomerFeatures> action) {
		describe(month, run, keptShare, false, false, relativeChurn(month), action);
	}

	/**
	 * Every customer of the run month, with each customer's first invoice and latest payment as
	 * {@link CustomerPayments} keeps them, brought to the month's end here, in the caller's
	 * transaction.
	 */
	void forEachOfRunMonth(ReportingMonth month, Consumer<CustomerFeatures> action) {
		forEachOfRunMonth(prepareRunMonth(month), action);
	}

	/**
	 * What describing the run month's customers needs from the caller's transaction: the payments
	 * kept brought to the month's end, the churn of each kind of customer in the months before (the
	 * month before's counted in that transaction), and whether the transaction wrote any table the
	 * feature query reads.
	 */
	RunMonth prepareRunMonth(ReportingMonth month) {
		boolean paidAfterMonthEnd = new CustomerPayments(streaming).asOf(month);
		long written = streaming.sql(WRITTEN_IN_TRANSACTION).param("tables", READ_TABLES).query(Long.class).single();
		return new RunMonth(month, paidAfterMonthEnd, relativeChurn(month), written == 0);
	}

	/**
	 * The run month's customers as {@link #prepareRunMonth} prepared them, in the caller's
	 * transaction, which may be another than the one that prepared them when
	 * {@link RunMonth#readableElsewhere}.
	 */
	void forEachOfRunMonth(RunMonth prepared, Consumer<CustomerFeatures> action) {
		ReportingMonth month = prepared.month();
		describe(month, month, 1, true, prepared.paidAfterMonthEnd(), prepared.relativeChurn(), action);
	}

	/**
	 * The run month prepared for describing its customers ({@link #prepareRunMonth}).
	 * @param readableElsewhere whether the preparing transaction wrote none of the tables the
	 * feature query reads, so that a transaction of its own, on another connection, reads the same
	 * rows
	 */
	record RunMonth(ReportingMonth month, boolean paidAfterMonthEnd, RelativeChurn relativeChurn,
			boolean readableElsewhere) {
	}

	/** The churn of each kind of customer in the months before the month, relative to all customers'. */
	RelativeChurn relativeChurn(ReportingMonth month) {
		YearMonth m = month.month();
		Map<String, Double> segments = new HashMap<>();
		Map<String, Double> regions = new HashMap<>();
		Map<String, Double> plans = new HashMap<>();
		Map<String, Double> similarManaged = new HashMap<>();
		streaming.sql(RELATIVE_CHURN)
			.param("month", month.firstDay())
			.param("cellsSince", m.minusMonths(RELATIVE_CHURN_MONTHS).atDay(1))
			.param("prior", PRIOR_CUSTOMER_MONTHS)
			.query((RowCallbackHandler) row -> {
				double relative = row.getDouble("relative");
				if (row.wasNull()) {
					// no churn at all in the months before: every kind churns as often as all customers
					return;
				}
				String segment = row.getString("segment");
				String plan = row.getString("plan_code");
				switch (row.getString("kind")) {
					case "segment" -> segments.put(segment, relative);
					case "region" -> regions.put(row.getString("region"), relative);
					case "plan" -> plans.put(plan, relative);
					default -> similarManaged.put(RelativeChurn.segmentWithPlan(segment, plan), relative);
				}
			});
		return new RelativeChurn(segments, regions, plans, similarManaged);
	}

	/**
	 * How many times as often each kind of customer churned in the months before as all customers
	 * did ({@link #RELATIVE_CHURN}), by its code ('' for none); a kind not seen in those months
	 * churns as often as all customers (1).
	 */
	record RelativeChurn(Map<String, Double> segments, Map<String, Double> regions, Map<String, Double> plans,
			Map<String, Double> similarManaged) {

		double segment(String segment) {
			return segments.getOrDefault(segment, 1.0);
		}

		double region(String region) {
			return regions.getOrDefault(region, 1.0);
		}

		double plan(String plan) {
			return plans.getOrDefault(plan, 1.0);
		}

		double similarManaged(String segment, String plan) {
			return similarManaged.getOrDefault(segmentWithPlan(segment, plan), 1.0);
		}

		/** One key for a segment and a plan: a code holds no NUL character. */
		static String segmentWithPlan(String segment, String plan) {
			return segment + '\0' + plan;
		}

	}

	private void describe(ReportingMonth month, ReportingMonth run, double keptShare, boolean paymentsKept,
			boolean paidAfterMonthEnd, RelativeChurn relativeChurn, Consumer<CustomerFeatures> action) {
		YearMonth m = month.month();
		streaming.sql(FEATURES)
			.param("month", month.firstDay())
			.param("keptShare", keptShare)
			.param("sampledMonth", m.toString())
			.param("threeMonthsBefore", m.minusMonths(3).atDay(1))
			.param("sixMonthsBefore", m.minusMonths(6).atDay(1))
			.param("nextMonth", m.plusMonths(1).atDay(1))
			.param("runMonth", run.firstDay())
			.param("asOf", month.end())
			.param("paymentsKept", paymentsKept)
			.param("paidAfterMonthEnd", paidAfterMonthEnd)
			.param("lateSince", new ReportingMonth(m.minusMonths(5), month.zone()).start())
			.param("requestsSince", new ReportingMonth(m.minusMonths(11), month.zone()).start())
			.param("returnsSince", m.minusMonths(12).atDay(1))
			.query((RowCallbackHandler) rows -> action.accept(read(rows, relativeChurn)));
	}

	/**
	 * A customer as its month's run stored it: the values in the order of the stored codes, its
	 * tenure and MRR from their columns, as {@link #read} takes them from the feature query.
	 */
	private static CustomerFeatures readStored(ResultSet rows, List<RiskFeature> stored) throws SQLException {
		int tenure = rows.getInt("tenure_months");
		Double[] values = (Double[]) rows.getArray("features").getArray();
		Map<RiskFeature, Double> raw = new EnumMap<>(RiskFeature.class);
		for (int i = 0; i < stored.size(); i++) {
			if (stored.get(i) != null) {
				raw.put(stored.get(i), values[i]);
			}
		}
		raw.put(RiskFeature.SHORT_TENURE, (double) tenure);
		raw.put(RiskFeature.TENURE, (double) tenure);
		raw.put(RiskFeature.MRR, rows.getDouble("mrr"));
		return new CustomerFeatures(rows.getString("customer_id"), rows.getBigDecimal("mrr"), tenure, raw,
				rows.getBoolean("churned_next_month"));
	}

	private static CustomerFeatures read(ResultSet rows, RelativeChurn relativeChurn) throws SQLException {
		int tenure = rows.getInt("tenure_months");
		Map<RiskFeature, Double> raw = new EnumMap<>(RiskFeature.class);
		raw.put(RiskFeature.SHORT_TENURE, (double) tenure);
		raw.put(RiskFeature.TENURE, (double) tenure);
		raw.put(RiskFeature.MRR_DOWN_3M, rows.getDouble("mrr_down_3m"));
		raw.put(RiskFeature.MRR_DOWN_6M, rows.getDouble("mrr_down_6m"));
		raw.put(RiskFeature.MRR, rows.getDouble("mrr"));
		raw.put(RiskFeature.MONTHLY_BILLING, rows.getDouble("monthly_billing"));
		raw.put(RiskFeature.REACTIVATIONS, rows.getDouble("reactivations"));
		raw.put(RiskFeature.UNPAID_INVOICES, rows.getDouble("unpaid_invoices"));
		raw.put(RiskFeature.LATE_PAYMENTS, rows.getDouble("late_payments"));
		raw.put(RiskFeature.DAYS_SINCE_PAYMENT, rows.getDouble("days_since_payment"));
		raw.put(RiskFeature.CANCELLATION_REQUESTS, rows.getDouble("cancellation_requests"));
		String segment = rows.getString("segment");
		String plan = rows.getString("plan_code");
		raw.put(RiskFeature.SEGMENT_CHURN, relativeChurn.segment(segment));
		raw.put(RiskFeature.REGION_CHURN, relativeChurn.region(rows.getString("region")));
		raw.put(RiskFeature.PLAN_CHURN, relativeChurn.plan(plan));
		raw.put(RiskFeature.SIMILAR_MANAGED_CHURN, relativeChurn.similarManaged(segment, plan));
		return new CustomerFeatures(rows.getString("customer_id"), rows.getBigDecimal("mrr"), tenure, raw,
				rows.getBoolean("churned_next_month"));
	}

}
