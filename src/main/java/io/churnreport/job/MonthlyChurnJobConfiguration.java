package io.churnreport.job;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import org.aopalliance.intercept.MethodInterceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.job.builder.FlowBuilder;
import org.springframework.batch.core.job.builder.FlowJobBuilder;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.flow.Flow;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.configuration.annotation.JobScope;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.database.JdbcBatchItemWriter;
import org.springframework.batch.infrastructure.item.database.JdbcCursorItemReader;
import org.springframework.batch.infrastructure.item.database.builder.JdbcBatchItemWriterBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.PlatformTransactionManager;

import io.churnreport.classify.ChurnClassification;
import io.churnreport.classify.ChurnEvidence;
import io.churnreport.classify.ChurnReasonCatalog;
import io.churnreport.classify.ChurnReasonClassifier;
import io.churnreport.classify.ChurnedCustomerQueries;
import io.churnreport.extract.InvoiceHistory;
import io.churnreport.extract.SourceQuery;
import io.churnreport.extract.SourceMirror;
import io.churnreport.extract.StagingCopy;
import io.churnreport.extract.StagingPartitions;
import io.churnreport.metrics.CustomerRange;
import io.churnreport.metrics.MonthEndMrr;
import io.churnreport.metrics.MonthEndMrrHistory;
import io.churnreport.month.MonthContext;
import io.churnreport.month.ReportingMonth;
import io.churnreport.quality.QuarantineLimit;
import io.churnreport.quality.SourceDataCheck;
import io.churnreport.quality.SourceDataFindings;
import io.churnreport.report.MonthlyCsvWriter;
import io.churnreport.report.MonthlyReportWriter;
import io.churnreport.report.MonthlySpreadsheetWriter;
import io.churnreport.system.CancelOnStop;
import io.churnreport.system.ChurnProperties;
import io.churnreport.system.ChurnProperties.ChurnDefinition;
import io.churnreport.system.CursorReaders;
import io.churnreport.system.DataSourcesConfiguration;
import io.churnreport.system.InParallel;
import io.churnreport.month.MonthInputs;

/**
 * The monthly churn job: extract the sources into staging, check them against the source contract
 * (quarantining the rows that break it), compute month-end MRR, classify the
 * month's churned customers, compute the month's metrics and cohorts into the mart, then write the
 * CSVs and the PDF. Each extract copies one source into staging in one transaction; the
 * classification step is chunk-oriented and resumes from its last committed chunk; the other steps
 * replace the month's rows in one transaction, so any step can run again.
 */
@Configuration(proxyBeanMethods = false)
public class MonthlyChurnJobConfiguration {

	public static final String JOB_NAME = "monthlyChurnJob";

	private static final int CLASSIFY_CHUNK_SIZE = 500;

	private static final Logger log = LoggerFactory.getLogger(MonthlyChurnJobConfiguration.class);

	private final StepLoggingListener stepLogging;

	static final String MONTH_END_MRR_STEP = "computeMonthEndMrrStep";

	/** The worker step of computeMonthEndMrrStep, run once per customer range. */
	static final String MONTH_END_MRR_RANGE_STEP = "monthEndMrrRange";

	private static final String CUSTOMER_FROM = "customerFrom";

	private static final String CUSTOMER_TO = "customerTo";

	private static final String CONVERT_CURRENCIES = "convertCurrencies";

	private static final String FROM_MONTH = "fromMonth";

	/**
	 * The month's tables that are not partitioned by month (see {@link StagingPartitions}): cleared
	 * when the month starts, the quarantine of an earlier attempt included.
	 */
	private static final String[] MONTH_TABLES = { "staging.fx_rate", "staging.churned_customer", "staging.data_quality",
			"staging.shared_key_row", "quality.quarantined_row" };

	private final JobRepository jobRepository;

	private final PlatformTransactionManager transactionManager;

	private final ChurnProperties properties;

	/**
	 * @param structuredLogFormat the structured format of the console's log lines ({@code --log-format
	 * json}), empty for text: it decides where a failed step's stack trace goes
	 */
	public MonthlyChurnJobConfiguration(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			ChurnProperties properties, @Value("${logging.structured.format.console:}") String structuredLogFormat) {
		this.jobRepository = creatingStepsOneAtATime(jobRepository);
		this.transactionManager = transactionManager;
		this.properties = properties;
		this.stepLogging = new StepLoggingListener(!structuredLogFormat.isBlank());
	}

