package io.churnreport.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import picocli.CommandLine.IVersionProvider;

/**
 * The version {@code -V} prints: the one the build wrote into {@code META-INF/build-info.properties},
 * so that it cannot drift from the artifact's.
 */
final class BuildVersion implements IVersionProvider {

	static final String BUILD_INFO = "META-INF/build-info.properties";

	@Override
	public String[] getVersion() throws IOException {
		return new String[] { "churn-report " + version() };
	}

	static String version() throws IOException {
		try (InputStream in = BuildVersion.class.getClassLoader().getResourceAsStream(BUILD_INFO)) {
			if (in == null) {
				return "(version unknown: " + BUILD_INFO + " is missing; build with ./mvnw package)";
			}
			Properties buildInfo = new Properties();
			buildInfo.load(in);
			return buildInfo.getProperty("build.version", "(version unknown)");
		}
	}

}
