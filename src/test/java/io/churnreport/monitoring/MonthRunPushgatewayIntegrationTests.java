package io.churnreport.monitoring;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.churnreport.support.FixtureInstallation;
import io.churnreport.support.FixtureInstallation.CommandResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Pushing a month run's metrics to a Pushgateway, on the fixture whose figures
 * MonthlyChurnJobFunctionalIntegrationTests works out by hand (February 2025: 1 of 10 churned, 9
 * customers and 468.33 MRR at the end). The Pushgateway is a Go server that cannot run inside the
 * test's JVM; an HTTP server in the test takes its place and answers as its API does (PUT of a
 * group, GET /-/healthy), recording what it was sent.
 */
@ExtendWith(OutputCaptureExtension.class)
class MonthRunPushgatewayIntegrationTests {

	@TempDir
	Path directory;

	private HttpServer pushgateway;

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private volatile int answer = 200;

	record Received(String method, String path, String contentType, String body) {
	}

	@BeforeEach
	void startPushgateway() throws IOException {
		pushgateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		pushgateway.createContext("/", this::answer);
		pushgateway.start();
	}

	@AfterEach
	void stopPushgateway() {
		pushgateway.stop(0);
	}

	private void answer(HttpExchange exchange) throws IOException {
		String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
				exchange.getRequestHeaders().getFirst("Content-Type"), body));
		byte[] reply = (answer == 200 ? "OK" : "pushed metrics are invalid or inconsistent with existing metrics")
			.getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(answer, reply.length);
		exchange.getResponseBody().write(reply);
		exchange.close();
	}

	private String address() {
		return "http://127.0.0.1:" + pushgateway.getAddress().getPort();
	}

	@Test
	void aCompletedMonthPutsItsMetricsAsTheMonthsGroupAndCheckConfigOnlyAsksWhetherThePushgatewayIsUp() throws IOException {
		FixtureInstallation installation = FixtureInstallation.create(directory);
		installation.withSettings("  monitoring:\n    pushgateway:\n      url: " + address() + "\n");

		CommandResult check = FixtureInstallation.runBare("check-config", "--config",
				installation.configDirectory().toString());
		assertThat(check.exitCode()).as(check.toString()).isZero();
		assertThat(check.out()).contains("monitoring: the Pushgateway at " + address() + " is up; months are pushed to " + address()
				+ "/metrics/job/churn-report/month/<YYYY-MM>");
		assertThat(received).extracting(Received::method, Received::path).containsExactly(
				tuple("GET", "/-/healthy"));
		received.clear();

		installation.runSucceeding("run", "--month", "2025-02");

		assertThat(received).hasSize(1);
		Received push = received.get(0);
		assertThat(push.method()).isEqualTo("PUT");
		assertThat(push.path()).isEqualTo("/metrics/job/churn-report/month/2025-02");
		assertThat(push.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
		// for gauges the Prometheus text format is the OpenMetrics one without its closing line
		OpenMetricsText metrics = OpenMetricsText.parse(push.body() + "# EOF\n");
		Map<String, String> february = Map.of("month", "2025-02");
		assertThat(metrics.value("churn_report_job_success", february)).contains(1.0);
		assertThat(metrics.value("churn_report_job_exit_code", february)).contains(0.0);
		assertThat(metrics.value("churn_report_churn_rate", february)).contains(0.1);
		assertThat(metrics.value("churn_report_mrr_end", Map.of("month", "2025-02", "currency", "EUR"))).contains(468.33);
		assertThat(metrics.value("churn_report_customers_end", february)).contains(9.0);
		assertThat(metrics.value("churn_report_source_rows_extracted", Map.of("month", "2025-02", "source", "customers")))
			.contains(13.0);
	}

	@Test
	void aPushgatewayThatRefusesOrIsGoneLeavesTheMonthCompletedAndSaysWhereItPushed(CapturedOutput log) throws IOException {
		FixtureInstallation installation = FixtureInstallation.create(directory);
		installation.withSettings("  monitoring:\n    pushgateway:\n      url: " + address() + "/\n      job: churn_nightly\n");
		answer = 400;

		CommandResult refused = installation.run("run", "--month", "2025-01");

		assertThat(refused.exitCode()).as(refused.toString()).isZero();
		assertThat(log.getAll()).contains("Could not push the metrics of 2025-01: The Pushgateway at " + address()
				+ "/metrics/job/churn_nightly/month/2025-01 answered HTTP 400: pushed metrics are invalid or inconsistent "
				+ "with existing metrics. The month's outcome stands");
		assertThat(received).extracting(Received::path).containsExactly("/metrics/job/churn_nightly/month/2025-01");

		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		installation.edit("application.yml", address() + "/", "http://127.0.0.1:" + closedPort);
		CommandResult gone = installation.run("run", "--month", "2025-02");
		assertThat(gone.exitCode()).as(gone.toString()).isZero();
		assertThat(log.getAll()).contains("Could not push the metrics of 2025-02: The Pushgateway at http://127.0.0.1:"
				+ closedPort + "/metrics/job/churn_nightly/month/2025-02 could not be reached (connection refused). The month's "
				+ "outcome stands; check that the Pushgateway runs and churn.monitoring.pushgateway.url");
		assertThat(installation.monthDirectory("2025-02").resolve("summary.csv")).isRegularFile();

		CommandResult check = FixtureInstallation.runBare("check-config", "--config",
				installation.configDirectory().toString());
		assertThat(check.exitCode()).as(check.toString()).isEqualTo(3);
		assertThat(check.toString()).contains("monitoring: The Pushgateway at http://127.0.0.1:" + closedPort
				+ "/-/healthy could not be reached (connection refused): start it there, or correct "
				+ "churn.monitoring.pushgateway.url");
	}

	@Test
	void anAddressThatIsNotHttpIsRefusedAtStart() {
		FixtureInstallation installation = FixtureInstallation.create(directory);
		installation.withSettings("  monitoring:\n    pushgateway:\n      url: pushgateway:9091\n");

		CommandResult refused = installation.run("run", "--month", "2025-01");

		assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(3);
		assertThat(refused.toString()).contains("churn.monitoring.pushgateway.url")
			.contains("must be an http:// or https:// address such as http://pushgateway:9091");
		assertThat(received).isEmpty();
	}

}
