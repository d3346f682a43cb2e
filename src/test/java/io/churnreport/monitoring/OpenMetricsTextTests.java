package io.churnreport.monitoring;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The tests' reader of the metrics file is strict: what it accepts is the format, and only that. */
class OpenMetricsTextTests {

	@Test
	void readsFamiliesSamplesLabelsAndValues() {
		OpenMetricsText text = OpenMetricsText.parse("""
				# TYPE a_seconds gauge
				# HELP a_seconds A help text, with "quotes"
				a_seconds{month="2025-02",step="x:1of2"} 1.796367619E9
				a_seconds{month="2025-03",step="say \\"hi\\""} +Inf
				# TYPE b counter
				b_total 3
				# EOF
				""");

		assertThat(text.types()).containsExactly(Map.entry("a_seconds", "gauge"), Map.entry("b", "counter"));
		assertThat(text.value("a_seconds", Map.of("month", "2025-02", "step", "x:1of2"))).contains(1.796367619E9);
		assertThat(text.value("a_seconds", Map.of("month", "2025-03", "step", "say \"hi\""))).contains(
				Double.POSITIVE_INFINITY);
		assertThat(text.value("b_total", Map.of())).contains(3.0);
	}

	@Test
	void refusesWhatTheFormatDoesNotAllow() {
		String gauge = "# TYPE a gauge\n";
		assertThatIllegalArgumentException().isThrownBy(() -> OpenMetricsText.parse(gauge + "a 1\n"))
			.withMessageContaining("# EOF");
		assertThatIllegalArgumentException().isThrownBy(() -> OpenMetricsText.parse("a 1\n# EOF\n"))
			.withMessageContaining("outside its declared family");
		assertThatIllegalArgumentException().isThrownBy(() -> OpenMetricsText.parse(gauge + "a 1\na 2\n# EOF\n"))
			.withMessageContaining("appears twice");
		assertThatIllegalArgumentException().isThrownBy(() -> OpenMetricsText.parse(gauge + "a{m=2025} 1\n# EOF\n"))
			.withMessageContaining("malformed labels");
		assertThatIllegalArgumentException().isThrownBy(() -> OpenMetricsText.parse(gauge + "a one\n# EOF\n"))
			.withMessageContaining("not a number");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> OpenMetricsText.parse(gauge + "a 1\n# TYPE b gauge\nb 1\n# TYPE a gauge\n# EOF\n"))
			.withMessageContaining("family a appears twice");
		assertThatIllegalArgumentException().isThrownBy(() -> OpenMetricsText.parse("# TYPE a histo\n# EOF\n"))
			.withMessageContaining("TYPE");
	}

}
