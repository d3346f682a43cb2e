package io.churnreport.system;

import java.io.EOFException;
import java.io.IOException;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A library's failure in the text log: one line, its stack trace only at DEBUG. */
class StackTraceAtDebugConverterTests {

	private final LoggerContext context = new LoggerContext();

	private final Logger hikari = context.getLogger("com.zaxxer.hikari.pool.ProxyConnection");

	private PatternLayout layout;

	/** A driver's failure as a lost connection gives it, with a message of two lines. */
	private final IOException failure = new IOException("An I/O error occurred while sending to the backend.\nDetail: gone",
			new EOFException());

	@BeforeEach
	void layout() {
		StackTraceAtDebugConverter.register();
		// as application.yml's logging.level (logback's own default is DEBUG)
		context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
		layout = new PatternLayout();
		layout.setContext(context);
		// as application.yml's logging.pattern.console
		layout.setPattern("%-5level %msg%n%exAtDebug");
		layout.start();
	}

	@Test
	void aWarningWithAFailureIsTwoLinesNamingTheFailureItsCauseAndTheSettingThatShowsTheTrace() {
		String logged = layout.doLayout(event(Level.WARN, "Connection marked as broken"));

		assertThat(logged).isEqualTo("WARN  Connection marked as broken\n"
				+ "    java.io.IOException: An I/O error occurred while sending to the backend.; caused by java.io.EOFException "
				+ "(stack trace with LOGGING_LEVEL_COM_ZAXXER_HIKARI_POOL=DEBUG)\n");
	}

	@Test
	void theTraceIsShownForADebugLineOrALoggerSetToDebug() {
		assertThat(layout.doLayout(event(Level.DEBUG, "failed"))).contains("\tat io.churnreport.system.", "Caused by: java.io.EOFException");

		hikari.setLevel(Level.DEBUG);

		assertThat(layout.doLayout(event(Level.WARN, "Connection marked as broken")))
			.startsWith("WARN  Connection marked as broken\njava.io.IOException: An I/O error")
			.contains("\tat io.churnreport.system.");
	}

	@Test
	void aLineWithoutAFailureIsLeftAsItIs() {
		assertThat(layout.doLayout(new LoggingEvent(Logger.FQCN, hikari, Level.WARN, "slow", null, null))).isEqualTo("WARN  slow\n");
	}

	@Test
	void theVariableNamesThePackageOfAClassLogger() {
		assertThat(StackTraceAtDebugConverter.debugVariable("org.springframework.transaction.support.TransactionTemplate"))
			.isEqualTo("LOGGING_LEVEL_ORG_SPRINGFRAMEWORK_TRANSACTION_SUPPORT");
		assertThat(StackTraceAtDebugConverter.debugVariable("reporting")).isEqualTo("LOGGING_LEVEL_REPORTING");
	}

	private LoggingEvent event(Level level, String message) {
		return new LoggingEvent(Logger.FQCN, hikari, level, message, failure, null);
	}

}
