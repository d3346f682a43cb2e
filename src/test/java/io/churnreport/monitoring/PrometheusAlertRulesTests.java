package io.churnreport.monitoring;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The alert rules shipped for the metrics file: a Prometheus rule file with the documented alerts. */
class PrometheusAlertRulesTests {

	private static final Path RULES = Path.of("config", "deploy", "prometheus-alerts.yml");

	@Test
	void theRuleFileHoldsTheAlertsOnAFailedMonthAMonthNotRunTooManyQuarantinedRowsAndAFailedDelivery() {
		JsonNode rules = YAMLMapper.builder().build().readTree(RULES.toFile()).get("groups").get(0).get("rules");

		List<String> alerts = new ArrayList<>();
		rules.forEach(rule -> {
			alerts.add(rule.get("alert").asString());
			assertThat(rule.get("expr").asString()).as(rule.get("alert").asString()).contains("churn_report_")
				.doesNotContain("\n");
			assertThat(rule.get("annotations").get("summary").asString()).isNotBlank();
			assertThat(rule.get("labels").get("severity").asString()).isIn("critical", "warning");
		});
		assertThat(alerts).containsExactly("ChurnReportMonthFailed", "ChurnReportMonthNotRun",
				"ChurnReportQuarantineAboveLimit", "ChurnReportDeliveryFailed");
	}

	@Test
	void theRulesReadOnlyMetricsTheFileHolds() {
		JsonNode rules = YAMLMapper.builder().build().readTree(RULES.toFile()).get("groups").get(0).get("rules");

		rules.forEach(rule -> assertThat(rule.get("expr").asString()).containsAnyOf("churn_report_job_success",
				"churn_report_job_last_success_timestamp_seconds", "churn_report_source_quarantined_ratio",
				"churn_report_deliveries"));
		assertThat(rules.get(0).get("expr").asString()).isEqualTo("churn_report_job_success == 0");
		assertThat(rules.get(1).get("expr").asString()).contains("35 * 24 * 3600");
		assertThat(rules.get(2).get("expr").asString()).contains("churn_report_quarantine_limit_ratio");
		assertThat(rules.get(3).get("expr").asString()).isEqualTo("churn_report_deliveries{status=\"failed\"} > 0");
	}

}
