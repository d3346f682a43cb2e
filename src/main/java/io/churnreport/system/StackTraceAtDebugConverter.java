package io.churnreport.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.CoreConstants;

/**
 * The exception of a text log line ({@value #WORD} in {@code logging.pattern.console}): in full
 * for a DEBUG line or a logger set to DEBUG, otherwise on one line, the exception and its causes
 * with the setting that shows the trace. A library that logs a lost connection or a full disk with
 * a hundred lines of trace would otherwise bury the one line that says what to do; the JSON log
 * (--log-format json) keeps every trace.
 */
public class StackTraceAtDebugConverter extends ThrowableProxyConverter {

	/** The conversion word, as the console pattern of application.yml uses it. */
	public static final String WORD = "exAtDebug";

	private static final int MAX_MESSAGE = 300;

	/** Makes {@value #WORD} known to every pattern layout; call before logging is configured. */
	public static void register() {
		PatternLayout.DEFAULT_CONVERTER_SUPPLIER_MAP.putIfAbsent(WORD, StackTraceAtDebugConverter::new);
	}

	@Override
	public String convert(ILoggingEvent event) {
		IThrowableProxy proxy = event.getThrowableProxy();
		if (proxy == null) {
			return CoreConstants.EMPTY_STRING;
		}
		if (event.getLevel().toInt() <= Level.DEBUG_INT || debugEnabled(event.getLoggerName())) {
			return super.convert(event);
		}
		List<String> chain = new ArrayList<>();
		for (IThrowableProxy each = proxy; each != null && chain.size() < 5; each = each.getCause()) {
			String message = each.getMessage() == null ? "" : Failures.firstLine(each.getMessage()).strip();
			chain.add(each.getClassName() + (message.isEmpty() ? ""
					: ": " + (message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "..." : message)));
		}
		return "    " + String.join("; caused by ", chain) + " (stack trace with " + debugVariable(event.getLoggerName())
				+ "=DEBUG)" + CoreConstants.LINE_SEPARATOR;
	}

	private boolean debugEnabled(String loggerName) {
		return getContext() instanceof LoggerContext loggers && loggers.getLogger(loggerName).isDebugEnabled();
	}

	/** The environment variable that sets the level of the logger's package (class names are not found by it). */
	static String debugVariable(String loggerName) {
		List<String> packages = new ArrayList<>();
		for (String element : loggerName.split("\\.")) {
			if (!element.isEmpty() && Character.isUpperCase(element.charAt(0))) {
				break;
			}
			packages.add(element);
		}
		String name = packages.isEmpty() ? "root" : String.join("_", packages);
		return "LOGGING_LEVEL_" + name.replace('-', '_').toUpperCase(Locale.ROOT);
	}

}
