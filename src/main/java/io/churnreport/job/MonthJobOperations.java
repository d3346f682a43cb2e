package io.churnreport.job;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Component;

import io.churnreport.cli.CommandOutcome;
import io.churnreport.cli.ExitCodes;
import io.churnreport.extract.SourceQuery;
import io.churnreport.month.ReportingMonth;
import io.churnreport.quality.DataQualityLimitExceededException;
import io.churnreport.system.Failures;
import io.churnreport.system.InvalidConfigurationException;
import io.churnreport.system.OutputWriteException;

/**
 * Runs, restarts, recovers and reports on the monthly job, turning the job repository's states
 * into outcomes an operator can act on.
 */
@Component
public class MonthJobOperations {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

	/** Which source query each extract step runs, to name it when the step fails. */
	private static final Map<String, SourceQuery<?>> STEP_SOURCES = Map.of("extractCustomersStep", SourceQuery.CUSTOMERS,
			"extractSubscriptionsStep", SourceQuery.SUBSCRIPTIONS, "extractInvoicesStep", SourceQuery.INVOICES,
			"extractCancellationsStep", SourceQuery.CANCELLATIONS);

	private final JobOperator jobOperator;

	private final JobRepository jobRepository;

	private final Job monthlyChurnJob;

	public MonthJobOperations(JobOperator jobOperator, JobRepository jobRepository, Job monthlyChurnJob) {
		this.jobOperator = jobOperator;
		this.jobRepository = jobRepository;
		this.monthlyChurnJob = monthlyChurnJob;
	}

	/**
	 * Runs the month; a month whose last execution failed is resumed from the failed step (in the
	 * version of the results that execution was computing).
	 */
	public CommandOutcome run(MonthJobParameters requested) {
		MonthJobParameters parameters = lastExecution(requested.month())
			.map(last -> MonthJobParameters.from(last.getJobParameters())
				.withDirectories(requested.outputDirectory(), requested.configDirectory()))
			.orElse(requested);
		return start(parameters);
	}

	/**
	 * Computes a new version of a completed month after a fix in the sources: the new results
	 * replace the current ones in the mart and the output files, the replaced version stays in
	 * mart_history and under {@code <out>/<month>/versions/}, and restatement.csv lists what changed.
	 */
	public CommandOutcome rerun(MonthJobParameters requested, String reason) {
		String month = ReportingMonth.format(requested.month());
		Optional<JobExecution> last = lastExecution(requested.month());
		if (last.isEmpty()) {
			return new CommandOutcome(ExitCodes.NOTHING_TO_RESTART,
					"Month " + month + " has never run, so there is nothing to rerun: run it with: churn-report run --month " + month);
		}
		if (last.get().getStatus().isRunning()) {
			return alreadyRunning(month, last.get());
		}
		if (last.get().getStatus() != BatchStatus.COMPLETED) {
			return new CommandOutcome(ExitCodes.JOB_FAILED, "Month " + month + " did not complete (execution "
					+ last.get().getId() + " is " + last.get().getStatus() + "): resume it with: churn-report restart --month "
					+ month + "; a forced rerun replaces only a completed month.");
		}
		long version = MonthJobParameters.from(last.get().getJobParameters()).version() + 1;
		return start(new MonthJobParameters(requested.month(), version, requested.outputDirectory(),
				requested.configDirectory(), reason, System.getProperty("user.name")));
	}

