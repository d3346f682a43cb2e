package io.churnreport.system;

import java.util.Locale;

/**
 * The platforms whose PostgreSQL binaries the jar carries for the embedded server (see pom.xml):
 * Linux on x86-64 and ARM64, macOS on Intel and Apple silicon, Windows on x86-64. Elsewhere the
 * embedded server cannot start, and the operator is told so before anything is tried.
 */
final class EmbeddedPlatforms {

	private EmbeddedPlatforms() {
	}

	/** Whether the jar carries the embedded PostgreSQL for this operating system and architecture. */
	static boolean isCarried(String osName, String osArch) {
		String os = osName.toLowerCase(Locale.ROOT);
		String arch = osArch.toLowerCase(Locale.ROOT);
		boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
		boolean arm64 = arch.equals("aarch64") || arch.equals("arm64");
		if (os.startsWith("linux") || os.startsWith("mac")) {
			return x64 || arm64;
		}
		return os.startsWith("windows") && x64;
	}

	/** Refuses a platform the jar carries no binaries for, saying what to do instead. */
	static void check(String osName, String osArch) {
		if (!isCarried(osName, osArch)) {
			throw new InvalidConfigurationException("The embedded PostgreSQL is not available on " + osName + " " + osArch
					+ ": churn-report carries it for Linux (x86-64, ARM64), macOS (Intel, Apple silicon) and Windows "
					+ "(x86-64). Use PostgreSQL databases of your own: set CHURN_BILLING_URL, CHURN_CRM_URL and "
					+ "CHURN_REPORTING_URL (README, Running it on your databases).");
		}
	}

}
