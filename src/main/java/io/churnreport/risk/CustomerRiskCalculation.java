package io.churnreport.risk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.postgresql.PGConnection;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.churnreport.month.Metric;
import io.churnreport.month.MetricScales;
import io.churnreport.month.MetricSection;
import io.churnreport.month.MetricStore;
import io.churnreport.month.MonthCalculation;
import io.churnreport.month.MonthContext;
import io.churnreport.month.MonthData;
import io.churnreport.month.ReportingMonth;
import io.churnreport.risk.RiskFeatureQuery.CustomerFeatures;
import io.churnreport.system.ChurnProperties;
import io.churnreport.system.CopyText;
import io.churnreport.system.CopyTextOnAThread;
import io.churnreport.system.InParallel;

/**
 * Customers at risk. First last month's list is checked against who churned this month
 * (mart.risk_backtest). Then a model is fitted on the latest months whose next month is known
 * (churn.risk.training-months): every customer with MRR > 0 at such a month's end, labelled by
 * whether it had none at the next month's end. Every customer with MRR > 0 at this month's end
 * is scored with it, banded, and given the factors that raise its score most, in words
 * (mart.risk_customer). With too little history the model is skipped, and mart.risk_model says why.
 */
@Component
public class CustomerRiskCalculation implements MonthCalculation {

	private static final Logger log = LoggerFactory.getLogger(CustomerRiskCalculation.class);

	/** How many factors a customer's explanation names at most. */
	static final int FACTORS_SHOWN = 3;

	private static final double PENALTY = 1.0;

	/** Scored customers sent to the database in one COPY. */
	private static final int COPY_ROWS = 10_000;

	private static final int FETCH_SIZE = 2_000;

	/** Every feature, in the order of the model values of RiskFeatureQuery.CustomerFeatures. */
	private static final List<RiskFeature> FEATURES = List.of(RiskFeature.values());

	/** The codes of the values in a scored customer's features, in their order (mart.risk_model.feature_codes). */
	private static final String FEATURE_CODES = String.join(",", RiskFeature.codes());

	private static final String DELETE_BACKTEST = "DELETE FROM mart.risk_backtest WHERE month = :month";

	private static final String DELETE_CUSTOMERS = "DELETE FROM mart.risk_customer WHERE month = :month";

	private static final String DELETE_MODEL = "DELETE FROM mart.risk_model WHERE month = :month";

	private static final String COPY_CUSTOMERS = """
			COPY mart.risk_customer (month, customer_id, mrr, score, band, tenure_months, factors, explanation, features)
			FROM STDIN
			""";

	private static final String INSERT_MODEL = """
			INSERT INTO mart.risk_model (month, scored, skipped_because, labelled_months, training_rows, training_churners,
			                             coefficients, feature_codes)
			VALUES (:month, :scored, :skippedBecause, :labelledMonths, :trainingRows, :trainingChurners, :coefficients::jsonb,
			        string_to_array(CAST(:featureCodes AS text), ','))
			""";

	/**
	 * Last month's list counted by score and by tenure (the tenure rule's ranking), each customer
	 * marked churned when it had no MRR at this month's end: the backtest needs no more than the
	 * counts, so memory follows the distinct scores, not the customers. This month's customers are
	 * joined as a set: looked up one by one ({@code NOT EXISTS} per row) the list of the 735,483
	 * customers of 2026-09 on the 1,000,000 x 8 bench took 2.8 s against 1.2 s.
	 */
	private static final String LAST_MONTHS_LIST = """
			WITH list AS (
			    SELECT r.score, r.tenure_months, r.band = 'red' AS red, c.customer_id IS NULL AS churned
			    FROM mart.risk_customer r
			    LEFT JOIN staging.customer_month_mrr c ON c.month = :month AND c.customer_id = r.customer_id
			    WHERE r.month = :previousMonth
			)
			SELECT GROUPING(score) = 0 AS by_score, score, tenure_months, count(*) AS customers,
			       count(*) FILTER (WHERE churned) AS churners, count(*) FILTER (WHERE red) AS red,
			       count(*) FILTER (WHERE red AND churned) AS red_churners
			FROM list
			GROUP BY GROUPING SETS ((score), (tenure_months))
			ORDER BY by_score DESC, score, tenure_months DESC
			""";

