package io.churnreport.cli;

/**
 * Process exit codes, documented in the README for schedulers. A process ended by SIGTERM or SIGINT
 * exits with 143 or 130, as any process ended by them, once its month has stopped (see
 * {@link GracefulShutdown}).
 */
public final class ExitCodes {

	/** The command did what was asked. */
	public static final int OK = 0;

	/** A step of the job failed; {@code restart} resumes it after the cause is fixed. */
	public static final int JOB_FAILED = 1;

	/** The command line is wrong (unknown command or option, bad month). */
	public static final int USAGE = 2;

	/** The configuration cannot work (missing or invalid file or property). */
	public static final int BAD_CONFIGURATION = 3;

	/** The month has an execution still marked as running. */
	public static final int ALREADY_RUNNING = 4;

	/** The month already completed; nothing was done. */
	public static final int ALREADY_COMPLETE = 5;

	/** A database (billing, CRM or reporting) could not be reached. */
	public static final int DATABASE_UNREACHABLE = 6;

	/**
	 * {@code restart}, {@code recover}, {@code stop}, {@code deliver} or {@code render} found nothing
	 * of the month to act on.
	 */
	public static final int NOTHING_TO_RESTART = 7;

	/**
	 * More of a source's rows broke the source contract than churn.data-quality.max-quarantined-percent
	 * allows; nothing was published for the month.
	 */
	public static final int DATA_QUALITY_LIMIT = 8;

	/**
	 * {@code deliver}: a report could not be mailed or copied, also after its retries; it is
	 * recorded in mart.delivery, and the same command sends it again.
	 */
	public static final int DELIVERY_FAILED = 9;

	/**
	 * {@code report --quarter} or {@code --year}: a month of the period is not complete (never run,
	 * or its last run did not finish); nothing was written, and the message names the months and the
	 * backfill that runs them.
	 */
	public static final int PERIOD_NOT_COMPLETE = 10;

	private ExitCodes() {
	}

}
