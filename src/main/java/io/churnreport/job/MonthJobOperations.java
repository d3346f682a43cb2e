package io.churnreport.job;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Component;

import io.churnreport.extract.SourceQuery;
import io.churnreport.job.MonthOutcome.AlreadyComplete;
import io.churnreport.job.MonthOutcome.AlreadyRunning;
import io.churnreport.job.MonthOutcome.Cause;
import io.churnreport.job.MonthOutcome.Completed;
import io.churnreport.job.MonthOutcome.Execution;
import io.churnreport.job.MonthOutcome.Failed;
import io.churnreport.job.MonthOutcome.NeverRun;
import io.churnreport.job.MonthOutcome.NotComplete;
import io.churnreport.job.MonthOutcome.NotRunning;
import io.churnreport.job.MonthOutcome.NotStarted;
import io.churnreport.job.MonthOutcome.RecoverRefused;
import io.churnreport.job.MonthOutcome.Recovered;
import io.churnreport.job.MonthOutcome.Request;
import io.churnreport.job.MonthOutcome.StopRefused;
import io.churnreport.job.MonthOutcome.StopRequested;
import io.churnreport.job.MonthOutcome.Stopped;
import io.churnreport.month.ReportingMonth;
import io.churnreport.quality.DataQualityLimitExceededException;
import io.churnreport.system.Failures;
import io.churnreport.system.InvalidConfigurationException;
import io.churnreport.system.OutputWriteException;

/**
 * Runs, restarts, recovers and stops the monthly job and reads its history, through Spring
 * Batch's {@link JobOperator} and {@link JobRepository}; each operation returns a
 * {@link MonthOutcome} saying what happened, which {@code cli} puts into words.
 */
@Component
public class MonthJobOperations {

	private static final Logger log = LoggerFactory.getLogger(MonthJobOperations.class);

	/** Which source query each extract step runs, to name it when the step fails. */
	private static final Map<String, SourceQuery<?>> STEP_SOURCES = Map.of("extractCustomersStep", SourceQuery.CUSTOMERS,
			"extractSubscriptionsStep", SourceQuery.SUBSCRIPTIONS, "extractInvoicesStep", SourceQuery.INVOICES,
			"extractCancellationsStep", SourceQuery.CANCELLATIONS);

	/** How often, and how long apart, a launch that collided with another looks for the other's execution. */
	private static final int LAUNCH_RACE_WAITS = 30;

	private static final long LAUNCH_RACE_WAIT_MILLIS = 100;

	private final JobOperator jobOperator;

	private final JobRepository jobRepository;

	private final Job monthlyChurnJob;

	private final MonthExecutions monthExecutions;

	private final StopOnShutdown stopOnShutdown;

	public MonthJobOperations(JobOperator jobOperator, JobRepository jobRepository, Job monthlyChurnJob,
			StopOnShutdown stopOnShutdown) {
		this.jobOperator = jobOperator;
		this.jobRepository = jobRepository;
		this.monthlyChurnJob = monthlyChurnJob;
		this.monthExecutions = new MonthExecutions(jobRepository);
		this.stopOnShutdown = stopOnShutdown;
	}

	/** The extract steps by name, with the source each reads. */
	public static Map<String, SourceQuery<?>> extractSteps() {
		return STEP_SOURCES;
	}

	/**
	 * Runs the month; a month whose last execution failed is resumed from the failed step (in the
	 * version of the results that execution was computing).
	 */
	public MonthOutcome run(MonthJobParameters requested) {
		Optional<JobExecution> last = lastExecution(requested.month());
		if (last.isPresent() && isLeftOver(last.get()) && !recoverLeftOver(last.get())) {
			return alreadyRunning(requested.month(), last.get());
		}
		MonthJobParameters parameters = last
			.map(execution -> MonthJobParameters.from(execution.getJobParameters())
				.withDirectories(requested.outputDirectory(), requested.configDirectory())
				.withBackfill(requested.backfill()))
			.orElse(requested);
		return start(parameters);
	}

