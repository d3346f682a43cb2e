package io.churnreport.month;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The files of the operator's configuration directory that a month reads (the churn reason
 * catalogue, the churn plan), each loaded once per run, when first asked for, and then shared by
 * every step and calculation of the run.
 */
public class MonthInputs {

	private final Path configDirectory;

	private final Map<Class<?>, Object> loaded = new ConcurrentHashMap<>();

	public MonthInputs(Path configDirectory) {
		this.configDirectory = configDirectory;
	}

	/** The input of the given type, loaded from the configuration directory the first time it is asked for. */
	public <T> T get(Class<T> type, Function<Path, ? extends T> loader) {
		return type.cast(loaded.computeIfAbsent(type, key -> loader.apply(configDirectory)));
	}

}
