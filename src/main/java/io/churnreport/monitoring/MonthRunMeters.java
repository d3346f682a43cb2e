package io.churnreport.monitoring;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Component;

import io.churnreport.delivery.DeliveryRecord;
import io.churnreport.extract.SourceQuery;
import io.churnreport.job.MonthJobOperations;
import io.churnreport.job.MonthlyChurnJobConfiguration;
import io.churnreport.month.Metric;
import io.churnreport.month.MetricStore;
import io.churnreport.month.ReportingMonth;
import io.churnreport.quality.Quarantine;
import io.churnreport.system.ChurnProperties;

/**
 * The metrics of a month run, as Micrometer gauges in a Prometheus registry: the job's and the
 * steps' figures come from the run's {@link JobExecution}, the rows quarantined from the
 * quarantine, the month's results from the metric store, and what the delivery of the month's
 * reports came to from the run. The metrics file and the Pushgateway get the same meters.
 */
@Component
public class MonthRunMeters {

	private static final Logger log = LoggerFactory.getLogger(MonthRunMeters.class);

	/** How many of the job's latest instances (about one a month) are searched for the last success. */
	private static final int INSTANCES_FOR_LAST_SUCCESS = 60;

	private static final String PREFIX = "churn_report.";

	private final ChurnProperties properties;

	private final JobRepository jobRepository;

	private final MetricStore metricStore;

	private final Quarantine quarantine;

	public MonthRunMeters(ChurnProperties properties, JobRepository jobRepository, MetricStore metricStore,
			Quarantine quarantine) {
		this.properties = properties;
		this.jobRepository = jobRepository;
		this.metricStore = metricStore;
		this.quarantine = quarantine;
	}

	/**
	 * The run's metrics in a Prometheus exposition format. What cannot be read (the reporting
	 * database may be what failed) is left out, with a warning.
	 * @param contentType the format, as a scraper would ask for it
	 */
	public String text(MonthRun run, String contentType) {
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		try {
			register(registry, run);
			return registry.scrape(contentType);
		}
		finally {
			registry.close();
		}
	}

	private void register(PrometheusMeterRegistry registry, MonthRun run) {
		Tags month = Tags.of("month", ReportingMonth.format(run.month()));
		// the reporting database may be what failed: what cannot be read is left out, the outcome is not
		Optional<JobExecution> execution = run.executionId().flatMap(id -> readable("the job execution",
				() -> jobRepository.getJobExecution(id)));
		Instant finished = execution.map(JobExecution::getEndTime).map(MonthRunMeters::instant).orElseGet(Instant::now);
		gauge(registry, "job.last.run.timestamp", "seconds", "When the last month run ended", month,
				finished.getEpochSecond());
		gauge(registry, "job.success", null, "1 when the last month run completed, 0 when it failed", month,
				run.success() ? 1 : 0);
		gauge(registry, "job.exit.code", null, "The exit code of the last month run (0: completed)", month,
				run.exitCode());
		run.failedStep().ifPresent(step -> gauge(registry, "job.failed.step", null,
				"The step the last month run failed in", month.and("step", step), 1));
		readable("the last completed execution", this::lastSuccess).flatMap(last -> last).ifPresent(last -> gauge(registry,
				"job.last.success.timestamp", "seconds", "When a month run last completed, any month", Tags.empty(),
				last.getEpochSecond()));
		execution.ifPresent(job -> registerExecution(registry, job, month));
		readable("the quarantined rows", () -> quarantine.quarantinedPerSource(run.month().atDay(1)))
			.ifPresent(rows -> registerQuarantine(registry, execution, rows, month));
		if (run.success()) {
			// a failed month's figures in the mart are an earlier version's or none: only a completed run's are its own
			registerResults(registry, run, month);
		}
		registerDeliveries(registry, run.deliveries(), month);
	}

	private void registerExecution(PrometheusMeterRegistry registry, JobExecution job, Tags month) {
		seconds(job.getStartTime(), job.getEndTime()).ifPresent(duration -> gauge(registry, "job.duration", "seconds",
				"How long the last month run took", month, duration));
		for (StepExecution step : job.getStepExecutions()) {
			Tags stepTags = month.and("step", step.getStepName());
			seconds(step.getStartTime(), step.getEndTime()).ifPresent(duration -> gauge(registry, "step.duration",
					"seconds", "How long the step took in the last month run", stepTags.and("status",
							step.getStatus().name()), duration));
			gauge(registry, "step.rows.read", null, "Rows the step read in the last month run", stepTags,
					step.getReadCount());
			gauge(registry, "step.rows.written", null, "Rows the step wrote in the last month run", stepTags,
					step.getWriteCount());
		}
	}

