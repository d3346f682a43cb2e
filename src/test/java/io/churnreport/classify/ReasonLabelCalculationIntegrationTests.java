package io.churnreport.classify;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.churnreport.month.MonthContext;
import io.churnreport.month.ReportingMonth;
import io.churnreport.support.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class ReasonLabelCalculationIntegrationTests {

	private static final ReportingMonth JULY = ReportingMonth.of("2025-07", ZoneOffset.UTC);

	private static DataSource reporting;

	@TempDir
	Path config;

	@BeforeAll
	static void createReportingDatabase() {
		reporting = TestPostgres.migratedReportingDatabase("reason_labels");
	}

	@Test
	void storesTheMonthsLabelsInOtherLanguagesAndNamesWhatATurkishReportShowsUntranslated(CapturedOutput output)
			throws Exception {
		Files.writeString(config.resolve(ChurnReasonCatalog.FILE_NAME), """
				reasons:
				  - {code: Price_Too_High, label: Price too high, labels: {tr: Fiyat çok yüksek}, category: price, class: managed}
				  - {code: nonpayment, label: Payment failed, category: payment, class: managed}
				categories:
				  price: {en: Price, tr: Fiyat}
				""");
		JdbcClient jdbc = JdbcClient.create(reporting);
		jdbc.sql("INSERT INTO mart.reason_label VALUES ('2025-07-01', 'reason', 'gone', 'tr', 'from an earlier run')").update();

		new ReasonLabelCalculation(jdbc, Locale.forLanguageTag("tr")).calculate(new MonthContext(JULY, config));

		List<String> stored = jdbc
			.sql("SELECT kind || ' ' || code || ' ' || language || ' ' || label FROM mart.reason_label WHERE month = '2025-07-01' ORDER BY 1")
			.query(String.class)
			.list();
		assertThat(stored).containsExactly("category price en Price", "category price tr Fiyat",
				"reason price_too_high tr Fiyat çok yüksek");
		assertThat(output).contains("The reports are in 'tr', but churn-reasons.yml in " + config
				+ " gives no 'tr' label for: reason nonpayment, category payment. They show their 'en' label");
	}

}
