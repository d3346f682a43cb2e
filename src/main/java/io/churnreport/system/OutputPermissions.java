package io.churnreport.system;

import org.springframework.stereotype.Component;

/**
 * Applies {@code churn.output.file-permissions} to every file this process writes through
 * {@link AtomicFiles}, at start-up (the value was validated when the properties were bound).
 */
@Component
public class OutputPermissions {

	public OutputPermissions(ChurnProperties properties) {
		AtomicFiles.usePermissions(properties.output().filePermissions());
	}

}