	/**
	 * Computes a new version of a completed month after a fix in the sources: the new results
	 * replace the current ones in the mart and the output files, the replaced version stays in
	 * mart_history and under {@code <out>/<month>/versions/}, and restatement.csv lists what changed.
	 */
	public MonthOutcome rerun(MonthJobParameters requested, String reason) {
		YearMonth month = requested.month();
		Optional<JobExecution> last = lastExecution(month);
		if (last.isEmpty()) {
			return new NeverRun(month, Request.RERUN);
		}
		if (last.get().getStatus().isRunning()) {
			return alreadyRunning(month, last.get());
		}
		if (last.get().getStatus() != BatchStatus.COMPLETED) {
			return new NotComplete(month, Request.RERUN, Execution.of(last.get()));
		}
		long version = MonthJobParameters.from(last.get().getJobParameters()).version() + 1;
		return start(new MonthJobParameters(month, version, requested.outputDirectory(), requested.configDirectory(),
				reason, System.getProperty("user.name")));
	}

	private MonthOutcome start(MonthJobParameters parameters) {
		YearMonth month = parameters.month();
		try {
			JobExecution execution = jobOperator.start(monthlyChurnJob, parameters.toJobParameters());
			return outcome(execution, parameters);
		}
		catch (JobInstanceAlreadyCompleteException ex) {
			Optional<JobExecution> last = lastExecution(month);
			return new AlreadyComplete(month, Request.RUN, last.map(Execution::of),
					writtenMonthDirectory(last, parameters.monthDirectory()));
		}
		catch (JobExecutionAlreadyRunningException ex) {
			JobExecution running = lastExecution(month).orElse(null);
			if (running != null && recoverLeftOver(running)) {
				return start(parameters);
			}
			return running == null ? new AlreadyRunning(month, Optional.empty(), Optional.empty())
					: alreadyRunning(month, running);
		}
		catch (Exception ex) {
			if (Failures.isConnectionFailure(ex)) {
				return new NotStarted(month, new Cause.DatabaseUnreachable(Cause.DatabaseUnreachable.REPORTING,
						Failures.connectionMessage(ex), Failures.isLoginRefused(ex)));
			}
			return launchedMeanwhile(parameters)
				.orElseGet(() -> new NotStarted(month, new Cause.Error(Failures.rootMessage(ex))));
		}
	}

