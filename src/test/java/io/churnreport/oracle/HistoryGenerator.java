package io.churnreport.oracle;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.time.YearMonth;
import java.time.ZoneId;

/**
 * Draws a {@link HistorySpec} and the order its months are run in from a seed, so that a history
 * is named by its seed and comes out the same on every machine. The weights favour what real
 * histories hold most (paid periods, few cancellations) while every case still comes up.
 */
final class HistoryGenerator {

	/**
	 * The reporting time zones a history is run in: a month may start on another UTC day than its
	 * own, half an hour off one, or shift by an hour in daylight saving time. None of them changes
	 * its clocks at midnight or in the hours the generated times fall at (0, 9, 23, and 1, 10, 14
	 * and 15 for requests made some hours before an end), so comparing wall-clock times, as
	 * {@link ChurnOracle} does, compares instants.
	 */
	static final List<ZoneId> ZONES = List.of(ZoneId.of("Europe/Istanbul"), ZoneId.of("UTC"),
			ZoneId.of("America/New_York"), ZoneId.of("Pacific/Auckland"), ZoneId.of("Asia/Kolkata"),
			ZoneId.of("America/St_Johns"), ZoneId.of("Pacific/Kiritimati"), ZoneId.of("Pacific/Pago_Pago"));

	private final SplittableRandom random;

	HistoryGenerator(long seed) {
		this.random = new SplittableRandom(seed);
	}

	HistorySpec history() {
		List<HistorySpec.CustomerSpec> customers = new ArrayList<>();
		for (int count = between(1, 6); count > 0; count--) {
			customers.add(customer());
		}
		return new HistorySpec(customers);
	}

	/**
	 * Most histories run as one backfill; one in four month by month in a shuffled order (one
	 * process per month costs a start-up each); one in five first fails a month and restarts it;
	 * three in ten then rerun an earlier month; one in three reads its customers, subscriptions and
	 * cancellations by changes. The reporting time zone is one of {@link #ZONES}.
	 */
	GeneratedHistoriesIntegrationTests.RunOrder order(List<YearMonth> months) {
		List<YearMonth> runs = null;
		if (random.nextInt(4) == 0) {
			runs = new ArrayList<>(months);
			for (int index = runs.size() - 1; index > 0; index--) {
				int other = random.nextInt(index + 1);
				runs.set(index, runs.set(other, runs.get(index)));
			}
		}
		YearMonth failedOnce = random.nextInt(5) == 0 ? months.get(random.nextInt(months.size())) : null;
		YearMonth rerun = random.nextInt(10) < 3 ? months.get(random.nextInt(months.size() - 1)) : null;
		// drawn last, so that the orders drawn before they were added stay as they were
		boolean byChanges = random.nextInt(3) == 0;
		ZoneId zone = ZONES.get(random.nextInt(ZONES.size()));
		return new GeneratedHistoriesIntegrationTests.RunOrder(runs, failedOnce, rerun, byChanges, zone);
	}

	private HistorySpec.CustomerSpec customer() {
		List<HistorySpec.LineSpec> lines = new ArrayList<>();
		for (int count = between(1, 2); count > 0; count--) {
			lines.add(line());
		}
		List<HistorySpec.CancellationSpec> cancellations = new ArrayList<>();
		for (int count = between(0, 3); count > 0; count--) {
			cancellations.add(cancellation());
		}
		return new HistorySpec.CustomerSpec(lines, cancellations);
	}

	private HistorySpec.LineSpec line() {
		int startDay = between(0, 150);
		int hour = index(HistorySpec.HOURS.length);
		List<HistorySpec.SegmentSpec> segments = new ArrayList<>();
		for (int count = between(1, 5); count > 0; count--) {
			segments.add(segment());
		}
		return new HistorySpec.LineSpec(startDay, hour, segments, random.nextBoolean());
	}

	private HistorySpec.SegmentSpec segment() {
		// paid 6 : gap 2 : trial 1
		int kind = random.nextInt(9);
		HistorySpec.Kind drawn = kind < 6 ? HistorySpec.Kind.PAID : kind < 8 ? HistorySpec.Kind.GAP : HistorySpec.Kind.TRIAL;
		return new HistorySpec.SegmentSpec(drawn, between(1, 100), random.nextBoolean(), index(HistorySpec.HOURS.length),
				index(HistorySpec.AMOUNTS.length), index(HistorySpec.INTERVALS.length),
				index(HistorySpec.END_CAUSES.length));
	}

	private HistorySpec.CancellationSpec cancellation() {
		// anchored to the 1st ended paid period 3 times in 6, else to none, the 2nd or the 3rd
		int anchor = switch (random.nextInt(6)) {
			case 0 -> 0;
			case 4 -> 2;
			case 5 -> 3;
			default -> 1;
		};
		Integer effectiveAfterDays = random.nextInt(10) < 4 ? null : between(0, 40);
		return new HistorySpec.CancellationSpec(anchor, between(0, 170), index(HistorySpec.HOURS.length),
				effectiveAfterDays, index(HistorySpec.REASON_CODES.length), random.nextInt(4) == 0);
	}

	private int between(int least, int most) {
		return least + random.nextInt(most - least + 1);
	}

	private int index(int size) {
		return random.nextInt(size);
	}

}
