package io.churnreport.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Whether the process that runs an execution is gone, on this host and on another. */
class RunningProcessTests {

	private static final String HERE = RunningProcess.thisHost();

	@Test
	void aProcessOfThisHostIsGoneWhenItsPidIsFreeOrTakenByAProcessStartedAtAnotherTime() throws Exception {
		ProcessHandle current = ProcessHandle.current();
		Optional<Instant> started = current.info().startInstant();
		Process ended = new ProcessBuilder("true").start();
		ended.waitFor();

		RunningProcess.Owner itself = new RunningProcess.Owner(HERE, current.pid(), started, Optional.empty());
		RunningProcess.Owner reusedPid = new RunningProcess.Owner(HERE, current.pid(),
				started.map(time -> time.minus(Duration.ofHours(1))), Optional.empty());
		RunningProcess.Owner endedPid = new RunningProcess.Owner(HERE, ended.pid(), Optional.empty(), Optional.empty());

		assertThat(itself.isGone()).isFalse();
		assertThat(itself.isKnownAlive()).isTrue();
		assertThat(itself.isThisProcess()).isTrue();
		assertThat(reusedPid.isGone()).as("the pid now belongs to a process started an hour later").isTrue();
		assertThat(endedPid.isGone()).isTrue();
		assertThat(endedPid.isKnownAlive()).isFalse();
	}

	@Test
	void aProcessOfAnotherHostIsGoneOnceItHasGivenNoSignOfLifeForTheLease() {
		Instant now = Instant.now();
		// the lease is 5 minutes: a sign of life 1 minute ago is alive, 6 minutes ago gone
		RunningProcess.Owner recent = new RunningProcess.Owner("elsewhere", 4242, Optional.empty(),
				Optional.of(now.minus(Duration.ofMinutes(1))));
		RunningProcess.Owner silent = new RunningProcess.Owner("elsewhere", 4242, Optional.empty(),
				Optional.of(now.minus(Duration.ofMinutes(6))));
		RunningProcess.Owner unrecorded = new RunningProcess.Owner("elsewhere", 4242);

		assertThat(recent.isGone()).isFalse();
		assertThat(recent.isKnownAlive()).isTrue();
		assertThat(silent.isGone()).isTrue();
		assertThat(silent.isKnownAlive()).isFalse();
		assertThat(unrecorded.isGone()).as("cannot be told").isFalse();
		assertThat(unrecorded.isKnownAlive()).as("cannot be told").isFalse();
	}

}