	/**
	 * When a launch failed because another process launched the month at the same moment (Spring
	 * Batch creates the job instance and then its execution, each in a transaction of its own: a
	 * launch in between finds an instance without an execution, and two that create the same
	 * instance or execution at once collide), the refusal that the month is already running.
	 */
	private Optional<MonthOutcome> launchedMeanwhile(MonthJobParameters parameters) {
		YearMonth month = parameters.month();
		JobInstance instance = jobRepository.getJobInstance(MonthlyChurnJobConfiguration.JOB_NAME,
				MonthJobParameters.identifying(month, parameters.version(), parameters.attempt()));
		if (instance == null) {
			return Optional.empty();
		}
		// the other launch creates its execution a moment after its instance
		for (int wait = 0; wait < LAUNCH_RACE_WAITS; wait++) {
			JobExecution last = jobRepository.getLastJobExecution(instance);
			if (last != null) {
				boolean others = RunningProcess.ownerOf(last).map(owner -> !owner.isThisProcess()).orElse(true);
				return last.getStatus().isRunning() && others ? Optional.of(alreadyRunning(month, last))
						: Optional.empty();
			}
			try {
				Thread.sleep(LAUNCH_RACE_WAIT_MILLIS);
			}
			catch (InterruptedException interrupted) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		return Optional.of(new AlreadyRunning(month, Optional.empty(), Optional.empty()));
	}

	/**
	 * The refusal to launch a month whose last execution is still marked running (or UNKNOWN) by a
	 * process that may still run it, if it is: asked before anything else, so a second launch is
	 * refused at once. One whose process is known to be gone is not refused: the launch recovers it.
	 */
	public Optional<MonthOutcome> refusalWhileRunning(YearMonth month) {
		return lastExecution(month).filter(last -> isLeftOver(last) && !isRecoverable(last))
			.map(last -> alreadyRunning(month, last));
	}

	/**
	 * What {@link #run} would answer without starting anything, for a dry run: the month's last
	 * execution still marked running, or completed; empty when the month would run (or resume).
	 */
	public Optional<MonthOutcome> refusalOfRun(YearMonth month, Path monthDirectory) {
		Optional<JobExecution> last = lastExecution(month);
		if (last.isPresent() && isLeftOver(last.get()) && !isRecoverable(last.get())) {
			return Optional.of(alreadyRunning(month, last.get()));
		}
		if (last.isPresent() && last.get().getStatus() == BatchStatus.COMPLETED) {
			return Optional.of(new AlreadyComplete(month, Request.RUN, last.map(Execution::of),
					writtenMonthDirectory(last, monthDirectory)));
		}
		return Optional.empty();
	}

	/** Whether the month's last execution completed. */
	public boolean isComplete(YearMonth month) {
		return monthExecutions.isComplete(month);
	}

	/** Resumes the month's failed or stopped execution from the step that did not complete. */
	public MonthOutcome restart(MonthJobParameters parameters) {
		return restart(parameters, false);
	}

	/**
	 * Resumes the month's failed or stopped execution from the step that did not complete or, with
	 * {@code reExtract}, starts its version again from the extract as a new attempt: after the
	 * sources were fixed, the month is extracted and checked anew (the failed attempt stays in the
	 * job repository as it was).
	 */
	public MonthOutcome restart(MonthJobParameters parameters, boolean reExtract) {
		YearMonth month = parameters.month();
		Request request = reExtract ? Request.RE_EXTRACT : Request.RESTART;
		Optional<JobExecution> last = lastExecution(month);
		if (last.isEmpty()) {
			return new NeverRun(month, request);
		}
		BatchStatus status = last.get().getStatus();
		if (status == BatchStatus.COMPLETED) {
			return new AlreadyComplete(month, request, last.map(Execution::of),
					writtenMonthDirectory(last, parameters.monthDirectory()));
		}
		if (isLeftOver(last.get()) && !recoverLeftOver(last.get())) {
			return alreadyRunning(month, last.get());
		}
		if (reExtract) {
			return start(MonthJobParameters.from(last.get().getJobParameters())
				.withDirectories(parameters.outputDirectory(), parameters.configDirectory())
				.nextAttempt());
		}
		return run(parameters);
	}

	/**
	 * Whether the execution stands in the way of a launch: marked running, or UNKNOWN (its end could
	 * not be recorded, e.g. the reporting database was lost), which Spring Batch refuses to restart.
	 */
	private static boolean isLeftOver(JobExecution execution) {
		return execution.getStatus().isRunning() || execution.getStatus() == BatchStatus.UNKNOWN;
	}

	/**
	 * Whether a left-over execution's process is known to be done with it: this very process, which
	 * runs one execution at a time and is not running it now (the reporting database was lost before
	 * its end could be recorded), or a process on this host that no longer exists (killed, or
	 * stopped by a crash).
	 */
	private static boolean isRecoverable(JobExecution execution) {
		return RunningProcess.ownerOf(execution)
			.map(owner -> owner.isThisProcess() || owner.isGone())
			.orElse(false);
	}

	/**
	 * Marks a left-over execution whose process is done with it as failed, so that it can be
	 * resumed; false, touching nothing, when its process may still be running it.
	 */
	private boolean recoverLeftOver(JobExecution execution) {
		if (!isRecoverable(execution)) {
			return false;
		}
		RunningProcess.Owner owner = RunningProcess.ownerOf(execution).orElseThrow();
		if (!owner.isThisProcess()) {
			log.warn("Execution {} of {} was left {} by process {} on {}, which {}: marking it FAILED and resuming it",
					execution.getId(), execution.getJobParameters().getString(MonthJobParameters.MONTH),
					execution.getStatus(), owner.pid(), owner.host(), owner.isOnThisHost() ? "no longer exists"
							: "has given no sign of life for more than " + RunningProcess.LEASE.toMinutes() + " minutes");
		}
		markFailed(execution);
		return true;
	}

	/**
	 * Marks a left-over execution, and its steps that did not end, failed through the job
	 * repository. An UNKNOWN one is safe to resume: each step keeps its rows and its own progress
	 * in the reporting database in the same transaction, so what the lost end did not record was
	 * rolled back with it.
	 */
	private JobExecution markFailed(JobExecution execution) {
		if (execution.getStatus().isRunning()) {
			return jobOperator.recover(execution);
		}
		LocalDateTime now = LocalDateTime.now();
		for (StepExecution step : execution.getStepExecutions()) {
			if (step.getStatus().isRunning() || step.getStatus() == BatchStatus.UNKNOWN) {
				step.setStatus(BatchStatus.FAILED);
				step.setExitStatus(ExitStatus.FAILED.addExitDescription(step.getExitStatus().getExitDescription()));
				step.setEndTime(now);
				jobRepository.update(step);
			}
		}
		execution.setStatus(BatchStatus.FAILED);
		execution.setExitStatus(ExitStatus.FAILED.addExitDescription(execution.getExitStatus().getExitDescription()));
		if (execution.getEndTime() == null) {
			execution.setEndTime(now);
		}
		jobRepository.update(execution);
		return execution;
	}

	/**
	 * Marks an execution left running or UNKNOWN by a process that is gone as failed, so it can be
	 * restarted; refused while its process is alive on this host.
	 */
	public MonthOutcome recover(YearMonth month) {
		Optional<JobExecution> last = lastExecution(month);
		if (last.isEmpty() || !isLeftOver(last.get())) {
			return new NotRunning(month, Request.RECOVER, last.map(Execution::of));
		}
		Optional<RunningProcess.Owner> owner = RunningProcess.ownerOf(last.get());
		if (owner.isPresent() && owner.get().isKnownAlive() && !owner.get().isThisProcess()) {
			return new RecoverRefused(month, Execution.of(last.get()), owner.get());
		}
		// with its process gone, nothing writes the month's files any more: its temporary files go too
		boolean ownerGone = owner.map(RunningProcess.Owner::isGone).orElse(false);
		Recovered recovered = new Recovered(month, Execution.of(markFailed(last.get())));
		LeftoverFiles.remove(MonthJobParameters.from(last.get().getJobParameters()),
				ownerGone ? Instant.now() : LeftoverFiles.processStart());
		return recovered;
	}

	/**
	 * Asks the execution this process runs to stop at its next safe point, as the {@code stop}
	 * command would, because the process was asked to end; one it starts from now on stops at once.
	 * @return the stop asked for, when an execution was running
	 */
	public Optional<MonthOutcome> stopOnShutdown() {
		return stopOnShutdown.request().map(execution -> new StopRequested(
				ReportingMonth.parseMonth(execution.getJobParameters().getString(MonthJobParameters.MONTH)),
				execution.getId()));
	}

	/** Asks the month's running execution to stop at its next safe point. */
	public MonthOutcome stop(YearMonth month) {
		Optional<JobExecution> last = lastExecution(month);
		if (last.isEmpty() || !last.get().getStatus().isRunning()) {
			return new NotRunning(month, Request.STOP, last.map(Execution::of));
		}
		try {
			jobOperator.stop(last.get());
		}
		catch (Exception ex) {
			return new StopRefused(month, last.get().getId(), Failures.rootMessage(ex));
		}
		return new StopRequested(month, last.get().getId());
	}

	/** The history of one month, or of all months, with their executions and steps. */
	public MonthStatus status(Optional<YearMonth> month) {
		List<JobInstance> instances = jobRepository.findJobInstances(MonthlyChurnJobConfiguration.JOB_NAME)
			.stream()
			.filter(instance -> month.isEmpty() || month.equals(instanceMonth(instance)))
			.sorted(Comparator.comparing(instance -> instanceMonth(instance).orElse(YearMonth.of(1, 1))))
			.toList();
		List<MonthStatus.Run> runs = new ArrayList<>();
		for (JobInstance instance : instances) {
			List<JobExecution> executions = jobRepository.getJobExecutions(instance)
				.stream()
				.sorted(Comparator.comparing(JobExecution::getId))
				.toList();
			JobExecution last = jobRepository.getLastJobExecution(instance);
			MonthJobParameters parameters = last == null ? null : MonthJobParameters.from(last.getJobParameters());
			runs.add(new MonthStatus.Run(instanceMonth(instance), parameters == null ? 1 : parameters.version(),
					parameters == null ? 1 : parameters.attempt(),
					executions.stream().map(MonthJobOperations::executionStatus).toList()));
		}
		return new MonthStatus(month, month.isEmpty() && !instances.isEmpty() ? Optional.of(overview(instances))
				: Optional.empty(), runs);
	}

	private static MonthStatus.ExecutionStatus executionStatus(JobExecution execution) {
		String exitDescription = execution.getExitStatus().getExitDescription();
		return new MonthStatus.ExecutionStatus(Execution.of(execution),
				Optional.ofNullable(exitDescription).filter(description -> !description.isBlank()),
				execution.getStepExecutions()
					.stream()
					.sorted(Comparator.comparing(StepExecution::getId))
					.map(step -> new MonthStatus.StepStatus(step.getStepName(), step.getStatus(), step.getReadCount(),
							step.getWriteCount(), Optional.ofNullable(step.getStartTime()),
							Optional.ofNullable(step.getEndTime())))
					.toList());
	}

	/** The last complete month, the months missing between the first and the last run, and stale executions. */
	private MonthStatus.Overview overview(List<JobInstance> instances) {
		List<YearMonth> complete = new ArrayList<>();
		List<MonthStatus.Stale> stale = new ArrayList<>();
		YearMonth first = null;
		YearMonth last = null;
		for (JobInstance instance : instances) {
			JobExecution execution = jobRepository.getLastJobExecution(instance);
			if (execution == null) {
				continue;
			}
			YearMonth month = ReportingMonth.parseMonth(execution.getJobParameters().getString(MonthJobParameters.MONTH));
			first = first == null || month.isBefore(first) ? month : first;
			last = last == null || month.isAfter(last) ? month : last;
			if (execution.getStatus() == BatchStatus.COMPLETED) {
				complete.add(month);
			}
			else if (execution.getStatus().isRunning()) {
				RunningProcess.ownerOf(execution)
					.filter(RunningProcess.Owner::isGone)
					.ifPresent(owner -> stale.add(new MonthStatus.Stale(month, execution.getId(), owner)));
			}
		}
		List<YearMonth> notComplete = new ArrayList<>();
		for (YearMonth month = first; month != null && !month.isAfter(last); month = month.plusMonths(1)) {
			if (!complete.contains(month)) {
				notComplete.add(month);
			}
		}
		return new MonthStatus.Overview(complete.stream().max(Comparator.naturalOrder()), notComplete, stale);
	}

	private Optional<JobExecution> lastExecution(YearMonth month) {
		return monthExecutions.last(month);
	}

	private Optional<YearMonth> instanceMonth(JobInstance instance) {
		JobExecution last = jobRepository.getLastJobExecution(instance);
		return last == null ? Optional.empty()
				: Optional.of(ReportingMonth.parseMonth(last.getJobParameters().getString(MonthJobParameters.MONTH)));
	}

	/**
	 * Where the month's completed execution wrote its reports (its own --out, which need not be the
	 * one asked now), or the given directory when that is not known.
	 */
	private static Path writtenMonthDirectory(Optional<JobExecution> completed, Path requested) {
		return completed
			.map(execution -> execution.getJobParameters().getString(MonthJobParameters.OUTPUT_DIRECTORY))
			.map(output -> Path.of(output).resolve(requested.getFileName()))
			.orElse(requested);
	}

	private MonthOutcome outcome(JobExecution execution, MonthJobParameters parameters) {
		YearMonth month = parameters.month();
		if (execution.getStatus() == BatchStatus.COMPLETED) {
			return new Completed(month, execution.getId(), parameters.version(), parameters.monthDirectory());
		}
		BatchStatus status = execution.getStatus();
		if (status == BatchStatus.UNKNOWN) {
			status = failedOnceRecordable(execution);
		}
		// the last one: when a customer range of a partitioned step fails, its manager step fails
		// after it, with only "a partition failed", and the range has the cause
		Optional<StepExecution> failedStep = execution.getStepExecutions()
			.stream()
			.filter(step -> step.getStatus() != BatchStatus.COMPLETED)
			.max(Comparator.comparing(StepExecution::getId));
		Throwable failure = failedStep.filter(step -> !step.getFailureExceptions().isEmpty())
			.map(step -> step.getFailureExceptions().get(0))
			.orElseGet(() -> execution.getAllFailureExceptions().stream().findFirst().orElse(null));
		if (status == BatchStatus.STOPPED) {
			List<String> stopped = executionStatus(execution).stoppedIn();
			if (!stopped.isEmpty()) {
				return new Stopped(month, execution.getId(), stopped, false, stopOnShutdown.wasRequested());
			}
			// stopped between steps, the last step to run completed
			Optional<StepExecution> lastStep = execution.getStepExecutions()
				.stream()
				.max(Comparator.comparing(StepExecution::getId));
			return new Stopped(month, execution.getId(), lastStep.map(StepExecution::getStepName).stream().toList(),
					lastStep.isPresent(), stopOnShutdown.wasRequested());
		}
		Optional<SourceQuery<?>> source = failedStep.map(step -> STEP_SOURCES.get(step.getStepName()));
		Optional<Path> sourceQuery = source.map(query -> query.path(parameters.configDirectory()));
		return new Failed(month, execution.getId(), status, failedStep.map(StepExecution::getStepName),
				sourceQuery, cause(failure, source.map(SourceQuery::database).orElse(Cause.DatabaseUnreachable.REPORTING),
						execution.getExitStatus().getExitDescription()));
	}

	/**
	 * An execution of this process that ended UNKNOWN (its failure could not be recorded, as the
	 * reporting database was lost) is marked FAILED as soon as the database answers again, so that
	 * it can be resumed; while it does not, it stays UNKNOWN and the next launch marks it.
	 */
	private BatchStatus failedOnceRecordable(JobExecution execution) {
		try {
			JobExecution stored = jobRepository.getJobExecution(execution.getId());
			if (stored != null && stored.getStatus() == BatchStatus.UNKNOWN) {
				markFailed(stored);
			}
			return BatchStatus.FAILED;
		}
		catch (RuntimeException ex) {
			log.debug("Execution {} stays UNKNOWN for now: {}", execution.getId(), ex.getMessage());
			return BatchStatus.UNKNOWN;
		}
	}

	/** What the operator's next move depends on in a step's failure. */
	static Cause cause(Throwable failure, String database, String exitDescription) {
		if (failure == null) {
			return new Cause.Error(exitDescription);
		}
		if (Failures.isConnectionFailure(failure)) {
			return new Cause.DatabaseUnreachable(database, Failures.connectionMessage(failure),
					Failures.isLoginRefused(failure));
		}
		OutputWriteException output = Failures.cause(failure, OutputWriteException.class);
		if (output != null) {
			return new Cause.OutputNotWritten(output.getMessage());
		}
		DataQualityLimitExceededException dataQuality = Failures.cause(failure, DataQualityLimitExceededException.class);
		if (dataQuality != null) {
			return new Cause.DataQualityLimit(dataQuality.getMessage());
		}
		if (Failures.hasCause(failure, InvalidConfigurationException.class)) {
			return new Cause.BadConfiguration(Failures.rootMessage(failure));
		}
		return new Cause.Error(Failures.rootMessage(failure));
	}

	static AlreadyRunning alreadyRunning(YearMonth month, JobExecution running) {
		return new AlreadyRunning(month, Optional.of(Execution.of(running)), RunningProcess.ownerOf(running));
	}

}
