package io.churnreport.system;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

/** The platforms the embedded PostgreSQL runs on, as the JVM names them, and the refusal elsewhere. */
class EmbeddedPlatformsTests {

	@Test
	void theCarriedPlatformsAsTheJvmNamesThem() {
		assertThat(EmbeddedPlatforms.isCarried("Linux", "amd64")).isTrue();
		assertThat(EmbeddedPlatforms.isCarried("Linux", "aarch64")).isTrue();
		assertThat(EmbeddedPlatforms.isCarried("Mac OS X", "x86_64")).isTrue();
		assertThat(EmbeddedPlatforms.isCarried("Mac OS X", "aarch64")).isTrue();
		assertThat(EmbeddedPlatforms.isCarried("Windows 11", "amd64")).isTrue();
		assertThat(EmbeddedPlatforms.isCarried("Windows 11", "aarch64")).isFalse();
		assertThat(EmbeddedPlatforms.isCarried("Linux", "ppc64le")).isFalse();
		assertThat(EmbeddedPlatforms.isCarried("FreeBSD", "amd64")).isFalse();
	}

	@Test
	void elsewhereTheRefusalNamesThePlatformAndTheDatabaseSettings() {
		assertThatNoException().isThrownBy(() -> EmbeddedPlatforms.check("Linux", "amd64"));
		assertThatThrownBy(() -> EmbeddedPlatforms.check("Linux", "ppc64le")).isInstanceOf(InvalidConfigurationException.class)
			.hasMessageContaining("The embedded PostgreSQL is not available on Linux ppc64le")
			.hasMessageContaining("CHURN_BILLING_URL, CHURN_CRM_URL and CHURN_REPORTING_URL");
	}

	@Test
	void thisMachineIsCarried() {
		// the build and its tests run the embedded server here
		assertThat(EmbeddedPlatforms.isCarried(System.getProperty("os.name"), System.getProperty("os.arch"))).isTrue();
	}

}