	private CommandOutcome start(MonthJobParameters parameters) {
		String month = ReportingMonth.format(parameters.month());
		try {
			JobExecution execution = jobOperator.start(monthlyChurnJob, parameters.toJobParameters());
			return outcome(execution, parameters);
		}
		catch (JobInstanceAlreadyCompleteException ex) {
			JobExecution last = lastExecution(parameters.month()).orElse(null);
			return new CommandOutcome(ExitCodes.ALREADY_COMPLETE, "Month " + month + " is already complete"
					+ (last == null ? "" : " (execution " + last.getId() + ", finished " + format(last.getEndTime()) + ")")
					+ ": nothing was done. Its reports are in " + parameters.monthDirectory() + ".");
		}
		catch (JobExecutionAlreadyRunningException ex) {
			JobExecution running = lastExecution(parameters.month()).orElse(null);
			if (running != null && recoverAbandonedByThisProcess(running)) {
				return start(parameters);
			}
			return alreadyRunning(month, running);
		}
		catch (Exception ex) {
			if (Failures.isConnectionFailure(ex)) {
				return CommandOutcome.databaseUnreachable("Month " + month
						+ " failed: the reporting database could not be reached ("
						+ withoutFinalStop(Failures.connectionMessage(ex)) + "). Check that it is up and CHURN_REPORTING_URL, "
						+ "CHURN_REPORTING_USER and CHURN_REPORTING_PASSWORD; when it can be reached, resume with: "
						+ "churn-report restart --month " + month, ex);
			}
			return new CommandOutcome(ExitCodes.JOB_FAILED, "Month " + month + " could not start: " + Failures.rootMessage(ex));
		}
	}

	/**
	 * The refusal to launch a month whose last execution is still marked running (by this or a
	 * dead process), if it is: asked before anything else, so a second launch is refused at once.
	 */
	public Optional<CommandOutcome> refusalWhileRunning(YearMonth month) {
		return lastExecution(month).filter(last -> last.getStatus().isRunning())
			.map(last -> alreadyRunning(ReportingMonth.format(month), last));
	}

	/** Whether the month's last execution completed. */
	public boolean isComplete(YearMonth month) {
		return lastExecution(month).map(execution -> execution.getStatus() == BatchStatus.COMPLETED).orElse(false);
	}

	/** Resumes the month's failed or stopped execution from the step that did not complete. */
	public CommandOutcome restart(MonthJobParameters parameters) {
		return restart(parameters, false);
	}

