package io.churnreport.job;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Records which process (host, pid and the process's start time) runs an execution, so that an
 * execution left marked as running by a process that died can be told apart from one that is
 * really running, also when the pid has since been given to another process. As a process on
 * another host cannot be looked at, the running process also records a sign of life every
 * {@link #HEARTBEAT_INTERVAL} while it runs: one that has given none for {@link #LEASE} is gone.
 */
public class RunningProcess implements JobExecutionListener {

	/** How often a running execution's process records that it is alive. */
	static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(30);

	/**
	 * How long after its last sign of life a process on another host counts as gone: ten missed
	 * heartbeats, which also covers clocks a little apart.
	 */
	public static final Duration LEASE = Duration.ofMinutes(5);

	private static final Logger log = LoggerFactory.getLogger(RunningProcess.class);

	static final String HOST = "process.host";

	static final String PID = "process.pid";

	static final String STARTED = "process.started";

	static final String HEARTBEAT = "process.heartbeat";

	private final JobRepository jobRepository;

	private ScheduledExecutorService heartbeats;

	public RunningProcess(JobRepository jobRepository) {
		this.jobRepository = jobRepository;
	}

	@Override
	public void beforeJob(JobExecution execution) {
		execution.getExecutionContext().putString(HOST, thisHost());
		execution.getExecutionContext().putLong(PID, ProcessHandle.current().pid());
		startTime(ProcessHandle.current())
			.ifPresent(started -> execution.getExecutionContext().putLong(STARTED, started.toEpochMilli()));
		execution.getExecutionContext().putLong(HEARTBEAT, System.currentTimeMillis());
		jobRepository.updateExecutionContext(execution);
		CustomizableThreadFactory threads = new CustomizableThreadFactory("churn-report-heartbeat-");
		threads.setDaemon(true);
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(threads);
		executor.scheduleWithFixedDelay(() -> heartbeat(execution), HEARTBEAT_INTERVAL.toMillis(),
				HEARTBEAT_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
		synchronized (this) {
			heartbeats = executor;
		}
	}

	@Override
	public void afterJob(JobExecution execution) {
		synchronized (this) {
			if (heartbeats != null) {
				heartbeats.shutdownNow();
				heartbeats = null;
			}
		}
	}

	private void heartbeat(JobExecution execution) {
		try {
			execution.getExecutionContext().putLong(HEARTBEAT, System.currentTimeMillis());
			jobRepository.updateExecutionContext(execution);
		}
		catch (RuntimeException ex) {
			// the reporting database may be away for a moment; the run's own steps will say so if it stays away
			log.debug("Could not record that execution {} is alive: {}", execution.getId(), ex.getMessage());
		}
	}

	/**
	 * What is known of the process that ran (or runs) an execution; {@code started} and
	 * {@code heartbeat} (its last sign of life) are empty for an execution recorded before they were.
	 */
	public record Owner(String host, long pid, Optional<Instant> started, Optional<Instant> heartbeat) {

		public Owner(String host, long pid) {
			this(host, pid, Optional.empty(), Optional.empty());
		}

		/**
		 * Whether the owner no longer exists: on this host, no process has its pid, or the one that has
		 * it started at another time (the pid was reused); on another host, it has given no sign of
		 * life for {@link RunningProcess#LEASE}. False when it cannot be told (another host, no sign of
		 * life recorded).
		 */
		public boolean isGone() {
			if (!host.equals(thisHost())) {
				return heartbeat.map(last -> last.plus(LEASE).isBefore(Instant.now())).orElse(false);
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

		/**
		 * Whether the owner is known to be alive, so that its execution is really running: on this host,
		 * it exists; on another host, it gave a sign of life within the lease.
		 */
		public boolean isKnownAlive() {
			return host.equals(thisHost()) ? !isGone()
					: heartbeat.map(last -> !last.plus(LEASE).isBefore(Instant.now())).orElse(false);
		}

		/** Whether the owner runs on this host. */
		public boolean isOnThisHost() {
			return host.equals(thisHost());
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
		return Optional.of(new Owner(context.getString(HOST), context.getLong(PID), instant(context, STARTED),
				instant(context, HEARTBEAT)));
	}

	private static Optional<Instant> instant(ExecutionContext context, String key) {
		return context.containsKey(key) ? Optional.of(Instant.ofEpochMilli(context.getLong(key))) : Optional.empty();
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