	@Bean
	Job monthlyChurnJob(Step prepareMonthStep, Step extractCustomersStep, Step extractSubscriptionsStep,
			Step extractInvoicesStep, Step extractCancellationsStep, Step checkSourceDataStep,
			Step mergeInvoiceHistoryStep, Step computeMonthEndMrrStep, Step classifyChurnStep, Step computeMetricsStep,
			Step writeCsvFilesStep, Step renderReportStep, Step publishFilesStep, StopOnShutdown stopOnShutdown) {
		// the sources are copied side by side, churn.partitions at a time: each extract reads its own
		// source into its own staging table in a transaction of its own, and the check waits for all
		Flow extracts = new FlowBuilder<Flow>("extractSourcesFlow").split(sideBySide("source-extract-"))
			.add(alone(extractCustomersStep), alone(extractSubscriptionsStep), alone(extractInvoicesStep),
					alone(extractCancellationsStep))
			.build();
		FlowBuilder<FlowJobBuilder> checked = new JobBuilder(JOB_NAME, jobRepository).flow(prepareMonthStep)
			.next(extracts)
			.next(checkSourceDataStep);
		if (properties.definition() == ChurnDefinition.ACTIVITY) {
			// month-end MRR is computed from the invoice history, which the merge brings to the month
			checked = checked.next(mergeInvoiceHistoryStep).next(computeMonthEndMrrStep).next(classifyChurnStep);
		}
		else {
			// month-end MRR is computed from the subscription periods and the churners classified from
			// it and the cancellations: the invoices are merged into their history beside them, on
			// connections of their own, and the month's metrics wait for both
			Flow churners = new FlowBuilder<Flow>("monthEndMrrFlow").start(computeMonthEndMrrStep)
				.next(classifyChurnStep)
				.build();
			checked = checked.next(new FlowBuilder<Flow>("mergeAndChurnersFlow").split(sideBySide("month-staging-"))
				.add(alone(mergeInvoiceHistoryStep), churners)
				.build());
		}
		return checked.next(computeMetricsStep)
			.next(writeCsvFilesStep)
			.next(renderReportStep)
			.next(publishFilesStep)
			.build()
			.listener(new RunningProcess(jobRepository))
			.listener(new LeftoverFiles())
			.listener(stopOnShutdown)
			.build();
	}

	/**
	 * The step executions named as an operator knows them: the customer ranges of month-end MRR
	 * ({@code monthEndMrrRange:1of2}, ...) are left out when their step is named too.
	 */
	static List<String> byTheirSteps(List<String> stepNames) {
		boolean monthEndMrr = stepNames.contains(MONTH_END_MRR_STEP);
		return stepNames.stream()
			.filter(name -> !(monthEndMrr && name.startsWith(MONTH_END_MRR_RANGE_STEP + ":")))
			.toList();
	}

	/**
	 * The repository with which the job and its steps create their step executions one at a time.
	 * Spring Batch creates each in a SERIALIZABLE transaction (the isolation that keeps two processes
	 * from starting the same month at once), and PostgreSQL may refuse one of two such transactions
	 * running together ("could not serialize access"), as when the extracts start side by side, or
	 * the customer ranges of month-end MRR beside the invoices' merge.
	 */
	private static JobRepository creatingStepsOneAtATime(JobRepository repository) {
		ProxyFactory proxy = new ProxyFactory(repository);
		Object creating = new Object();
		proxy.addAdvice((MethodInterceptor) invocation -> {
			if (!invocation.getMethod().getName().equals("createStepExecution")) {
				return invocation.proceed();
			}
			synchronized (creating) {
				return invocation.proceed();
			}
		});
		return (JobRepository) proxy.getProxy();
	}

	/** A flow of one step, for a split. */
	private static Flow alone(Step step) {
		return new FlowBuilder<Flow>(step.getName()).start(step).build();
	}

	/**
	 * Threads for work that runs side by side, at most {@code churn.partitions} at once: a task
	 * beyond that waits to start, so that no more connections are asked for than the pools hold.
	 */
	private SimpleAsyncTaskExecutor sideBySide(String threadNamePrefix) {
		SimpleAsyncTaskExecutor threads = new SimpleAsyncTaskExecutor(threadNamePrefix);
		threads.setConcurrencyLimit(properties.partitions());
		return threads;
	}