	/**
	 * Resumes the month's failed or stopped execution from the step that did not complete or, with
	 * {@code reExtract}, starts its version again from the extract as a new attempt: after the
	 * sources were fixed, the month is extracted and checked anew (the failed attempt stays in the
	 * job repository as it was).
	 */
	public CommandOutcome restart(MonthJobParameters parameters, boolean reExtract) {
		String month = ReportingMonth.format(parameters.month());
		Optional<JobExecution> last = lastExecution(parameters.month());
		if (last.isEmpty()) {
			return new CommandOutcome(ExitCodes.NOTHING_TO_RESTART,
					"Month " + month + " has never run, so there is nothing to restart: run it with: churn-report run --month " + month);
		}
		BatchStatus status = last.get().getStatus();
		if (status == BatchStatus.COMPLETED) {
			return new CommandOutcome(ExitCodes.ALREADY_COMPLETE, "Month " + month + " is already complete (execution "
					+ last.get().getId() + "): nothing to restart."
					+ (reExtract ? " To compute it again from fixed sources: churn-report rerun --month " + month
							+ " --force --reason \"...\"" : ""));
		}
		if (status.isRunning() && !recoverAbandonedByThisProcess(last.get())) {
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
	 * An execution marked as running by this very process, which runs one execution at a time and
	 * is not running it now, was left so when the reporting database was lost before its end could
	 * be recorded: it is marked failed so that a retry can resume it.
	 */
	private boolean recoverAbandonedByThisProcess(JobExecution execution) {
		if (!execution.getStatus().isRunning()
				|| !RunningProcess.ownerOf(execution).map(RunningProcess.Owner::isThisProcess).orElse(false)) {
			return false;
		}
		jobOperator.recover(execution);
		return true;
	}

	/** Marks an execution left running by a process that died as failed, so it can be restarted. */
	public CommandOutcome recover(YearMonth yearMonth) {
		String month = ReportingMonth.format(yearMonth);
		Optional<JobExecution> last = lastExecution(yearMonth);
		if (last.isEmpty() || !last.get().getStatus().isRunning()) {
			return new CommandOutcome(ExitCodes.NOTHING_TO_RESTART, "Month " + month + " has no execution marked as running"
					+ last.map(e -> " (last execution " + e.getId() + " is " + e.getStatus() + ")").orElse("")
					+ ": nothing to recover.");
		}
		JobExecution recovered = jobOperator.recover(last.get());
		return CommandOutcome.ok("Execution " + recovered.getId() + " of " + month + " is now marked " + recovered.getStatus()
				+ ". Resume it with: churn-report restart --month " + month);
	}

	/** Asks the month's running execution to stop at its next chunk boundary. */
	public CommandOutcome stop(YearMonth yearMonth) {
		String month = ReportingMonth.format(yearMonth);
		Optional<JobExecution> last = lastExecution(yearMonth);
		if (last.isEmpty() || !last.get().getStatus().isRunning()) {
			return new CommandOutcome(ExitCodes.NOTHING_TO_RESTART, "Month " + month + " is not running"
					+ last.map(e -> " (last execution " + e.getId() + " is " + e.getStatus() + ")").orElse("")
					+ ": nothing to stop.");
		}
		try {
			jobOperator.stop(last.get());
		}
		catch (Exception ex) {
			return new CommandOutcome(ExitCodes.JOB_FAILED, "Could not stop execution " + last.get().getId() + " of "
					+ month + ": " + Failures.rootMessage(ex));
		}
		return CommandOutcome.ok("Execution " + last.get().getId() + " of " + month
				+ " was asked to stop; it stops at its next chunk boundary. Resume it with: churn-report restart --month "
				+ month);
	}

	/** The executions of one month, or of all months, with their steps. */
	public String status(Optional<YearMonth> month) {
		List<JobInstance> instances = jobRepository.findJobInstances(MonthlyChurnJobConfiguration.JOB_NAME)
			.stream()
			.filter(instance -> month.isEmpty() || instanceMonth(instance).equals(ReportingMonth.format(month.get())))
			.sorted(Comparator.comparing(this::instanceMonth))
			.toList();
		if (instances.isEmpty()) {
			return month.map(m -> "Month " + ReportingMonth.format(m) + " has never run.").orElse("No month has run yet.");
		}
		StringBuilder out = new StringBuilder();
		if (month.isEmpty()) {
			out.append(overview(instances));
		}
		for (JobInstance instance : instances) {
			List<JobExecution> executions = jobRepository.getJobExecutions(instance)
				.stream()
				.sorted(Comparator.comparing(JobExecution::getId))
				.toList();
			out.append("Month ").append(instanceMonth(instance)).append(runLabel(instance)).append('\n');
			for (JobExecution execution : executions) {
				out.append(String.format("  execution %-5d %-9s started %s  ended %s%n", execution.getId(),
						execution.getStatus(), format(execution.getStartTime()), format(execution.getEndTime())));
				String exitDescription = execution.getExitStatus().getExitDescription();
				if (exitDescription != null && !exitDescription.isBlank()) {
					out.append("    ").append(Failures.firstLine(exitDescription)).append('\n');
				}
				if (month.isPresent()) {
					execution.getStepExecutions()
						.stream()
						.sorted(Comparator.comparing(StepExecution::getId))
						.forEach(step -> out.append(String.format("    %-26s %-9s read %8d  written %8d  %6.1f s%n",
								step.getStepName(), step.getStatus(), step.getReadCount(), step.getWriteCount(),
								seconds(step.getStartTime(), step.getEndTime()))));
				}
			}
		}
		return out.toString();
	}

	/** The last complete month, the months missing between the first and the last run, and stale executions. */
	private String overview(List<JobInstance> instances) {
		List<YearMonth> complete = new ArrayList<>();
		List<String> stale = new ArrayList<>();
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
					.ifPresent(owner -> stale.add(ReportingMonth.format(month) + " (execution " + execution.getId()
							+ ", " + owner + ", gone: recover then restart it)"));
			}
		}
		List<String> missing = new ArrayList<>();
		for (YearMonth month = first; month != null && !month.isAfter(last); month = month.plusMonths(1)) {
			if (!complete.contains(month)) {
				missing.add(ReportingMonth.format(month));
			}
		}
		return "Last complete month: " + complete.stream().max(Comparator.naturalOrder()).map(ReportingMonth::format).orElse("none")
				+ "\nMonths not complete between the first and the last run: " + (missing.isEmpty() ? "none" : String.join(", ", missing))
				+ "\nLeft running by a process that no longer exists: " + (stale.isEmpty() ? "none" : String.join("; ", stale))
				+ "\n\n";
	}

