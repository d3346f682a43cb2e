package io.churnreport.period;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

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

		String csv = PeriodClose.csv(metrics, Optional.empty(), Optional.empty());

		assertThat(csv)
			.startsWith("metric,value,year_to_date,same_period_last_year,change\ncustomers_start,10,,,\ncustomers_new,,,,\n")
			.contains("\nchurn_rate,0.400000,,,\n")
			.endsWith("\ngrr_12m,,,,\n");
		assertThat(csv.lines()).hasSize(PeriodMetric.values().length + 1);
	}

	@Test
	void theSamePeriodLastYearStandsBesideEachFigureWithTheChange() {
		Map<PeriodMetric, BigDecimal> metrics = new EnumMap<>(PeriodMetric.class);
		metrics.put(PeriodMetric.CUSTOMERS_START, BigDecimal.valueOf(10));
		metrics.put(PeriodMetric.CHURN_RATE, new BigDecimal("0.400000"));
		metrics.put(PeriodMetric.MRR_END, new BigDecimal("428.33"));
		Map<PeriodMetric, BigDecimal> lastYear = new EnumMap<>(PeriodMetric.class);
		lastYear.put(PeriodMetric.CUSTOMERS_START, BigDecimal.valueOf(8));
		lastYear.put(PeriodMetric.CHURN_RATE, new BigDecimal("0.250000"));
		lastYear.put(PeriodMetric.MRR_END, new BigDecimal("500.00"));
		lastYear.put(PeriodMetric.NRR_12M, new BigDecimal("1.020000"));

		Map<PeriodMetric, BigDecimal> yearToDate = new EnumMap<>(PeriodMetric.class);
		yearToDate.put(PeriodMetric.CUSTOMERS_START, BigDecimal.valueOf(7));

		String csv = PeriodClose.csv(metrics, Optional.of(yearToDate), Optional.of(lastYear));

		// 10 - 8 = 2 customers; 0.40 - 0.25 = 0.15, 15 points; 428.33 - 500.00 = -71.67; no NRR this year: no change
		assertThat(csv).contains("\ncustomers_start,10,7,8,2\n", "\nchurn_rate,0.400000,,0.250000,0.150000\n",
				"\nmrr_end,428.33,,500.00,-71.67\n", "\nnrr_12m,,,1.020000,\n");
	}

}