	private static final String INSERT_BACKTEST = """
			INSERT INTO mart.risk_backtest (month, customers, churners, auc, naive_auc, top_decile_precision,
			                                top_decile_recall, naive_top_decile_precision, lift_over_naive, red_precision,
			                                red_recall, beats_naive_rule)
			VALUES (:month, :customers, :churners, :auc, :naiveAuc, :topDecilePrecision, :topDecileRecall,
			        :naiveTopDecilePrecision, :liftOverNaive, :redPrecision, :redRecall, :beatsNaiveRule)
			""";

	private static final String BANDS = """
			SELECT count(*) FILTER (WHERE band = 'red') AS red_customers,
			       coalesce(sum(mrr) FILTER (WHERE band = 'red'), 0) AS red_mrr,
			       count(*) FILTER (WHERE band = 'yellow') AS yellow_customers,
			       coalesce(sum(mrr) FILTER (WHERE band = 'yellow'), 0) AS yellow_mrr
			FROM mart.risk_customer WHERE month = :month
			""";

	private final JdbcClient reporting;

	private final JdbcTemplate streaming;

	private final RiskFeatureQuery featureQuery;

	private final MetricStore metricStore;

	private final ChurnProperties.Risk settings;

	private final Locale locale;

	private final int readsAtOnce;

	/** The models being trained ahead of their month's calculation ({@link #startReading}), by month. */
	private final Map<ReportingMonth, Future<Training>> trainingsAhead = new ConcurrentHashMap<>();

	/**
	 * Transactions of their own, on other connections than the step's, for the churners counted by
	 * kind in the months before the month before (committed before the months described again read
	 * them; they are kept for later runs anyway) and the months learned from. What they read was
	 * committed by earlier steps and months.
	 */
	private final TransactionTemplate ownTransaction;

	@Autowired
	public CustomerRiskCalculation(DataSource reportingDataSource, MetricStore metricStore, ChurnProperties properties) {
		this(reportingDataSource, metricStore, properties.risk(), properties.locale(), properties.partitions());
	}