	/** The last execution of the month's latest version of results, in its latest attempt. */
	private Optional<JobExecution> lastExecution(YearMonth month) {
		JobInstance latest = null;
		for (long version = 1;; version++) {
			JobInstance instance = instance(month, version, 1);
			if (instance == null) {
				break;
			}
			latest = instance;
			for (long attempt = 2;; attempt++) {
				JobInstance retried = instance(month, version, attempt);
				if (retried == null) {
					break;
				}
				latest = retried;
			}
		}
		return Optional.ofNullable(latest).map(jobRepository::getLastJobExecution);
	}

	private JobInstance instance(YearMonth month, long version, long attempt) {
		return jobRepository.getJobInstance(MonthlyChurnJobConfiguration.JOB_NAME,
				MonthJobParameters.identifying(month, version, attempt));
	}

	/** ", version 2, attempt 3" for a rerun or a re-extract; nothing for the first run of a month. */
	private String runLabel(JobInstance instance) {
		JobExecution last = jobRepository.getLastJobExecution(instance);
		if (last == null) {
			return "";
		}
		MonthJobParameters parameters = MonthJobParameters.from(last.getJobParameters());
		return (parameters.version() > 1 ? ", version " + parameters.version() : "")
				+ (parameters.attempt() > 1 ? ", attempt " + parameters.attempt() + " (re-extracted)" : "");
	}

	private String instanceMonth(JobInstance instance) {
		JobExecution last = jobRepository.getLastJobExecution(instance);
		return last == null ? "?" : last.getJobParameters().getString(MonthJobParameters.MONTH);
	}