	/**
	 * Clears whatever an earlier, unfinished attempt of the month left in staging, and drops the
	 * staging of months that have completed. The mart is not touched: the month's results replace
	 * the published ones in one transaction, in computeMetricsStep.
	 */
	@Bean
	Step prepareMonthStep(JdbcClient reporting) {
		MonthExecutions monthExecutions = new MonthExecutions(jobRepository);
		return tasklet("prepareMonthStep", (contribution, context) -> {
			LocalDate month = month(contribution).firstDay();
			StagingPartitions.dropCompletedMonths(reporting, month, monthExecutions::isComplete);
			StagingPartitions.prepare(reporting, month);
			for (String table : MONTH_TABLES) {
				reporting.sql("DELETE FROM " + table + " WHERE run_month = :month").param("month", month).update();
			}
			return RepeatStatus.FINISHED;
		});
	}

	// ------------------------------------------------------------------ extract

	@Bean
	Step extractCustomersStep(@Qualifier(DataSourcesConfiguration.BILLING) DataSource billing,
			DataSource reportingDataSource, JdbcClient reporting) {
		return extractStep("extractCustomersStep", SourceQuery.CUSTOMERS, billing, reportingDataSource, reporting);
	}

	@Bean
	Step extractSubscriptionsStep(@Qualifier(DataSourcesConfiguration.BILLING) DataSource billing,
			DataSource reportingDataSource, JdbcClient reporting) {
		return extractStep("extractSubscriptionsStep", SourceQuery.SUBSCRIPTIONS, billing, reportingDataSource,
				reporting);
	}

	@Bean
	Step extractInvoicesStep(@Qualifier(DataSourcesConfiguration.BILLING) DataSource billing,
			DataSource reportingDataSource, JdbcClient reporting) {
		return extractStep("extractInvoicesStep", SourceQuery.INVOICES, billing, reportingDataSource, reporting);
	}

	@Bean
	Step extractCancellationsStep(@Qualifier(DataSourcesConfiguration.CRM) DataSource crm,
			DataSource reportingDataSource, JdbcClient reporting) {
		return extractStep("extractCancellationsStep", SourceQuery.CANCELLATIONS, crm, reportingDataSource, reporting);
	}

	/**
	 * Copies one source query into its staging table in one transaction: the month's earlier rows
	 * of the table are replaced, so a failed, stopped or killed extract simply runs again whole. A
	 * query that asks only for what changed ({@code :changed_since}) is asked for the invoices issued
	 * or paid since the month before when the invoice history allows it (see {@link InvoiceHistory}),
	 * and for the other sources' rows changed since their last extract (see {@link SourceMirror});
	 * what was asked for is recorded in the same transaction.
	 */
	private Step extractStep(String name, SourceQuery<?> query, DataSource source, DataSource reportingDataSource,
			JdbcClient reporting) {
		StopRequests stopRequests = new StopRequests(jobRepository, transactionManager);
		return tasklet(name, (contribution, context) -> {
			StepExecution stepExecution = contribution.getStepExecution();
			MonthJobParameters parameters = MonthJobParameters.from(stepExecution.getJobParameters());
			ReportingMonth month = month(contribution);
			StagingPartitions.emptyQualified(reporting, query.stagingTable(), month.firstDay());
			String operatorSql = query.readOperatorSql(parameters.configDirectory());
			boolean asksForChanges = SourceQuery.asksForChanges(operatorSql);
			Connection reportingConnection = DataSourceUtils.getConnection(reportingDataSource);
			BooleanSupplier stopRequested = () -> stopRequests.isStopping(stepExecution.getJobExecutionId());
			try {
				if (query.mirrored() && asksForChanges) {
					SourceMirror.Extract extract = new SourceMirror(reporting).extract(query, operatorSql, source,
							reportingConnection, month, parameters.asksForWholeHistory(), parameters.backfill(),
							stopRequested);
					stepExecution.setReadCount(extract.rowsRead());
					contribution.incrementWriteCount(extract.rowsStaged());
					return RepeatStatus.FINISHED;
				}
				String changedSince = InvoiceHistory.WHOLE_HISTORY;
				if (!query.mirrored()) {
					InvoiceHistory history = new InvoiceHistory(reporting);
					if (asksForChanges) {
						changedSince = history.changedSince(month, parameters.asksForWholeHistory());
					}
					history.record(month, changedSince);
					log.info("Extracting the {} of {} {}", query.name(), month,
							InvoiceHistory.WHOLE_HISTORY.equals(changedSince) ? "of the whole history"
									: "issued or paid since " + changedSince);
				}
				long rows = StagingCopy.copy(query, operatorSql, source, reportingConnection, month, changedSince,
						stopRequested);
				stepExecution.setReadCount(rows);
				contribution.incrementWriteCount(rows);
				return RepeatStatus.FINISHED;
			}
			catch (StagingCopy.CopyStoppedException ex) {
				throw new JobInterruptedException(ex.getMessage());
			}
		});
	}

