package io.churnreport.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.churnreport.bench.BenchResult.Generation;
import io.churnreport.bench.BenchResult.JobRun;
import io.churnreport.bench.BenchResult.Machine;
import io.churnreport.bench.BenchResult.MonthRun;
import io.churnreport.bench.CopyBaseline.Baseline;
import io.churnreport.bench.HeapSampler.HeapPeak;
import io.churnreport.demo.DemoDataGenerator;
import io.churnreport.demo.DemoDataset;
import io.churnreport.demo.RenewalRows;
import io.churnreport.month.ReportingMonth;

/**
 * Runs the benchmark on databases it generates: the demo data at the settings' scale, then a
 * backfill of every month through the real job, month after month as {@code churn-report backfill}
 * does, then the baseline on the same databases. The last month of the backfill is the single
 * monthly run: it is exactly what the operator's monthly {@code run} does (every earlier month
 * complete, the new month extracted with its full history), so it is timed on its own. With
 * {@link BenchSettings#firstRunOnly()} the job runs the last month alone on the empty reporting
 * database, as an installation's first run: that run is both the "backfill" and the single month.
 */
public final class Benchmark {

	private final DataSource billingWriter;

	private final DataSource crmWriter;

	private final JdbcClient reporting;

	private final JobRepository jobRepository;

	private final MonthRunner monthRunner;

	private final CopyBaseline baseline;

	private final Consumer<String> progress;

	/**
	 * @param billingWriter the billing database, to be replaced with generated data
	 * @param crmWriter the CRM database, to be replaced with generated data
	 * @param reporting the reporting database
	 * @param jobRepository the job repository, which holds the steps' times
	 * @param monthRunner runs one month through the job as the backfill does
	 * @param baseline the copy baseline on the same databases
	 * @param progress takes a line for the operator at each stage
	 */
	public Benchmark(DataSource billingWriter, DataSource crmWriter, JdbcClient reporting, JobRepository jobRepository,
			MonthRunner monthRunner, CopyBaseline baseline, Consumer<String> progress) {
		this.billingWriter = billingWriter;
		this.crmWriter = crmWriter;
		this.reporting = reporting;
		this.jobRepository = jobRepository;
		this.monthRunner = monthRunner;
		this.baseline = baseline;
		this.progress = progress;
	}

	/**
	 * Generates, runs and measures.
	 * @throws MonthFailedException when a month of the job fails: the figures would not be the job's
	 */
	public BenchResult run(BenchSettings settings) {
		progress.accept("Generating " + settings.customers() + " customers over " + settings.months() + (settings.months() == 1 ? " month (" : " months (")
				+ ReportingMonth.format(settings.firstMonth()) + " to " + ReportingMonth.format(settings.lastMonth())
				+ ", seed " + settings.seed() + ")...");
		JobRun backfill;
		JobRun singleMonth;
		List<MonthRun> months;
		Generation generation;
		try (HeapSampler heap = HeapSampler.start()) {
			long started = System.nanoTime();
			DemoDataset dataset = new DemoDataGenerator().generate(billingWriter, crmWriter, settings.demoSettings());
			int renewals = settings.periodsPerCustomer() == 0 ? 0 : RenewalRows.add(billingWriter,
					settings.periodsPerCustomer(), settings.demoSettings().endMonth(), settings.zone());
			generation = new Generation(dataset, renewals, Duration.ofNanos(System.nanoTime() - started), heap.takePeak());
			progress.accept("Generated in " + BenchReport.seconds(generation.duration()) + " s: " + dataset
					+ (renewals == 0 ? "" : ", and " + renewals + " renewal price periods"));

			long beforeBackfill = StepTimes.lastJobInstance(jobRepository);
			long beforeLastMonth = beforeBackfill;
			HeapPeak earlierMonthsPeak = new HeapPeak(0, 0);
			HeapPeak lastMonthPeak = new HeapPeak(0, 0);
			Duration earlierMonths = Duration.ZERO;
			Duration lastMonth = Duration.ZERO;
			List<MonthRun> monthRuns = new ArrayList<>();
			heap.takePeak();
			for (YearMonth month : settings.monthsRun()) {
				boolean last = month.equals(settings.lastMonth());
				if (last) {
					beforeLastMonth = StepTimes.lastJobInstance(jobRepository);
				}
				long monthStarted = System.nanoTime();
				boolean completed = monthRunner.run(month);
				Duration took = Duration.ofNanos(System.nanoTime() - monthStarted);
				if (!completed) {
					throw new MonthFailedException(month);
				}
				// each month's own peak, so that a high one can be traced to its month
				HeapPeak monthPeak = heap.takePeak();
				monthRuns.add(new MonthRun(month, took, monthPeak));
				if (last) {
					lastMonth = took;
					lastMonthPeak = monthPeak;
				}
				else {
					earlierMonths = earlierMonths.plus(took);
					earlierMonthsPeak = earlierMonthsPeak.max(monthPeak);
				}
				progress.accept("  " + ReportingMonth.format(month) + " done in " + BenchReport.seconds(took) + " s ("
						+ (monthPeak.usedAfterGc() == 0 ? "no garbage collection"
								: "peak heap after GC " + BenchReport.mib(monthPeak.usedAfterGc()) + " MiB")
						+ ")");
			}
			months = List.copyOf(monthRuns);
			backfill = new JobRun(earlierMonths.plus(lastMonth), StepTimes.after(jobRepository, beforeBackfill),
					earlierMonthsPeak.max(lastMonthPeak));
			singleMonth = new JobRun(lastMonth, StepTimes.after(jobRepository, beforeLastMonth), lastMonthPeak);
		}

		progress.accept(CopyBaseline.STARTING);
		Baseline baselineTimes;
		try {
			baselineTimes = baseline.time(settings);
		}
		catch (RuntimeException ex) {
			throw new BaselineFailedException(ex);
		}
		return new BenchResult(settings, machine(), generation, months, backfill, singleMonth, baselineTimes);
	}

	private Machine machine() {
		long physicalMemory = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
				? os.getTotalMemorySize() : 0;
		String postgres = reporting.sql("SHOW server_version").query(String.class).single();
		return new Machine(Runtime.getRuntime().availableProcessors(), physicalMemory, Runtime.getRuntime().maxMemory(),
				System.getProperty("java.vm.name") + " " + System.getProperty("java.version"), postgres,
				System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
	}

	/** A month of the job did not complete during the benchmark, which stopped there. */
	public static final class MonthFailedException extends RuntimeException {

		private final transient YearMonth month;

		MonthFailedException(YearMonth month) {
			super("month " + month + " did not complete");
			this.month = month;
		}

		public YearMonth month() {
			return month;
		}

	}

	/** The baseline failed after the job's months had run; the cause says why. */
	public static final class BaselineFailedException extends RuntimeException {

		BaselineFailedException(RuntimeException cause) {
			super(cause.getMessage(), cause);
		}

	}

	/** Runs one month through the job, the way the backfill does, and says whether it completed. */
	@FunctionalInterface
	public interface MonthRunner {

		boolean run(YearMonth month);

	}

}
