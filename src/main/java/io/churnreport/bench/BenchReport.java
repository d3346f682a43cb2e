package io.churnreport.bench;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.churnreport.bench.BenchResult.JobRun;
import io.churnreport.bench.BenchResult.MonthRun;
import io.churnreport.bench.CopyBaseline.Baseline;
import io.churnreport.bench.CopyBaseline.QueryCopy;
import io.churnreport.bench.StepTimes.StepTime;
import io.churnreport.demo.DemoDataset;
import io.churnreport.month.ReportingMonth;
import io.churnreport.system.AtomicFiles;

/**
 * The benchmark's figures as {@value #FILE_NAME} (Markdown tables) and as a summary for the
 * console. Times are printed in seconds to the millisecond, and each ratio is computed from the
 * printed times, so that anyone can check it from the report.
 */
public final class BenchReport {

	public static final String FILE_NAME = "bench-report.md";

	private static final long MIB = 1024 * 1024;

	/** Which source query each extract step runs, to put the job's rows beside the baseline's. */
	private static final Map<String, String> EXTRACT_STEPS = Map.of("customers", "extractCustomersStep", "subscriptions",
			"extractSubscriptionsStep", "invoices", "extractInvoicesStep", "cancellations", "extractCancellationsStep");

	private BenchReport() {
	}

	/** Writes the report into the settings' report directory and returns its path. */
	public static Path write(BenchResult result) {
		Path file = result.settings().reportDirectory().resolve(FILE_NAME);
		AtomicFiles.write(file, temporary -> Files.writeString(temporary, markdown(result), StandardCharsets.UTF_8));
		return file;
	}

