package io.churnreport.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

/**
 * Watches the heap while a phase of the benchmark runs and gives two peaks:
 * <ul>
 * <li><b>heap used</b>: the most the heap held at any sample (every few milliseconds), garbage
 * included. It grows with whatever the collector lets pile up before collecting, so it says more
 * about the collector and -Xmx than about what the job needs.</li>
 * <li><b>heap used after GC</b>: the most the heap still held right after a collection, summed over
 * the heap's pools, from the collectors' notifications. This is close to what the job really keeps
 * alive (after a young collection the old generation may still hold garbage, so it is an upper
 * bound); it must stay well below -Xmx for the job to run at that scale.</li>
 * </ul>
 */
public final class HeapSampler implements AutoCloseable {

	private static final long SAMPLE_MILLIS = 10;

	private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans()
		.stream()
		.filter(pool -> pool.getType() == MemoryType.HEAP)
		.map(MemoryPoolMXBean::getName)
		.collect(Collectors.toSet());

	private final AtomicLong peakUsed = new AtomicLong();

	private final AtomicLong peakAfterGc = new AtomicLong();

	private final List<NotificationEmitter> emitters = new ArrayList<>();

	private final NotificationListener afterGc = this::collected;

	private final Thread sampler;

	private volatile boolean running = true;

	private HeapSampler() {
		for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
			if (collector instanceof NotificationEmitter emitter) {
				emitter.addNotificationListener(afterGc, null, null);
				emitters.add(emitter);
			}
		}
		sampler = new Thread(this::sample, "bench-heap-sampler");
		sampler.setDaemon(true);
		sampler.start();
	}

	/** Starts watching the heap; close it to stop. */
	public static HeapSampler start() {
		return new HeapSampler();
	}

	/** The peaks since the start or the previous call, which starts a new phase. */
	public HeapPeak takePeak() {
		sampleOnce();
		return new HeapPeak(peakUsed.getAndSet(0), peakAfterGc.getAndSet(0));
	}

	private void sample() {
		while (running) {
			sampleOnce();
			try {
				Thread.sleep(SAMPLE_MILLIS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private void sampleOnce() {
		long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
		peakUsed.accumulateAndGet(used, Math::max);
	}

	private void collected(Notification notification, Object handback) {
		if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
			return;
		}
		GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo
			.from((CompositeData) notification.getUserData());
		long afterGcBytes = 0;
		for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
			if (heapPools.contains(pool.getKey())) {
				afterGcBytes += pool.getValue().getUsed();
			}
		}
		peakAfterGc.accumulateAndGet(afterGcBytes, Math::max);
		// what the heap held just before the collection is a peak the sampler may have missed
		long beforeGcBytes = 0;
		for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageBeforeGc().entrySet()) {
			if (heapPools.contains(pool.getKey())) {
				beforeGcBytes += pool.getValue().getUsed();
			}
		}
		peakUsed.accumulateAndGet(beforeGcBytes, Math::max);
	}

	@Override
	public void close() {
		running = false;
		sampler.interrupt();
		for (NotificationEmitter emitter : emitters) {
			try {
				emitter.removeNotificationListener(afterGc);
			}
			catch (ListenerNotFoundException ex) {
				// never added, so nothing to remove
			}
		}
	}

	/**
	 * The peaks of one phase, in bytes; {@code usedAfterGc} is 0 when no collection ran in the phase.
	 */
	public record HeapPeak(long used, long usedAfterGc) {

		public HeapPeak max(HeapPeak other) {
			return new HeapPeak(Math.max(used, other.used), Math.max(usedAfterGc, other.usedAfterGc));
		}

	}

}