	// ------------------------------------------------------------------ check

	/**
	 * Checks the staged source rows against the source contract (package io.churnreport.quality):
	 * offending rows are moved to quality.quarantined_row and the findings recorded, in transactions
	 * of the check's own that commit even when the check then fails the run because too many rows
	 * were quarantined, so that the operator can look at them. Nothing is published here.
	 */
	@Bean
	Step checkSourceDataStep(SourceDataCheck sourceDataCheck) {
		return tasklet("checkSourceDataStep", (contribution, context) -> {
			ReportingMonth month = month(contribution);
			MonthJobParameters parameters = MonthJobParameters.from(contribution.getStepExecution().getJobParameters());
			OffsetDateTime now = OffsetDateTime.now(month.zone());
			SourceDataFindings findings = sourceDataCheck.check(month, now);
			contribution.incrementWriteCount(findings.quarantined());
			QuarantineLimit.enforce(findings, properties.dataQuality().maxQuarantinedPercent(), month,
					parameters.configDirectory());
			return RepeatStatus.FINISHED;
		});
	}

	/**
	 * Merges the month's checked invoices into the invoice history that month-end MRR (in the
	 * activity definition) and hidden churn read, in one transaction, so that it runs again whole.
	 */
	@Bean
	Step mergeInvoiceHistoryStep(JdbcClient reporting, DataSource reportingDataSource) {
		InvoiceHistory history = new InvoiceHistory(reporting);
		return tasklet("mergeInvoiceHistoryStep", cancelledOnStop(reportingDataSource, (contribution, context, stopped) -> {
			contribution.incrementWriteCount(history.merge(month(contribution)));
			return RepeatStatus.FINISHED;
		}));
	}

	// ------------------------------------------------------------------ compute

	/**
	 * Month-end MRR, partitioned: the partitioner stages the exchange rates and splits the month's
	 * customers into {@code churn.partitions} ranges, which the worker step computes in parallel,
	 * each in a transaction of its own. A restart computes again only the ranges that did not
	 * complete (each replaces its own customers' rows). The planner statistics are refreshed once all
	 * ranges are in.
	 */
	@Bean
	Step computeMonthEndMrrStep(JdbcClient reporting, DataSource reportingDataSource,
			Partitioner monthEndMrrPartitioner) {
		MonthEndMrr monthEndMrr = monthEndMrr(reporting);
		Step rangeStep = tasklet(MONTH_END_MRR_RANGE_STEP, cancelledOnStop(reportingDataSource, (contribution, context, stopped) -> {
			ExecutionContext range = contribution.getStepExecution().getExecutionContext();
			CustomerRange customers = new CustomerRange(range.getString(CUSTOMER_FROM, null),
					range.getString(CUSTOMER_TO, null));
			String fromMonth = range.getString(FROM_MONTH, null);
			contribution.incrementWriteCount(monthEndMrr.calculate(month(contribution), customers,
					Boolean.parseBoolean(range.getString(CONVERT_CURRENCIES)),
					fromMonth == null ? null : LocalDate.parse(fromMonth)));
			return RepeatStatus.FINISHED;
		}));
		SimpleAsyncTaskExecutor rangeThreads = sideBySide("month-end-mrr-");
		return new StepBuilder(MONTH_END_MRR_STEP, jobRepository)
			.partitioner(MONTH_END_MRR_RANGE_STEP, monthEndMrrPartitioner)
			.step(rangeStep)
			.gridSize(properties.partitions())
			.taskExecutor(rangeThreads)
			.listener(new StepExecutionListener() {
				@Override
				public ExitStatus afterStep(StepExecution stepExecution) {
					if (stepExecution.getStatus() == BatchStatus.COMPLETED) {
						monthEndMrr.vacuumAndAnalyze();
						new MonthEndMrrHistory(reporting).computed(month(stepExecution));
					}
					return null;
				}
			})
			.listener((StepExecutionListener) stepLogging)
			.build();
	}