	private void registerQuarantine(PrometheusMeterRegistry registry, Optional<JobExecution> execution,
			Map<String, Long> quarantinedPerSource, Tags month) {
		gauge(registry, "quarantine.limit.ratio", null,
				"churn.data-quality.max-quarantined-percent as a ratio: above it a month fails", month,
				properties.dataQuality().maxQuarantinedPercent().movePointLeft(2).doubleValue());
		// the extract steps' write counts are each source's rows staged for the check (a source read by
		// changes stages what it holds, not only what it read); a restart does not extract again, so
		// they are the last extract of the month's instance, in this execution or before
		execution.ifPresent(job -> MonthJobOperations.extractSteps().forEach((stepName, source) -> {
			StepExecution extract = jobRepository.getLastStepExecution(job.getJobInstance(), stepName);
			if (extract != null && extract.getStatus() == BatchStatus.COMPLETED) {
				registerSource(registry, source, extract.getWriteCount(),
						quarantinedPerSource.getOrDefault(source.name(), 0L), month);
			}
		}));
	}

	private static void registerSource(PrometheusMeterRegistry registry, SourceQuery<?> source, long extracted,
			long quarantined, Tags month) {
		Tags sourceTags = month.and("source", source.name());
		gauge(registry, "source.rows.extracted", null, "Rows of the source staged for the month's check", sourceTags,
				extracted);
		gauge(registry, "source.rows.quarantined", null, "Rows of the source quarantined for breaking the source contract",
				sourceTags, quarantined);
		gauge(registry, "source.quarantined.ratio", null, "The share of the source's rows quarantined", sourceTags,
				extracted == 0 ? 0 : (double) quarantined / extracted);
	}

	private void registerResults(PrometheusMeterRegistry registry, MonthRun run, Tags month) {
		readable("the month's results", () -> Map.of(Metric.CHURN_RATE, metricStore.find(run.month().atDay(1),
				Metric.CHURN_RATE), Metric.MRR_END, metricStore.find(run.month().atDay(1), Metric.MRR_END),
				Metric.CUSTOMERS_END, metricStore.find(run.month().atDay(1), Metric.CUSTOMERS_END)))
			.ifPresent(results -> {
				results.get(Metric.CHURN_RATE).ifPresent(rate -> gauge(registry, "churn.rate", null,
						"The month's churn rate: customers churned / customers at start", month, rate.doubleValue()));
				results.get(Metric.MRR_END).ifPresent(mrr -> gauge(registry, "mrr.end", null,
						"The month's MRR at its end, in the reporting currency", month.and("currency",
								properties.currency()), mrr.doubleValue()));
				results.get(Metric.CUSTOMERS_END).ifPresent(customers -> gauge(registry, "customers.end", null,
						"Customers with MRR > 0 at the month's end", month, customers.doubleValue()));
			});
	}

	/**
	 * The deliveries of the run per report and target, sent and failed each (0 included, so that a
	 * failure's series is there to compare with before it happens).
	 */
	private static void registerDeliveries(PrometheusMeterRegistry registry, List<DeliveryRecord> deliveries,
			Tags month) {
		Map<String, Map<String, long[]>> byReportAndTarget = new TreeMap<>();
		for (DeliveryRecord delivery : deliveries) {
			long[] sentAndFailed = byReportAndTarget.computeIfAbsent(delivery.report(), report -> new TreeMap<>())
				.computeIfAbsent(delivery.target(), target -> new long[2]);
			sentAndFailed[delivery.sent() ? 0 : 1]++;
		}
		String description = "Deliveries of the month's reports after the last run, one per recipient and one per copy "
				+ "into the shared directory";
		byReportAndTarget.forEach((report, targets) -> targets.forEach((target, sentAndFailed) -> {
			Tags tags = month.and("report", report, "target", target);
			gauge(registry, "deliveries", null, description, tags.and("status", "sent"), sentAndFailed[0]);
			gauge(registry, "deliveries", null, description, tags.and("status", "failed"), sentAndFailed[1]);
		}));
	}

	/** The end of the job's latest completed execution, of any month. */
	private Optional<Instant> lastSuccess() {
		Instant last = null;
		for (JobInstance instance : jobRepository.getJobInstances(MonthlyChurnJobConfiguration.JOB_NAME, 0,
				INSTANCES_FOR_LAST_SUCCESS)) {
			for (JobExecution execution : jobRepository.getJobExecutions(instance)) {
				if (execution.getStatus() == BatchStatus.COMPLETED && execution.getEndTime() != null) {
					Instant end = instant(execution.getEndTime());
					last = last == null || end.isAfter(last) ? end : last;
				}
			}
		}
		return Optional.ofNullable(last);
	}

	private static void gauge(PrometheusMeterRegistry registry, String name, String baseUnit, String description,
			Tags tags, double value) {
		Gauge.builder(PREFIX + name, () -> value).baseUnit(baseUnit).description(description).tags(tags).register(registry);
	}

	private static Optional<Double> seconds(LocalDateTime start, LocalDateTime end) {
		return start == null || end == null ? Optional.empty()
				: Optional.of(Duration.between(start, end).toMillis() / 1000.0);
	}

	/** Spring Batch records its times in the process's zone. */
	private static Instant instant(LocalDateTime time) {
		return time.atZone(ZoneId.systemDefault()).toInstant();
	}

	private static <T> Optional<T> readable(String what, Supplier<T> read) {
		try {
			return Optional.ofNullable(read.get());
		}
		catch (RuntimeException ex) {
			log.warn("The month run's metrics leave out {}, which could not be read: {}", what, ex.getMessage());
			return Optional.empty();
		}
	}

}