	static String markdown(BenchResult result) {
		BenchSettings settings = result.settings();
		String last = ReportingMonth.format(settings.lastMonth());
		StringBuilder md = new StringBuilder();
		md.append("# churn-report bench: ").append(settings.customers()).append(" customers × ").append(months(settings.months()))
			.append("\n\n");
		md.append("Run ").append(OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
			.append(". Reproduce with: `CHURN_JAVA_OPTS=-Xmx").append(result.machine().maxHeapBytes() / MIB)
			.append("m ./churn-report bench --customers ").append(settings.customers()).append(" --months ")
			.append(settings.months()).append(" --seed ").append(settings.seed()).append(" --last-month ").append(last)
			.append(settings.periodsPerCustomer() > 0 ? " --periods-per-customer " + settings.periodsPerCustomer() : "")
			.append(settings.firstRunOnly() ? " --first-run" : "")
			.append("`\n\n");
		if (settings.firstRunOnly()) {
			md.append("The job ran ").append(last).append(" alone, on an empty reporting database, as an installation's first ")
				.append("run does: it reads every source whole and computes month-end MRR for every month of the history.\n\n");
		}

		md.append("## Scale and machine\n\n| what | value |\n|---|---|\n");
		row(md, "customers", Long.toString(settings.customers()));
		row(md, "months", settings.months() + " (" + ReportingMonth.format(settings.firstMonth()) + " to " + last + ")");
		row(md, "seed", Long.toString(settings.seed()));
		DemoDataset dataset = result.generation().dataset();
		row(md, "source rows generated", dataset.subscriptions() + " subscriptions, " + (dataset.pricePeriods()
				+ result.generation().renewalRows()) + " price periods"
				+ (result.generation().renewalRows() == 0 ? ""
						: " (" + result.generation().renewalRows() + " of them renewals, --periods-per-customer "
								+ settings.periodsPerCustomer() + ")")
				+ ", " + dataset.invoices() + " invoices, " + dataset.payments() + " payments, "
				+ dataset.cancellationRequests() + " CRM cancellation requests");
		row(md, "rows extracted for " + last, result.baseline()
			.lastMonthCopies()
			.stream()
			.map(copy -> copy.rows() + " " + copy.query())
			.collect(Collectors.joining(", ")));
		row(md, "demo data generation (s)", seconds(result.generation().duration()) + " (peak heap used "
				+ mib(result.generation().heap().used()) + " MiB, after GC " + mib(result.generation().heap().usedAfterGc())
				+ " MiB)");
		row(md, "cores", Integer.toString(result.machine().cores()));
		row(md, "memory (GiB)", gib(result.machine().physicalMemoryBytes()));
		row(md, "max heap (MiB)", Long.toString(result.machine().maxHeapBytes() / MIB));
		row(md, "Java", result.machine().java());
		row(md, "PostgreSQL", result.machine().postgres() + " (embedded, on the same machine)");
		row(md, "OS", result.machine().os());

		md.append("\n## Totals\n\n");
		md.append("| run | churn-report (s) | baseline (s) | churn-report / baseline | peak heap used (MiB) | peak heap used after GC (MiB) |\n");
		md.append("|---|---|---|---|---|---|\n");
		if (settings.firstRunOnly()) {
			totalRow(md, firstRun(settings), result.singleMonth(), result.baseline().singleMonth());
		}
		else {
			totalRow(md, "backfill of " + months(settings.months()), result.backfill(), result.baseline().backfill());
			totalRow(md, "single month (" + last + ")", result.singleMonth(), result.baseline().singleMonth());
			totalRow(md, "single month (" + last + ") against changes only", result.singleMonth(),
					result.baseline().singleMonthChanges());
		}

		md.append("\n## Months\n\n");
		md.append("Each month the job ran, in order: its wall-clock time and the heap's peaks while it ran (after GC: - when ")
			.append("no collection ran during the month).\n\n");
		md.append("| month | churn-report (s) | peak heap used (MiB) | peak heap used after GC (MiB) |\n|---|---|---|---|\n");
		for (MonthRun month : result.months()) {
			md.append("| ").append(ReportingMonth.format(month.month())).append(" | ").append(seconds(month.wall()))
				.append(" | ").append(mib(month.heap().used())).append(" | ")
				.append(month.heap().usedAfterGc() == 0 ? "-" : mib(month.heap().usedAfterGc()))
				.append(" |\n");
		}

		md.append("\n## Steps of the job\n\n");
		if (settings.firstRunOnly()) {
			firstRunSteps(md, result.singleMonth());
		}
		else {
			backfillSteps(md, result);
		}

		md.append("\n## Baseline\n\n");
		if (settings.firstRunOnly()) {
			firstRunBaseline(md, result);
		}
		else {
			backfillBaseline(md, result);
		}

		md.append("\n## How to read the heap figures\n\n");
		md.append("*Peak heap used* is the most the heap held at any moment (sampled every 10 ms and just before each ")
			.append("collection), garbage included: it follows -Xmx and the collector more than the job. *Peak heap used ")
			.append("after GC* is the most the heap still held right after a collection: close to what the job keeps ")
			.append("alive (an upper bound, as a young collection leaves the old generation's garbage in place). ")
			.append("The job fits the heap at this scale while that stays well below the max heap.\n");
		return md.toString();
	}

	private static void backfillSteps(StringBuilder md, BenchResult result) {
		md.append("From the job repository (each step execution's end − start), summed over the backfill's months.\n\n");
		md.append("| step | backfill (s) | share of backfill | single month (s) | single month rows read |\n");
		md.append("|---|---|---|---|---|\n");
		Map<String, StepTime> single = byStep(result.singleMonth().steps());
		for (StepTime step : result.backfill().steps()) {
			Optional<StepTime> inSingle = Optional.ofNullable(single.get(step.step()));
			md.append("| ").append(step.step()).append(" | ").append(seconds(step.duration())).append(" | ")
				.append(percent(step.duration(), result.backfill().wall())).append(" | ")
				.append(inSingle.map(s -> seconds(s.duration())).orElse("-")).append(" | ")
				.append(inSingle.map(s -> Long.toString(s.rowsRead())).orElse("-")).append(" |\n");
		}
		Duration backfillOutside = result.backfill().wall().minus(result.backfill().stepsTotal());
		Duration singleOutside = result.singleMonth().wall().minus(result.singleMonth().stepsTotal());
		md.append("| outside the steps (launch, configuration checks, job repository) | ").append(seconds(backfillOutside))
			.append(" | ").append(percent(backfillOutside, result.backfill().wall())).append(" | ")
			.append(seconds(singleOutside)).append(" | - |\n");
		md.append("| total (wall clock) | ").append(seconds(result.backfill().wall())).append(" | 100% | ")
			.append(seconds(result.singleMonth().wall())).append(" | - |\n");
	}

	private static void firstRunSteps(StringBuilder md, JobRun run) {
		md.append("From the job repository (each step execution's end − start).\n\n");
		md.append("| step | first run (s) | share of the run | rows read |\n|---|---|---|---|\n");
		for (StepTime step : run.steps()) {
			md.append("| ").append(step.step()).append(" | ").append(seconds(step.duration())).append(" | ")
				.append(percent(step.duration(), run.wall())).append(" | ").append(step.rowsRead()).append(" |\n");
		}
		Duration outside = run.wall().minus(run.stepsTotal());
		md.append("| outside the steps (launch, configuration checks, job repository) | ").append(seconds(outside))
			.append(" | ").append(percent(outside, run.wall())).append(" | - |\n");
		md.append("| total (wall clock) | ").append(seconds(run.wall())).append(" | 100% | - |\n");
	}

	private static void backfillBaseline(StringBuilder md, BenchResult result) {
		md.append("Each source query's `COPY (...) TO STDOUT` (the job's own statement, the month bound the same way) piped ")
			.append("into `COPY ... FROM STDIN` of a bare table in a scratch schema of the reporting database, for every ")
			.append("month of the backfill; then one SQL aggregation to month-end MRR per customer and month. **Full reload**: ")
			.append("customers, subscriptions and cancellations read whole, the invoices the job asked for; the single month ")
			.append("is the last month's copies plus the aggregation. **Changes only**: the last month's copies of what the ")
			.append("job's extract asked each source for, plus the aggregation of that month alone.\n\n");
		md.append("| part | backfill (s) | single month, full reload (s) | single month, changes only (s) ")
			.append("| single month rows: full reload / changes only / job read |\n|---|---|---|---|---|\n");
		Map<String, QueryCopy> lastChanges = result.baseline()
			.lastMonthChanges()
			.stream()
			.collect(Collectors.toMap(QueryCopy::query, Function.identity()));
		Map<String, QueryCopy> lastCopies = result.baseline()
			.lastMonthCopies()
			.stream()
			.collect(Collectors.toMap(QueryCopy::query, Function.identity()));
		Map<String, StepTime> single = byStep(result.singleMonth().steps());
		for (QueryCopy copy : result.baseline().backfillCopies()) {
			QueryCopy lastCopy = lastCopies.get(copy.query());
			StepTime jobStep = single.get(EXTRACT_STEPS.get(copy.query()));
			QueryCopy lastChange = lastChanges.get(copy.query());
			md.append("| COPY ").append(copy.query()).append(" | ").append(seconds(copy.duration())).append(" | ")
				.append(seconds(lastCopy.duration())).append(" | ").append(seconds(lastChange.duration())).append(" | ")
				.append(lastCopy.rows()).append(" / ").append(lastChange.rows()).append(" / ")
				.append(jobStep == null ? "-" : Long.toString(jobStep.rowsRead())).append(" |\n");
		}
		md.append("| aggregation to month-end MRR | ").append(seconds(result.baseline().aggregation().duration()))
			.append(" | ").append(seconds(result.baseline().aggregation().duration())).append(" | ")
			.append(seconds(result.baseline().monthAggregation().duration())).append(" | ")
			.append(result.baseline().aggregation().rows()).append(" / ")
			.append(result.baseline().monthAggregation().rows()).append(" / - customer-months |\n");
		md.append("| total | ").append(seconds(result.baseline().backfill())).append(" | ")
			.append(seconds(result.baseline().singleMonth())).append(" | ")
			.append(seconds(result.baseline().singleMonthChanges())).append(" | - |\n");
	}

	private static void firstRunBaseline(StringBuilder md, BenchResult result) {
		md.append("Each source query's `COPY (...) TO STDOUT` (the job's own statement, the month bound the same way, every ")
			.append("source read whole) piped into `COPY ... FROM STDIN` of a bare table in a scratch schema of the reporting ")
			.append("database; then one SQL aggregation to month-end MRR per customer for every month of the history, as ")
			.append("the first run computes them all.\n\n");
		md.append("| part | first run, full reload (s) | rows: full reload / job read |\n|---|---|---|\n");
		Map<String, StepTime> steps = byStep(result.singleMonth().steps());
		for (QueryCopy copy : result.baseline().lastMonthCopies()) {
			StepTime jobStep = steps.get(EXTRACT_STEPS.get(copy.query()));
			md.append("| COPY ").append(copy.query()).append(" | ").append(seconds(copy.duration())).append(" | ")
				.append(copy.rows()).append(" / ").append(jobStep == null ? "-" : Long.toString(jobStep.rowsRead()))
				.append(" |\n");
		}
		md.append("| aggregation to month-end MRR | ").append(seconds(result.baseline().aggregation().duration()))
			.append(" | ").append(result.baseline().aggregation().rows()).append(" customer-months |\n");
		md.append("| total | ").append(seconds(result.baseline().singleMonth())).append(" | - |\n");
	}

	/** A few lines for the console. */
	public static String summary(BenchResult result, Path reportFile) {
		BenchSettings settings = result.settings();
		StringBuilder text = new StringBuilder();
		text.append("Bench of ").append(settings.customers()).append(" customers × ").append(months(settings.months()))
			.append(" on ").append(result.machine().cores()).append(" cores, max heap ")
			.append(result.machine().maxHeapBytes() / MIB).append(" MiB, PostgreSQL ").append(result.machine().postgres())
			.append(":\n");
		if (settings.firstRunOnly()) {
			summaryLine(text, "first run " + ReportingMonth.format(settings.lastMonth()), result.singleMonth(),
					result.baseline().singleMonth());
		}
		else {
			summaryLine(text, "backfill of " + months(settings.months()), result.backfill(), result.baseline().backfill());
			summaryLine(text, "single month " + ReportingMonth.format(settings.lastMonth()), result.singleMonth(),
					result.baseline().singleMonth());
			summaryLine(text, "  against changes only", result.singleMonth(), result.baseline().singleMonthChanges());
		}
		text.append(settings.firstRunOnly() ? "  slowest steps: " : "  slowest steps of the backfill: ")
			.append(result.backfill()
				.steps()
				.stream()
				.sorted(Comparator.comparing(StepTime::duration).reversed())
				.limit(3)
				.map(step -> step.step() + " " + seconds(step.duration()) + " s")
				.collect(Collectors.joining(", ")))
			.append('\n');
		text.append("Report: ").append(reportFile.toAbsolutePath().normalize());
		return text.toString();
	}

	/** A few lines for the console when the baseline was timed alone ({@code bench --baseline-only}). */
	public static String baselineSummary(BenchSettings settings, Baseline baseline) {
		StringBuilder text = new StringBuilder();
		if (settings.firstRunOnly()) {
			text.append("Baseline of the first run of ").append(ReportingMonth.format(settings.lastMonth()))
				.append(", on the data in the embedded databases:\n");
			text.append(String.format("  %-28s %10s s%n", "first run " + ReportingMonth.format(settings.lastMonth()),
					seconds(baseline.singleMonth())));
			return text.append(rowsOfTheLastMonth(baseline)).toString();
		}
		text.append("Baseline of ").append(months(settings.months())).append(" (")
			.append(ReportingMonth.format(settings.firstMonth())).append(" to ")
			.append(ReportingMonth.format(settings.lastMonth())).append("), on the data in the embedded databases:\n");
		text.append(String.format("  %-28s %10s s%n", "backfill of " + months(settings.months()), seconds(baseline.backfill())));
		text.append(String.format("  %-28s %10s s%n", "single month " + ReportingMonth.format(settings.lastMonth()),
				seconds(baseline.singleMonth())));
		text.append(String.format("  %-28s %10s s%n", "  changes only", seconds(baseline.singleMonthChanges())));
		return text.append(rowsOfTheLastMonth(baseline)).toString();
	}

	private static String rowsOfTheLastMonth(Baseline baseline) {
		return "  rows of the single month: " + baseline.lastMonthCopies()
			.stream()
			.map(copy -> copy.query() + " " + copy.rows())
			.collect(Collectors.joining(", ")) + "; aggregation " + seconds(baseline.aggregation().duration()) + " s";
	}

	private static String firstRun(BenchSettings settings) {
		return "first run (" + ReportingMonth.format(settings.lastMonth()) + ") on an empty reporting database";
	}

	private static void summaryLine(StringBuilder text, String label, JobRun run, Duration baseline) {
		text.append(String.format("  %-28s %10s s   baseline %9s s   ratio %7s   peak heap %s MiB (after GC %s MiB)%n", label,
				seconds(run.wall()), seconds(baseline), ratio(run.wall(), baseline), mib(run.heap().used()),
				mib(run.heap().usedAfterGc())));
	}

	private static void totalRow(StringBuilder md, String label, JobRun run, Duration baseline) {
		md.append("| ").append(label).append(" | ").append(seconds(run.wall())).append(" | ").append(seconds(baseline))
			.append(" | ").append(ratio(run.wall(), baseline)).append(" | ").append(mib(run.heap().used())).append(" | ")
			.append(mib(run.heap().usedAfterGc())).append(" |\n");
	}

	private static void row(StringBuilder md, String what, String value) {
		md.append("| ").append(what).append(" | ").append(value).append(" |\n");
	}

	private static Map<String, StepTime> byStep(List<StepTime> steps) {
		return steps.stream().collect(Collectors.toMap(StepTime::step, Function.identity()));
	}

	static String months(int months) {
		return months + (months == 1 ? " month" : " months");
	}

	/** Seconds to the millisecond, e.g. 12.345. */
	static String seconds(Duration duration) {
		return BigDecimal.valueOf(duration.toMillis(), 3).toPlainString();
	}

	/** Ours over the baseline, from the printed milliseconds, to one decimal. */
	static String ratio(Duration ours, Duration baseline) {
		if (baseline.toMillis() == 0) {
			return "-";
		}
		return BigDecimal.valueOf(ours.toMillis()).divide(BigDecimal.valueOf(baseline.toMillis()), 1, RoundingMode.HALF_UP)
			.toPlainString();
	}

	private static String percent(Duration part, Duration whole) {
		if (whole.toMillis() == 0) {
			return "-";
		}
		return BigDecimal.valueOf(part.toMillis() * 100).divide(BigDecimal.valueOf(whole.toMillis()), 0, RoundingMode.HALF_UP)
			+ "%";
	}

	static String mib(long bytes) {
		return BigDecimal.valueOf(bytes).divide(BigDecimal.valueOf(MIB), 1, RoundingMode.HALF_UP).toPlainString();
	}

	private static String gib(long bytes) {
		return BigDecimal.valueOf(bytes).divide(BigDecimal.valueOf(MIB * 1024), 1, RoundingMode.HALF_UP).toPlainString();
	}

}