	/**
	 * Decides which months the run computes (its own, when the month-end MRR kept from earlier runs
	 * reaches the month before), stages the month's exchange rates (failing on a missing one) and
	 * splits its customers into ranges.
	 */
	@Bean
	@StepScope
	Partitioner monthEndMrrPartitioner(JdbcClient reporting, @Value("#{stepExecution}") StepExecution stepExecution) {
		MonthEndMrr monthEndMrr = monthEndMrr(reporting);
		MonthEndMrrHistory history = new MonthEndMrrHistory(reporting);
		MonthJobParameters parameters = MonthJobParameters.from(stepExecution.getJobParameters());
		return gridSize -> {
			ReportingMonth runMonth = new ReportingMonth(parameters.month(), properties.timeZone());
			String basis = properties.definition().code() + " " + properties.currency() + " " + properties.timeZone().getId();
			LocalDate fromMonth = history.firstMonthToCompute(runMonth, basis, parameters.asksForWholeHistory());
			history.record(runMonth, fromMonth, basis);
			log.info("Computing the month-end MRR of {} {}", runMonth,
					fromMonth == null ? "for every month up to it" : "alone, the months before it kept from earlier runs");
			boolean convert = monthEndMrr.prepare(runMonth, parameters.configDirectory(), fromMonth);
			Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
			List<CustomerRange> ranges = monthEndMrr.ranges(runMonth, gridSize, fromMonth);
			for (CustomerRange customers : ranges) {
				ExecutionContext range = new ExecutionContext();
				if (customers.from() != null) {
					range.putString(CUSTOMER_FROM, customers.from());
				}
				if (customers.to() != null) {
					range.putString(CUSTOMER_TO, customers.to());
				}
				range.putString(CONVERT_CURRENCIES, Boolean.toString(convert));
				if (fromMonth != null) {
					range.putString(FROM_MONTH, fromMonth.toString());
				}
				// step execution names: monthEndMrrRange:1of2, ...
				partitions.put((partitions.size() + 1) + "of" + ranges.size(), range);
			}
			return partitions;
		};
	}

	private MonthEndMrr monthEndMrr(JdbcClient reporting) {
		return new MonthEndMrr(reporting, properties.definition(), properties.currency());
	}

	@Bean
	Step classifyChurnStep(JdbcCursorItemReader<ChurnEvidence> churnEvidenceReader,
			ClassifyChurnProcessor classifyChurnProcessor,
			JdbcBatchItemWriter<ChurnClassification> churnedCustomerWriter) {
		return new StepBuilder("classifyChurnStep", jobRepository)
			.<ChurnEvidence, ChurnClassification>chunk(CLASSIFY_CHUNK_SIZE)
			.reader(churnEvidenceReader)
			.processor(classifyChurnProcessor)
			.writer(churnedCustomerWriter)
			.transactionManager(transactionManager)
			.listener(stepLogging)
			.build();
	}

	@Bean
	@StepScope
	JdbcCursorItemReader<ChurnEvidence> churnEvidenceReader(DataSource reportingDataSource,
			@Value("#{jobParameters['month']}") String month) {
		return CursorReaders.reader("churnEvidenceReader", reportingDataSource, ChurnedCustomerQueries.CHURN_EVIDENCE,
				ChurnedCustomerQueries.evidenceParameters(ReportingMonth.of(month, properties.timeZone())),
				ChurnEvidence.class);
	}

	@Bean
	@StepScope
	ClassifyChurnProcessor classifyChurnProcessor(MonthInputs monthInputs) {
		return new ClassifyChurnProcessor(new ChurnReasonClassifier(ChurnReasonCatalog.of(monthInputs)));
	}

