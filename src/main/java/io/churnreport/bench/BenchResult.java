package io.churnreport.bench;

import java.time.Duration;
import java.time.YearMonth;
import java.util.List;

import io.churnreport.bench.CopyBaseline.Baseline;
import io.churnreport.bench.HeapSampler.HeapPeak;
import io.churnreport.bench.StepTimes.StepTime;
import io.churnreport.demo.DemoDataset;

/**
 * Everything one benchmark measured: the machine, the generated data, each month the job ran, the
 * job's backfill and monthly run, and the baseline's.
 */
public record BenchResult(BenchSettings settings, Machine machine, Generation generation, List<MonthRun> months,
		JobRun backfill, JobRun singleMonth, Baseline baseline) {

	/**
	 * The demo data generated, how long it took and the heap it needed (flat at any scale), and the
	 * renewal rows added to it for a denser history (0 when none were asked for).
	 */
	record Generation(DemoDataset dataset, int renewalRows, Duration duration, HeapPeak heap) {

	}

	/** One month of the job: its wall-clock time and the heap's peaks while it ran. */
	record MonthRun(YearMonth month, Duration wall, HeapPeak heap) {

	}

	/** The facts about the machine that the figures depend on. */
	record Machine(int cores, long physicalMemoryBytes, long maxHeapBytes, String java, String postgres, String os) {

	}

	/**
	 * The job over a phase: the wall-clock time the operator waits (launch and configuration checks
	 * included), the steps' times from the job repository, and the heap's peaks.
	 */
	record JobRun(Duration wall, List<StepTime> steps, HeapPeak heap) {

		Duration stepsTotal() {
			return steps.stream().map(StepTime::duration).reduce(Duration.ZERO, Duration::plus);
		}

	}

}