	/**
	 * @param readsAtOnce how many of the months learned from are read (or described again), and
	 * their churners by kind counted, at the same time, each on a connection of its own
	 * (churn.partitions, as many as the month-end MRR's customer ranges)
	 */
	public CustomerRiskCalculation(DataSource reportingDataSource, MetricStore metricStore, ChurnProperties.Risk settings,
			Locale locale, int readsAtOnce) {
		JdbcTemplate streaming = new JdbcTemplate(reportingDataSource);
		// the features and last month's list are read in parts, not a million rows at once (the
		// month's transaction keeps auto-commit off, which the driver needs for that)
		streaming.setFetchSize(FETCH_SIZE);
		this.reporting = JdbcClient.create(streaming);
		this.streaming = streaming;
		this.featureQuery = new RiskFeatureQuery(streaming);
		this.metricStore = metricStore;
		this.settings = settings;
		this.locale = locale;
		this.readsAtOnce = readsAtOnce;
		this.ownTransaction = new TransactionTemplate(new DataSourceTransactionManager(reportingDataSource));
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	@Override
	public int calculate(MonthContext context) {
		ReportingMonth month = context.month();
		for (String delete : List.of(DELETE_BACKTEST, DELETE_CUSTOMERS, DELETE_MODEL)) {
			reporting.sql(delete).param("month", month.firstDay()).update();
		}
		Map<Metric, BigDecimal> metrics = new LinkedHashMap<>();
		long started = System.nanoTime();
		backtestLastMonthsList(month, metrics);
		long backtested = System.nanoTime();
		// the step's longest calculation at a million customers: a stop asked for ends it between its parts
		context.stopIfRequested("before training the customers-at-risk model");
		Training training = trained(month);
		long trained = System.nanoTime();
		int written = 0;
		if (training.skippedBecause() == null) {
			// the churners of the month before are this month's, which the publish phase wrote in the
			// step's transaction: only it sees them, and only the scoring reads their count
			featureQuery.countChurnersByKind(month.previousFirstDay(), month);
			context.stopIfRequested("before scoring the customers at risk");
			long counted = System.nanoTime();
			written = score(context, training.model());
			log.info("Customers at risk of {}: last month's list checked in {} s; the model learned from {} rows of {} months "
					+ "({} churners) in {} s, of which {} s after the calculations before it; {} customers scored in {} s", month,
					seconds(backtested - started), training.rows(), training.labelledMonths(), training.churners(),
					seconds(training.nanos()), seconds(trained - backtested), written, seconds(System.nanoTime() - counted));
			Bands bands = reporting.sql(BANDS).param("month", month.firstDay()).query(Bands.class).single();
			metrics.put(Metric.AT_RISK_RED_CUSTOMERS, BigDecimal.valueOf(bands.redCustomers()));
			metrics.put(Metric.AT_RISK_RED_MRR, MetricScales.money(bands.redMrr()));
			metrics.put(Metric.AT_RISK_YELLOW_CUSTOMERS, BigDecimal.valueOf(bands.yellowCustomers()));
			metrics.put(Metric.AT_RISK_YELLOW_MRR, MetricScales.money(bands.yellowMrr()));
		}
		else {
			log.info("Customers at risk of {} are not scored: {}", month, training.skippedBecause());
			for (Metric metric : List.of(Metric.AT_RISK_RED_CUSTOMERS, Metric.AT_RISK_RED_MRR,
					Metric.AT_RISK_YELLOW_CUSTOMERS, Metric.AT_RISK_YELLOW_MRR)) {
				metrics.put(metric, null);
			}
		}
		reporting.sql(INSERT_MODEL)
			.param("month", month.firstDay())
			.param("scored", training.skippedBecause() == null)
			.param("skippedBecause", training.skippedBecause())
			.param("labelledMonths", training.labelledMonths())
			.param("trainingRows", training.rows())
			.param("trainingChurners", training.churners())
			.param("coefficients", training.model() == null ? null : coefficients(training.model()))
			.param("featureCodes", training.model() == null ? null : FEATURE_CODES)
			.update();
		metricStore.save(month, metrics);
		return written;
	}

	@Override
	public MonthData writes() {
		return MonthData.metricsOf(MetricSection.AT_RISK)
			.andTables("mart.risk_customer", "mart.risk_model", "mart.risk_backtest");
	}

	private void backtestLastMonthsList(ReportingMonth month, Map<Metric, BigDecimal> metrics) {
		List<RiskBacktest.Tie> byScore = new ArrayList<>();
		List<RiskBacktest.Tie> byTenureRule = new ArrayList<>();
		long[] red = { 0, 0 };
		reporting.sql(LAST_MONTHS_LIST)
			.param("month", month.firstDay())
			.param("previousMonth", month.previousFirstDay())
			.query((RowCallbackHandler) row -> {
				RiskBacktest.Tie tie = new RiskBacktest.Tie(row.getLong("customers"), row.getLong("churners"));
				if (row.getBoolean("by_score")) {
					byScore.add(tie);
					red[0] += row.getLong("red");
					red[1] += row.getLong("red_churners");
				}
				else {
					byTenureRule.add(tie);
				}
			});
		if (byScore.isEmpty()) {
			metrics.put(Metric.RISK_LIST_AUC, null);
			metrics.put(Metric.RISK_TENURE_RULE_AUC, null);
			return;
		}
		RiskBacktest backtest = RiskBacktest.of(byScore, byTenureRule, red[0], red[1]);
		reporting.sql(INSERT_BACKTEST)
			.param("month", month.firstDay())
			.param("customers", backtest.customers())
			.param("churners", backtest.churners())
			.param("auc", rate(backtest.auc()))
			.param("naiveAuc", rate(backtest.naiveAuc()))
			.param("topDecilePrecision", rate(backtest.topDecilePrecision()))
			.param("topDecileRecall", rate(backtest.topDecileRecall()))
			.param("naiveTopDecilePrecision", rate(backtest.naiveTopDecilePrecision()))
			.param("liftOverNaive", rate(backtest.liftOverNaive()))
			.param("redPrecision", rate(backtest.redPrecision()))
			.param("redRecall", rate(backtest.redRecall()))
			.param("beatsNaiveRule", backtest.beatsNaiveRule())
			.update();
		metrics.put(Metric.RISK_LIST_AUC, rate(backtest.auc()));
		metrics.put(Metric.RISK_TENURE_RULE_AUC, backtest.auc() == null ? null : rate(backtest.naiveAuc()));
	}

	/**
	 * Starts training the month's model beside the calculations before this one: it reads only
	 * earlier months (their stored scores, or their sources described again) and the month-end MRR
	 * of this month, all committed by earlier steps and months, each month in a transaction of its own.
	 */
	@Override
	public Optional<Future<?>> startReading(MonthContext context) {
		ReportingMonth month = context.month();
		Future<Training> training = InParallel.started("churn-report-risk-training", () -> train(month));
		trainingsAhead.put(month, training);
		return Optional.of(training);
	}

	/** The model trained ahead for the month ({@link #startReading}), or trained now when none was started. */
	private Training trained(ReportingMonth month) {
		Future<Training> ahead = trainingsAhead.remove(month);
		return ahead == null ? train(month) : InParallel.resultOf(ahead, "the customers-at-risk model of " + month);
	}

	/** {@link #fit}, timed. */
	private Training train(ReportingMonth month) {
		long started = System.nanoTime();
		return fit(month).took(System.nanoTime() - started);
	}

	/** The model fitted on the latest months whose next month is known, or why there is none. */
	private Training fit(ReportingMonth month) {
		List<ReportingMonth> labelled = new ArrayList<>();
		long rows = 0;
		for (int back = 1; back <= settings.trainingMonths(); back++) {
			ReportingMonth candidate = new ReportingMonth(month.month().minusMonths(back), month.zone());
			long active = featureQuery.active(candidate.month());
			if (active == 0) {
				break;
			}
			labelled.add(candidate);
			rows += active;
		}
		if (labelled.size() < settings.minimumLabelledMonths()) {
			String months = switch (labelled.size()) {
				case 0 -> "no earlier month with customers";
				case 1 -> "only 1 earlier month with customers";
				default -> "only " + labelled.size() + " earlier months with customers";
			};
			return Training.skipped(labelled.size(), months + ", fewer than churn.risk.minimum-labelled-months ("
					+ settings.minimumLabelledMonths() + ")");
		}
		// a month its own run scored is learned from the features it stored, what was known at its
		// end; the others are described again from this run's extract
		List<ReportingMonth> scored = new ArrayList<>();
		List<ReportingMonth> described = new ArrayList<>();
		for (ReportingMonth each : labelled) {
			(featureQuery.scoredWithEveryFeature(each) ? scored : described).add(0, each);
		}
		List<ReportingMonth> counted = new ArrayList<>(described);
		counted.add(month);
		List<LocalDate> toCount = featureQuery.monthsToCount(counted);
		// the month before is counted by the scoring (see calculate), which alone reads its count
		LocalDate monthBefore = month.previousFirstDay();
		inParallel(toCount.stream()
			.filter(countedMonth -> !countedMonth.equals(monthBefore))
			.<Supplier<Boolean>>map(countedMonth -> () -> {
				ownTransaction.executeWithoutResult(status -> featureQuery.countChurnersByKind(countedMonth, month));
				return true;
			})
			.toList());
		// customers who stayed are sampled down to the row limit, the same ones on every run; the
		// share kept is not known before the churners are counted, so the limit bounds the stayers
		double keptShare = Math.min(1.0, (double) settings.maximumTrainingRows() / rows);
		TrainingRows training = new TrainingRows(FEATURES.size());
		List<Supplier<TrainingRows>> reads = labelled.stream().<Supplier<TrainingRows>>map(each -> () -> ownTransaction
			.execute(status -> {
				// only read: a stored month's features, or a month described again
				status.setRollbackOnly();
				TrainingRows monthRows = new TrainingRows(FEATURES.size());
				Consumer<CustomerFeatures> learn = learner(monthRows, keptShare);
				if (scored.contains(each)) {
					featureQuery.forEachScored(each, keptShare, learn);
				}
				else {
					featureQuery.forEach(each, month, keptShare, learn);
				}
				return monthRows;
			}))
			.toList();
		// put together in the months' order, so that the model does not depend on which read ended first
		for (TrainingRows monthRows : inParallel(reads)) {
			training.addAll(monthRows);
		}
		log.debug("Customers at risk of {} learn from the stored features of {} and describe {} again", month, scored,
				described);
		int churners = (int) Math.round(training.churners());
		if (churners < settings.minimumChurners()) {
			return new Training(null, labelled.size(), training.size(), churners,
					"only " + churners + (churners == 1 ? " churner" : " churners") + " in the " + labelled.size()
							+ " months learned from, fewer than churn.risk.minimum-churners (" + settings.minimumChurners() + ")");
		}
		if (churners == training.size()) {
			return new Training(null, labelled.size(), training.size(), churners,
					"every customer of the months learned from churned: there is no one who stayed to tell them apart from");
		}
		return new Training(RiskModelFit.fit(FEATURES, training, PENALTY), labelled.size(), training.size(), churners,
				null);
	}

	/**
	 * The results of the reads, in their order, {@link #readsAtOnce} of them at a time, each on a
	 * thread (and so a reporting connection) of its own: a first run describes 6 months, each as
	 * long as scoring the month.
	 */
	private <T> List<T> inParallel(List<Supplier<T>> reads) {
		return InParallel.results("churn-report-risk-reader-", readsAtOnce, reads);
	}

	/** Each stayer described weighs for those left out. */
	private static Consumer<CustomerFeatures> learner(TrainingRows rows, double keptShare) {
		return customer -> rows.add(customer.modelValues(), customer.churnedNextMonth(),
				customer.churnedNextMonth() ? 1 : 1 / keptShare);
	}

	/**
	 * Scores the month's customers as the feature query reads them: their rows are made on a thread
	 * of its own (score, factors, words) and sent with COPY on the step's connection. When the step's
	 * transaction wrote nothing the query reads, the query runs on a connection and thread of its
	 * own, so that the database reads the next customers while it writes the scored ones (two server
	 * processes rather than one taking turns: 17.2 s against 23.7 s for the feature query and the
	 * COPY of 875,282 customers with psql); otherwise this thread reads them between its COPYs.
	 */
	private int score(MonthContext context, RiskModel model) {
		ReportingMonth month = context.month();
		RiskFactorWords.InLanguage words = new RiskFactorWords.InLanguage(locale);
		RiskFeatureQuery.RunMonth prepared = featureQuery.prepareRunMonth(month);
		int written = 0;
		try (CopyTextOnAThread<CustomerFeatures> rows = new CopyTextOnAThread<>("churn-report-risk-scoring", COPY_ROWS,
				customer -> scoredRow(month, model, words, customer))) {
			log.debug("Customers at risk of {}: features read {}", month, prepared.readableElsewhere()
					? "on a connection of their own" : "in the step's transaction, which wrote tables they read");
			if (prepared.readableElsewhere()) {
				written += scoreReadElsewhere(context, prepared, rows);
			}
			else {
				int[] copied = { 0 };
				featureQuery.forEachOfRunMonth(prepared, customer -> {
					rows.add(customer);
					for (CopyText made : rows.finished()) {
						copied[0] += copy(made);
						context.stopIfRequested("while scoring the customers at risk");
					}
				});
				written += copied[0];
			}
			for (CopyText made : rows.rest()) {
				written += copy(made);
			}
		}
		return written;
	}

	/** The customers read in a read-only transaction of their own, on another thread, sent here. */
	private int scoreReadElsewhere(MonthContext context, RiskFeatureQuery.RunMonth prepared,
			CopyTextOnAThread<CustomerFeatures> rows) {
		Future<Void> reading = InParallel.started("churn-report-risk-reader", () -> {
			ownTransaction.executeWithoutResult(status -> {
				status.setRollbackOnly();
				featureQuery.forEachOfRunMonth(prepared, rows::add);
			});
			return null;
		});
		int written = 0;
		try {
			// sends what was made, then waits a little for the reading to end (at once when it does)
			do {
				for (CopyText made : rows.finished()) {
					written += copy(made);
				}
				context.stopIfRequested("while scoring the customers at risk");
			}
			while (!InParallel.endedWithin(reading, 20, "the features of the customers of " + prepared.month()));
		}
		finally {
			// a stop or a failure here leaves nothing reading
			reading.cancel(true);
		}
		return written;
	}

	/** A scored customer's row of mart.risk_customer, in the columns of {@link #COPY_CUSTOMERS}. */
	private Object[] scoredRow(ReportingMonth month, RiskModel model, RiskFactorWords.InLanguage words,
			CustomerFeatures customer) {
		double[] values = customer.modelValues();
		BigDecimal score = BigDecimal.valueOf(model.score(values)).setScale(6, RoundingMode.HALF_UP);
		List<RiskFeature> factors = model.factors(values, FACTORS_SHOWN);
		return new Object[] { month.firstDay(), customer.customerId(), customer.mrr(), score, band(score),
				customer.tenureMonths(), factors.stream().map(RiskFeature::code).collect(Collectors.joining(",", "{", "}")),
				factors.stream().map(factor -> words(words, factor, customer)).collect(Collectors.joining("; ")),
				featureValues(customer) };
	}

	/** Writes the scored customers with COPY: inserting them row by row took most of the scoring's time. */
	private int copy(CopyText rows) {
		if (rows.rows() == 0) {
			return 0;
		}
		return streaming.execute((ConnectionCallback<Integer>) connection -> {
			try {
				return rows.copy(connection.unwrap(PGConnection.class).getCopyAPI(), COPY_CUSTOMERS);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
	}

	private String band(BigDecimal score) {
		if (score.compareTo(settings.red()) >= 0) {
			return "red";
		}
		return score.compareTo(settings.yellow()) >= 0 ? "yellow" : "green";
	}

	private static String words(RiskFactorWords.InLanguage words, RiskFeature factor, CustomerFeatures customer) {
		return words.of(factor, customer.raw().get(factor));
	}

	/** The customer's raw feature values as an array, in the order of {@link #FEATURE_CODES}. */
	private static String featureValues(CustomerFeatures customer) {
		StringBuilder values = new StringBuilder(160).append('{');
		for (RiskFeature feature : FEATURES) {
			if (values.length() > 1) {
				values.append(',');
			}
			values.append(plain(customer.raw().get(feature)));
		}
		return values.append('}').toString();
	}

	/**
	 * The value in plain decimals, as short as it reads back the same: {@code 3}, {@code 0.25},
	 * {@code 49.9}. Most features are whole numbers (months, counts, days), written without a
	 * {@link BigDecimal}, which took over a third of the scoring's own CPU time (100,000 customers).
	 */
	static String plain(double value) {
		if (value == Math.rint(value) && Math.abs(value) < 1e15) {
			return Long.toString((long) value);
		}
		return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
	}

	private static String coefficients(RiskModel model) {
		StringBuilder json = new StringBuilder("{\"intercept\": ").append(round(model.intercept()));
		for (RiskFeature feature : model.features()) {
			json.append(", \"").append(feature.code()).append("\": ").append(round(model.coefficient(feature)));
		}
		return json.append('}').toString();
	}

	private static String seconds(long nanos) {
		return String.format(Locale.ROOT, "%.1f", nanos / 1e9);
	}

	private static String round(double value) {
		return BigDecimal.valueOf(value).setScale(6, RoundingMode.HALF_UP).toPlainString();
	}

	private static BigDecimal rate(Double value) {
		return value == null ? null : BigDecimal.valueOf(value).setScale(MetricScales.RATE_SCALE, RoundingMode.HALF_UP);
	}

	record Bands(long redCustomers, BigDecimal redMrr, long yellowCustomers, BigDecimal yellowMrr) {
	}

	/** A fitted model, or why there is none, with what it learned from and how long that took. */
	record Training(RiskModel model, int labelledMonths, int rows, int churners, String skippedBecause, long nanos) {

		Training(RiskModel model, int labelledMonths, int rows, int churners, String skippedBecause) {
			this(model, labelledMonths, rows, churners, skippedBecause, 0);
		}

		static Training skipped(int labelledMonths, String because) {
			return new Training(null, labelledMonths, 0, 0, because);
		}

		Training took(long trainingNanos) {
			return new Training(model, labelledMonths, rows, churners, skippedBecause, trainingNanos);
		}

	}

}
