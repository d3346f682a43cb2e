package io.churnreport.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.util.FileSystemUtils;

import io.churnreport.support.FixtureInstallation;
import io.churnreport.support.FixtureInstallation.CommandResult;
import io.churnreport.support.PdfText;

/**
 * The demo's months, each list checked the month after: the AUC in summary.csv is recomputed here
 * from the two months' at-risk-customers.csv alone. Who churned in a month is who was on the list
 * of the month before (MRR > 0 at its end) and is not on the month's own (no MRR at its end). The
 * AUC is counted pair by pair, a churner against a customer who stayed: 1 when the churner scored
 * higher, a half when equal.
 */
class AtRiskOnTheDemoIntegrationTests {

	@TempDir
	Path directory;

	@Test
	void everyMonthsCheckOfLastMonthsListEqualsARecomputationFromTheCsvFiles() throws IOException {
		Path out = directory.resolve("out");
		CommandResult demo = FixtureInstallation.runBare("demo", "--customers", "600", "--months", "24", "--last-month",
				"2025-12", "--config", configuration().toString(), "--out", out.toString());
		assertThat(demo.exitCode()).as(demo.toString()).isZero();

		int checked = 0;
		YearMonth firstChecked = null;
		for (YearMonth month = YearMonth.of(2024, 2); !month.isAfter(YearMonth.of(2025, 12)); month = month.plusMonths(1)) {
			List<Map<String, String>> previousList = csv(out.resolve(month.minusMonths(1).toString()).resolve("at-risk-customers.csv"));
			List<Map<String, String>> list = csv(out.resolve(month.toString()).resolve("at-risk-customers.csv"));
			Map<String, String> summary = summary(out.resolve(month.toString()));
			if (previousList.isEmpty()) {
				assertThat(firstChecked).as("%s: once a month is scored, every later month is", month.minusMonths(1)).isNull();
				assertThat(summary.get("risk_list_auc")).as("%s has no list of the month before to check", month).isEmpty();
				continue;
			}
			firstChecked = firstChecked == null ? month : firstChecked;
			assertThat(list).as("%s is scored when the month before was", month).isNotEmpty();
			Set<String> stillActive = new HashSet<>();
			list.forEach(customer -> stillActive.add(customer.get("customer_id")));
			assertThat(summary.get("risk_list_auc")).as("AUC of %s", month)
				.isEqualTo(auc(previousList, stillActive, customer -> Double.parseDouble(customer.get("score"))));
			assertThat(summary.get("risk_tenure_rule_auc")).as("tenure rule AUC of %s", month)
				.isEqualTo(auc(previousList, stillActive, customer -> -Double.parseDouble(customer.get("tenure_months"))));
			checked++;
		}
		// the model needs 3 earlier months and here 10 churners: from the fifth month on, each month has a check
		assertThat(checked).as("months checked, the first " + firstChecked).isGreaterThanOrEqualTo(19);

		String december = PdfText.of(out.resolve("2025-12").resolve("management-report.pdf"));
		assertThat(december).contains("Customers at risk", "What raises the risk", "How the lists did", "Lift over rule");
		String auc = new BigDecimal(summary(out.resolve("2025-12")).get("risk_list_auc")).setScale(2, RoundingMode.HALF_UP)
			.toPlainString();
		assertThat(december).contains("Last month's list ranked churners better than tenure alone (AUC " + auc);
		String january = PdfText.of(out.resolve("2024-01").resolve("management-report.pdf"));
		assertThat(january).contains("Not scored this month: too little history to learn from",
				"No list checked in the last 6 months");
	}

	private static String auc(List<Map<String, String>> previousList, Set<String> stillActive,
			ToDoubleFunction<Map<String, String>> score) {
		double wins = 0;
		long pairs = 0;
		for (Map<String, String> churner : previousList) {
			if (stillActive.contains(churner.get("customer_id"))) {
				continue;
			}
			for (Map<String, String> stayer : previousList) {
				if (!stillActive.contains(stayer.get("customer_id"))) {
					continue;
				}
				double difference = score.applyAsDouble(churner) - score.applyAsDouble(stayer);
				wins += difference > 0 ? 1 : difference == 0 ? 0.5 : 0;
				pairs++;
			}
		}
		return pairs == 0 ? "" : new BigDecimal(wins / pairs).setScale(6, RoundingMode.HALF_UP).toPlainString();
	}

	/** Rows of a CSV file without quoted commas (at-risk-customers.csv's explanation has none in the demo). */
	private static List<Map<String, String>> csv(Path file) throws IOException {
		List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
		String[] header = lines.get(0).split(",", -1);
		return lines.subList(1, lines.size()).stream().map(line -> {
			String[] cells = line.split(",", -1);
			Map<String, String> row = new HashMap<>();
			for (int i = 0; i < header.length; i++) {
				row.put(header[i], cells[i]);
			}
			return row;
		}).toList();
	}

	private static Map<String, String> summary(Path month) throws IOException {
		Map<String, String> metrics = new HashMap<>();
		for (String line : Files.readAllLines(month.resolve("summary.csv"), StandardCharsets.UTF_8)) {
			String[] cells = line.split(",", -1);
			metrics.put(cells[0], cells[1]);
		}
		return metrics;
	}

	private Path configuration() throws IOException {
		Path config = directory.resolve("config");
		FileSystemUtils.copyRecursively(Path.of("config"), config);
		Path applicationYaml = config.resolve("application.yml");
		// a small demo churns few customers in its first months: the model may learn from 10
		Files.writeString(applicationYaml, Files.readString(applicationYaml)
			.replace("data-directory: data/embedded-postgres", "data-directory: " + directory.resolve("pg"))
				+ "  risk:\n    minimum-churners: 10\n");
		return config;
	}

}
