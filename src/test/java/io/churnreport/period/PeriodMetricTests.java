package io.churnreport.period;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PeriodMetricTests {

	@Test
	void everyPeriodMetricIsExplainedInTheQuartersAndFiscalYearsSection() throws IOException {
		String docs = Files.readString(Path.of("docs", "metrics.md"));
		String section = docs.substring(docs.indexOf("## Quarters and fiscal years"));

		for (PeriodMetric metric : PeriodMetric.values()) {
			assertThat(section).as("docs/metrics.md explains `%s`", metric.metricName()).contains("`" + metric.metricName() + "`");
		}
	}

	@Test
	void theSummaryListsEveryMetricInOrderWithAnEmptyValueWhereItDoesNotApply() {
		Map<PeriodMetric, BigDecimal> metrics = new EnumMap<>(PeriodMetric.class);
		metrics.put(PeriodMetric.CUSTOMERS_START, BigDecimal.valueOf(10));
		metrics.put(PeriodMetric.CHURN_RATE, new BigDecimal("0.400000"));

		String csv = PeriodClose.csv(metrics);

		assertThat(csv).startsWith("metric,value\ncustomers_start,10\ncustomers_new,\n").contains("\nchurn_rate,0.400000\n")
			.endsWith("\ngrr_12m,\n");
		assertThat(csv.lines()).hasSize(PeriodMetric.values().length + 1);
	}

}