	/** The run's inputs from the configuration directory (reason catalogue, plan), loaded once per job execution. */
	@Bean
	@JobScope
	MonthInputs monthInputs(@Value("#{jobParameters['configDirectory']}") String configDirectory) {
		return new MonthInputs(Path.of(configDirectory));
	}

	@Bean
	@StepScope
	JdbcBatchItemWriter<ChurnClassification> churnedCustomerWriter(DataSource reportingDataSource,
			@Value("#{jobParameters['month']}") String month) {
		LocalDate runMonth = ReportingMonth.parseMonth(month).atDay(1);
		return new JdbcBatchItemWriterBuilder<ChurnClassification>().dataSource(reportingDataSource)
			.sql(ChurnedCustomerQueries.INSERT_CHURNED_CUSTOMER)
			.itemSqlParameterSourceProvider(churned -> new MapSqlParameterSource().addValue("runMonth", runMonth)
				.addValue("customerId", churned.customerId())
				.addValue("mrrLost", churned.mrrLost())
				.addValue("reasonClassCode", churned.reasonClass().code())
				.addValue("category", churned.category())
				.addValue("reasonCode", churned.reasonCode())
				.addValue("reasonLabel", churned.reasonLabel())
				.addValue("competitor", churned.competitor())
				.addValue("endCause", churned.endCause()))
			.assertUpdates(true)
			.build();
	}

	/**
	 * Runs the calculations of the {@link MonthPipeline} in order, then records the run of the month;
	 * a stop asked for ends it between two calculations.
	 */
	@Bean
	Step computeMetricsStep(JdbcClient reporting, DataSource reportingDataSource, MonthPipeline monthPipeline,
			MonthInputs monthInputs) {
		return tasklet("computeMetricsStep", cancelledOnStop(reportingDataSource, (contribution, context, stopped) -> {
			ReportingMonth month = month(contribution);
			MonthJobParameters parameters = MonthJobParameters.from(contribution.getStepExecution().getJobParameters());
			// the calculations look between their parts at what the stop watch found
			MonthContext monthContext = new MonthContext(month, parameters.configDirectory(), parameters.version(),
					monthInputs, stopped);
			contribution.incrementWriteCount(monthPipeline.run(monthContext));
			recordRun(reporting, parameters, month, contribution,
					ChurnReasonCatalog.of(monthInputs).sha256());
			return RepeatStatus.FINISHED;
		}));
	}

	private void recordRun(JdbcClient reporting, MonthJobParameters parameters, ReportingMonth month,
			StepContribution contribution, String classifierSha256) {
		var jobExecution = contribution.getStepExecution().getJobExecution();
		reporting.sql("DELETE FROM mart.month_run WHERE month = :month").param("month", month.firstDay()).update();
		reporting.sql("""
				INSERT INTO mart.month_run (month, job_execution_id, started_at, time_zone, currency, classifier_sha256,
				                            churn_definition, version, requested_by, restatement_reason)
				VALUES (:month, :executionId, now(), :zone, :currency, :classifier, :definition, :version, :requestedBy,
				        :reason)
				""")
			.param("month", month.firstDay())
			.param("executionId", jobExecution.getId())
			.param("zone", month.zone().getId())
			.param("currency", properties.currency())
			.param("classifier", classifierSha256)
			.param("definition", properties.definition().code())
			.param("version", parameters.version())
			.param("requestedBy", parameters.requestedBy())
			.param("reason", parameters.restatementReason())
			.update();
	}

	// ------------------------------------------------------------------ outputs

	@Bean
	Step writeCsvFilesStep(MonthlyCsvWriter csvWriter, MonthlySpreadsheetWriter spreadsheetWriter) {
		return tasklet("writeCsvFilesStep", (contribution, context) -> {
			MonthJobParameters parameters = MonthJobParameters.from(contribution.getStepExecution().getJobParameters());
			Path files = MonthFilesSwitch.startNext(parameters.monthDirectory(), parameters.version());
			ReportingMonth month = month(contribution);
			// side by side, each reading on a connection of its own: the largest dataset (every scored
			// customer) is in both, and either mostly waits for its sorted query or compresses
			List<Integer> written = InParallel.results("churn-report-files-", 2,
					List.of(() -> csvWriter.write(month, files), () -> spreadsheetWriter.write(month, files)));
			contribution.incrementWriteCount(written.stream().mapToInt(Integer::intValue).sum());
			return RepeatStatus.FINISHED;
		});
	}

