package io.churnreport.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

class StepLoggingListenerTests {

	private final Logger logger = (Logger) LoggerFactory.getLogger(StepLoggingListener.class);

	private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

	private final ExecutorService mergeThread = Executors.newSingleThreadExecutor();

	private final ExecutorService classifyThread = Executors.newSingleThreadExecutor();

	@BeforeEach
	void listen() {
		lines.start();
		logger.addAppender(lines);
	}

	@AfterEach
	void stopListening() {
		logger.detachAppender(lines);
		mergeThread.shutdownNow();
		classifyThread.shutdownNow();
	}

	@Test
	void aStepRunningBesideAnotherSaysHowFarItGotWhateverTheOtherStartsOrEnds() throws Exception {
		// every chunk says how far it got: no interval between two lines
		StepLoggingListener listener = new StepLoggingListener(false, Duration.ZERO);
		JobExecution job = new JobExecution(1, new JobInstance(1, "monthlyChurnJob"),
				new JobParametersBuilder().addString(MonthJobParameters.MONTH, "2026-11").toJobParameters());
		StepExecution classify = step(job, 1, "classifyChurnStep");
		StepExecution merge = step(job, 2, "mergeInvoiceHistoryStep");

		classifyThread.submit(() -> listener.beforeStep(classify)).get();
		mergeThread.submit(() -> listener.beforeStep(merge)).get();
		classify.setWriteCount(2_000);
		classifyThread.submit(() -> listener.afterChunk(new Chunk<>())).get();
		mergeThread.submit(() -> listener.afterStep(merge)).get();
		classify.setWriteCount(4_000);
		classifyThread.submit(() -> listener.afterChunk(new Chunk<>())).get();

		List<String> progress = lines.list.stream()
			.map(ILoggingEvent::getFormattedMessage)
			.filter(line -> line.contains("in progress"))
			.map(line -> line.substring(0, line.indexOf(" rows written")))
			.toList();
		assertThat(progress).containsExactly("classifyChurnStep [2026-11] in progress: 2000",
				"classifyChurnStep [2026-11] in progress: 4000");
	}

	private static StepExecution step(JobExecution job, long id, String name) {
		StepExecution step = new StepExecution(id, name, job);
		step.setStartTime(LocalDateTime.now());
		return step;
	}

}
