package io.churnreport.quality;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.churnreport.extract.SourceQuery;
import io.churnreport.report.CsvFile;

/** The month's data-quality findings as a CSV file (only the header when the sources were clean). */
@Configuration(proxyBeanMethods = false)
public class DataQualityCsvFiles {

	public static final String FILE_NAME = "data-quality.csv";

	/** Sources in contract order, then rules in the order they run (README, Data quality). */
	@Bean
	CsvFile dataQualityCsv() {
		List<String> sources = SourceQuery.ALL.stream().map(SourceQuery::name).toList();
		List<String> rules = SourceContractRules.all().stream().map(QualityRule::name).distinct().toList();
		return new CsvFile(FILE_NAME, """
				SELECT to_char(month, 'YYYY-MM') AS month, source, rule, action, rows, rows_extracted
				FROM mart.data_quality
				WHERE month = :month
				ORDER BY array_position(ARRAY[%s], source), array_position(ARRAY[%s], rule), rule
				""".formatted(quoted(sources), quoted(rules)),
				List.of("month", "source", "rule", "action", "rows", "rows_extracted"));
	}

	private static String quoted(List<String> names) {
		return String.join(", ", names.stream().map(name -> "'" + name + "'").toList());
	}

}
