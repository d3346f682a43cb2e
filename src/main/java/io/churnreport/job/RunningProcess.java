package io.churnreport.job;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Records which process (host and pid) runs an execution, so that an execution left marked as
 * running by a process that died can be told apart from one that is really running.
 */
public class RunningProcess implements JobExecutionListener {

	static final String HOST = "process.host";

	static final String PID = "process.pid";

	private final JobRepository jobRepository;

	public RunningProcess(JobRepository jobRepository) {
		this.jobRepository = jobRepository;
	}

	@Override
	public void beforeJob(JobExecution execution) {
		execution.getExecutionContext().putString(HOST, thisHost());
		execution.getExecutionContext().putLong(PID, ProcessHandle.current().pid());
		jobRepository.updateExecutionContext(execution);
	}

	/** What is known of the process that ran (or runs) an execution. */
	public record Owner(String host, long pid) {

		/** Whether the owner runs on this host and no longer exists; false when it cannot be told. */
		public boolean isGone() {
			return host.equals(thisHost()) && ProcessHandle.of(pid).map(process -> !process.isAlive()).orElse(true);
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
		return Optional.of(new Owner(context.getString(HOST), context.getLong(PID)));
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