	/**
	 * Renders every report (a {@link io.churnreport.report.ReportRenderer} bean) of the month to
	 * {@code <name>.pdf}, beside the CSV files in the directory that is published next, and records
	 * their language with the execution, so that {@code render} knows which language the month's own
	 * files are in.
	 */
	@Bean
	Step renderReportStep(MonthlyReportWriter reportWriter) {
		return tasklet("renderReportStep", (contribution, context) -> {
			MonthJobParameters parameters = MonthJobParameters.from(contribution.getStepExecution().getJobParameters());
			Path files = MonthFilesSwitch.next(parameters.monthDirectory(), parameters.version());
			contribution.incrementWriteCount(reportWriter
				.write(month(contribution).firstDay(), properties.locale(), files, List.of())
				.size());
			contribution.getStepExecution()
				.getJobExecution()
				.getExecutionContext()
				.putString(MonthRendering.REPORT_LANGUAGE, properties.locale().toLanguageTag());
			return RepeatStatus.FINISHED;
		});
	}

	/**
	 * Makes the files the run wrote the month's, all at once (see {@link MonthFilesSwitch}); the
	 * previous version's go to {@code versions/v<N-1>}.
	 */
	@Bean
	Step publishFilesStep() {
		return tasklet("publishFilesStep", (contribution, context) -> {
			MonthJobParameters parameters = MonthJobParameters.from(contribution.getStepExecution().getJobParameters());
			MonthFilesSwitch.publish(parameters.monthDirectory(), parameters.version());
			return RepeatStatus.FINISHED;
		});
	}

	// ------------------------------------------------------------------ helpers

	private Step tasklet(String name, Tasklet tasklet) {
		return new StepBuilder(name, jobRepository).tasklet(tasklet, transactionManager).listener((StepExecutionListener) stepLogging).build();
	}

	/**
	 * The work, with its statements on the step's reporting connection cancelled when the operator
	 * asks the run to stop ({@link CancelOnStop}): one statement of a merge or of month-end MRR may
	 * take minutes. The step's transaction then rolls back whole and the step ends stopped, to run
	 * again on restart.
	 */
	private Tasklet cancelledOnStop(DataSource reportingDataSource, WatchedTasklet work) {
		StopRequests stopRequests = new StopRequests(jobRepository, transactionManager);
		return (contribution, context) -> {
			long jobExecutionId = contribution.getStepExecution().getJobExecutionId();
			String step = contribution.getStepExecution().getStepName();
			Connection connection = DataSourceUtils.getConnection(reportingDataSource);
			CancelOnStop watch = CancelOnStop.watch(connection, () -> stopRequests.isStopping(jobExecutionId));
			RepeatStatus status;
			try {
				status = work.execute(contribution, context, watch::stopped);
			}
			catch (Exception ex) {
				watch.close();
				if (watch.stopped()) {
					// a statement cancelled on request fails with the server's "canceling statement"
					JobInterruptedException stop = new JobInterruptedException(step + " stopped on request");
					stop.addSuppressed(ex);
					throw stop;
				}
				throw ex;
			}
			finally {
				watch.close();
				DataSourceUtils.releaseConnection(connection, reportingDataSource);
			}
			if (watch.stopped()) {
				// asked for as the work ended: a cancel request may have reached any of its statements
				throw new JobInterruptedException(step + " stopped on request");
			}
			return status;
		};
	}

	/** A tasklet's work that a stop watch looks after ({@link #cancelledOnStop}). */
	@FunctionalInterface
	private interface WatchedTasklet {

		/** @param stopped whether the watch found a stop asked for, cheap enough to look at often */
		RepeatStatus execute(StepContribution contribution, ChunkContext context, BooleanSupplier stopped)
				throws Exception;

	}

	private ReportingMonth month(StepContribution contribution) {
		return month(contribution.getStepExecution());
	}

	private ReportingMonth month(StepExecution stepExecution) {
		return ReportingMonth.of(stepExecution.getJobParameters().getString(MonthJobParameters.MONTH), properties.timeZone());
	}

}
