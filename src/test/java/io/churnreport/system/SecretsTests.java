package io.churnreport.system;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecretsTests {

	@Test
	void masksPasswordParametersOfAJdbcUrlAndKeepsTheRest() {
		assertThat(Secrets.maskUrl("jdbc:postgresql://db:5432/billing?user=reader&password=Pa55w0rd&sslmode=verify-full"))
			.isEqualTo("jdbc:postgresql://db:5432/billing?user=reader&password=******&sslmode=verify-full");
		assertThat(Secrets.maskUrl("jdbc:postgresql://db/billing?password=first&sslpassword=second"))
			.isEqualTo("jdbc:postgresql://db/billing?password=******&sslpassword=******");
		assertThat(Secrets.maskUrl("jdbc:postgresql://db/billing?PASSWORD=x;other=1")).isEqualTo(
				"jdbc:postgresql://db/billing?PASSWORD=******;other=1");
	}

	@Test
	void masksAPasswordGivenAsUserInformation() {
		assertThat(Secrets.maskUrl("postgresql://reader:Pa55w0rd@db:5432/billing"))
			.isEqualTo("postgresql://reader:******@db:5432/billing");
	}

	@Test
	void leavesUrlsWithoutPasswordsAndNullAlone() {
		assertThat(Secrets.maskUrl("jdbc:postgresql://localhost:5432/billing?sslmode=require"))
			.isEqualTo("jdbc:postgresql://localhost:5432/billing?sslmode=require");
		assertThat(Secrets.maskUrl(null)).isNull();
	}

	@Test
	void masksUrlsInsideAMessageAndTheGivenSecretsAnywhere() {
		assertThat(Secrets.mask("Driver claims to not accept jdbcUrl, jdbc:postgres://db/x?password=abc&ssl=true; also abc",
				"abc"))
			.isEqualTo("Driver claims to not accept jdbcUrl, jdbc:postgres://db/x?password=******&ssl=true; also ******");
		// a password may hold any character but a separator: what follows it up to the next one is masked too
		assertThat(Secrets.maskUrl("refused: jdbc:postgresql://db/x?password=a.b,c. Check it"))
			.isEqualTo("refused: jdbc:postgresql://db/x?password=****** Check it");
	}

	@Test
	void passwordsComeOutOfAUrlDecodedAndTheRestStays() {
		Secrets.UrlPasswords split = Secrets
			.withoutPasswords("jdbc:postgresql://db/billing?user=reader&password=p%26ss&sslmode=require&sslpassword=k");

		assertThat(split.url()).isEqualTo("jdbc:postgresql://db/billing?user=reader&sslmode=require");
		assertThat(split.password()).isEqualTo("p&ss");
		assertThat(split.sslPassword()).isEqualTo("k");
		assertThat(split.toString()).doesNotContain("p&ss");
		assertThat(Secrets.withoutPasswords("jdbc:postgresql://db/billing?password=x").url())
			.isEqualTo("jdbc:postgresql://db/billing");
		assertThat(Secrets.withoutPasswords("jdbc:postgresql://db/billing")).isEqualTo(
				new Secrets.UrlPasswords("jdbc:postgresql://db/billing", null, null));
	}

	@Test
	void aDatabaseNeverShowsItsPasswords() {
		ChurnProperties.Database database = new ChurnProperties.Database(
				"jdbc:postgresql://db/billing?password=inUrl", "reader", "inProperty", "verify-full", null, null, null,
				"keyPassword");

		assertThat(database.toString()).contains("reader", "verify-full", "password=******")
			.doesNotContain("inUrl", "inProperty", "keyPassword");
	}

}
