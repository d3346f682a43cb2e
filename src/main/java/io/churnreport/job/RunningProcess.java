package io.churnreport.job;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Optional;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Records which process (host, pid and the process's start time) runs an execution, so that an
 * execution left marked as running by a process that died can be told apart from one that is
 * really running, also when the pid has since been given to another process.
 */
public class RunningProcess implements JobExecutionListener {

	static final String HOST = "process.host";

	static final String PID = "process.pid";

	static final String STARTED = "process.started";

	private final JobRepository jobRepository;

	public RunningProcess(JobRepository jobRepository) {
		this.jobRepository = jobRepository;
	}

	@Override
	public void beforeJob(JobExecution execution) {
		execution.getExecutionContext().putString(HOST, thisHost());
		execution.getExecutionContext().putLong(PID, ProcessHandle.current().pid());
		startTime(ProcessHandle.current())
			.ifPresent(started -> execution.getExecutionContext().putLong(STARTED, started.toEpochMilli()));
		jobRepository.updateExecutionContext(execution);
	}

	/**
	 * What is known of the process that ran (or runs) an execution; {@code started} is empty for an
	 * execution recorded before start times were.
	 */
	public record Owner(String host, long pid, Optional<Instant> started) {

		public Owner(String host, long pid) {
			this(host, pid, Optional.empty());
		}

		/**
		 * Whether the owner ran on this host and no longer exists: no process has its pid, or the one
		 * that has it started at another time (the pid was reused). False when it cannot be told (another
		 * host).
		 */
		public boolean isGone() {
			if (!host.equals(thisHost())) {
				return false;
			}
			Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
			if (process.isEmpty()) {
				return true;
			}
			// the start times are read the same way; a second apart is another process
			return started.isPresent() && startTime(process.get())
				.map(time -> Math.abs(time.toEpochMilli() - started.get().toEpochMilli()) >= 1000)
				.orElse(false);
		}

		/** Whether the owner runs on this host and is alive, so that its execution is really running. */
		public boolean isAliveHere() {
			return host.equals(thisHost()) && !isGone();
		}

		/** Whether the owner is the process this runs in. */
		public boolean isThisProcess() {
			return host.equals(thisHost()) && pid == ProcessHandle.current().pid();
		}

	}

	public static Optional<Owner> ownerOf(JobExecution execution) {
		ExecutionContext context = execution.getExecutionContext();
		if (context == null || !context.containsKey(HOST) || !context.containsKey(PID)) {
			return Optional.empty();
		}
		Optional<Instant> started = context.containsKey(STARTED) ? Optional.of(Instant.ofEpochMilli(context.getLong(STARTED)))
				: Optional.empty();
		return Optional.of(new Owner(context.getString(HOST), context.getLong(PID), started));
	}

	private static Optional<Instant> startTime(ProcessHandle process) {
		return process.info().startInstant();
	}

	static String thisHost() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "localhost";
		}
	}

}