	private CommandOutcome outcome(JobExecution execution, MonthJobParameters parameters) {
		String month = ReportingMonth.format(parameters.month());
		if (execution.getStatus() == BatchStatus.COMPLETED && parameters.version() > 1) {
			return CommandOutcome.ok("Month " + month + " restated as version " + parameters.version() + " (execution "
					+ execution.getId() + "): reports in " + parameters.monthDirectory() + ", what changed in "
					+ parameters.monthDirectory().resolve("restatement.csv") + ", version " + (parameters.version() - 1)
					+ " kept in " + parameters.monthDirectory().resolve("versions").resolve("v" + (parameters.version() - 1)));
		}
		if (execution.getStatus() == BatchStatus.COMPLETED) {
			return CommandOutcome.ok("Month " + month + " completed (execution " + execution.getId() + "): reports in "
					+ parameters.monthDirectory());
		}
		// the last one: when a customer range of a partitioned step fails, its manager step fails
		// after it, with only "a partition failed", and the range has the cause
		StepExecution failedStep = execution.getStepExecutions()
			.stream()
			.filter(step -> step.getStatus() != BatchStatus.COMPLETED)
			.max(Comparator.comparing(StepExecution::getId))
			.orElse(null);
		Throwable failure = failedStep != null && !failedStep.getFailureExceptions().isEmpty()
				? failedStep.getFailureExceptions().get(0)
				: execution.getAllFailureExceptions().stream().findFirst().orElse(null);
		String stepName = failedStep == null ? "the job" : "step " + failedStep.getStepName();
		SourceQuery<?> source = failedStep == null ? null : STEP_SOURCES.get(failedStep.getStepName());
		String restart = (source == null ? "" : " Check " + source.path(parameters.configDirectory()) + ".")
				+ " Fix the cause, then resume with: churn-report restart --month " + month;
		if (failure != null && Failures.isConnectionFailure(failure)) {
			String database = source == null ? "reporting" : source.database();
			String variable = "CHURN_" + database.toUpperCase(java.util.Locale.ROOT);
			return CommandOutcome.databaseUnreachable("Month " + month + " failed in " + stepName
					+ " (execution " + execution.getId() + "): the " + database + " database could not be reached ("
					+ withoutFinalStop(Failures.connectionMessage(failure)) + "). Check that it is up and "
					+ variable + "_URL, " + variable + "_USER and " + variable + "_PASSWORD; when it can be reached, resume with: "
					+ "churn-report restart --month " + month + " (the completed steps are not repeated)", failure);
		}
		OutputWriteException output = failure == null ? null : Failures.cause(failure, OutputWriteException.class);
		if (output != null) {
			return new CommandOutcome(ExitCodes.JOB_FAILED, "Month " + month + " failed in " + stepName + " (execution "
					+ execution.getId() + "): " + withoutFinalStop(output.getMessage()) + ". The month's earlier files there are "
					+ "unchanged and no partial file was left. Free space on that disk or check the directory's permissions, "
					+ "then resume with: churn-report restart --month " + month);
		}
		DataQualityLimitExceededException dataQuality = failure == null ? null
				: Failures.cause(failure, DataQualityLimitExceededException.class);
		if (dataQuality != null) {
			return new CommandOutcome(ExitCodes.DATA_QUALITY_LIMIT, "Month " + month + " failed in " + stepName
					+ " (execution " + execution.getId() + "): " + dataQuality.getMessage());
		}
		int exitCode = failure != null && Failures.hasCause(failure, InvalidConfigurationException.class)
				? ExitCodes.BAD_CONFIGURATION : ExitCodes.JOB_FAILED;
		return new CommandOutcome(exitCode, "Month " + month + " " + execution.getStatus().name().toLowerCase() + " in "
				+ stepName + " (execution " + execution.getId() + "): "
				+ withoutFinalStop(failure == null ? execution.getExitStatus().getExitDescription() : Failures.rootMessage(failure))
				+ "." + restart);
	}

	private CommandOutcome alreadyRunning(String month, JobExecution running) {
		String recover = "mark it failed with: churn-report recover --month " + month
				+ ", then resume it with: churn-report restart --month " + month;
		if (running == null) {
			return new CommandOutcome(ExitCodes.ALREADY_RUNNING, "Month " + month + " is already running. If no "
					+ "churn-report process is running it any more (it was killed or the machine stopped), " + recover);
		}
		String execution = "execution " + running.getId() + ", started " + format(running.getStartTime());
		Optional<RunningProcess.Owner> owner = RunningProcess.ownerOf(running);
		if (owner.isPresent() && owner.get().isGone()) {
			return new CommandOutcome(ExitCodes.ALREADY_RUNNING, "Month " + month + " was left marked as running ("
					+ execution + ") by " + owner.get() + ", which no longer exists (it was killed or the machine stopped): "
					+ recover);
		}
		return new CommandOutcome(ExitCodes.ALREADY_RUNNING, "Month " + month + " is already running (" + execution
				+ owner.map(o -> ", in " + o).orElse("") + "). Wait for it to finish; if that process no longer runs, "
				+ recover);
	}

	private static String withoutFinalStop(String message) {
		return message != null && message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
	}

	private static String format(LocalDateTime time) {
		return time == null ? "-" : time.format(TIME);
	}

	private static double seconds(LocalDateTime start, LocalDateTime end) {
		return start == null || end == null ? 0 : Duration.between(start, end).toMillis() / 1000.0;
	}

}
