package io.churnreport.monitoring;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import io.churnreport.delivery.DeliveryRecord;
import io.churnreport.month.ReportingMonth;
import io.churnreport.system.ChurnProperties;
import io.churnreport.system.ChurnProperties.Monitoring.Pushgateway;

/**
 * Pushes the metrics of a month run to the Prometheus Pushgateway at
 * {@code churn.monitoring.pushgateway.url}, for a scheduler whose machine has no node_exporter (a
 * Kubernetes CronJob's pod is gone before anything scrapes it). Each month is a group of its own,
 * {@code /metrics/job/<job>/month/<YYYY-MM>}, replaced as a whole (HTTP PUT) by the month's next
 * run: a failed month's group tells of the failure until a run of that month completes, whatever
 * other months ran since, and {@code deliver} can replace its own month's group at any time.
 */
@Component
public class MonthRunPushgateway {

	// the text format every Pushgateway version reads
	private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

	private final ChurnProperties properties;

	private final MonthRunMeters meters;

	public MonthRunPushgateway(ChurnProperties properties, MonthRunMeters meters) {
		this.properties = properties;
		this.meters = meters;
	}

	/**
	 * Pushes the run's metrics where configured.
	 * @return the group's address pushed to; empty when no Pushgateway is configured
	 * @throws PushFailedException when the Pushgateway could not be reached or refused the metrics
	 */
	public Optional<URI> push(MonthRun run) {
		Pushgateway pushgateway = properties.monitoring().pushgateway();
		if (!pushgateway.isConfigured()) {
			return Optional.empty();
		}
		URI group = group(pushgateway, run.month());
		String text = meters.text(run, TEXT_FORMAT);
		HttpRequest request = HttpRequest.newBuilder(group)
			.timeout(pushgateway.timeout())
			.header("Content-Type", TEXT_FORMAT)
			.PUT(HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8))
			.build();
		HttpResponse<String> response = send(pushgateway, request, group);
		if (response.statusCode() / 100 != 2) {
			throw new PushFailedException(group,
					"answered HTTP " + response.statusCode() + firstLine(response.body()), null);
		}
		return Optional.of(group);
	}

	/**
	 * After {@code deliver} sent a completed month's reports again: its group is pushed anew with the
	 * deliveries as they now stand.
	 * @param executionId the month's last completed execution
	 */
	public Optional<URI> pushRedelivered(YearMonth month, long executionId, List<DeliveryRecord> deliveries) {
		return push(MonthRun.redelivered(month, executionId, deliveries));
	}

	/**
	 * Asks the configured Pushgateway whether it is up ({@code GET /-/healthy}), pushing nothing: for
	 * {@code check-config}, which writes nothing.
	 * @return what a check shows of it
	 * @throws PushFailedException when it cannot be reached or is not healthy
	 */
	public String checkHealthy() {
		Pushgateway pushgateway = properties.monitoring().pushgateway();
		URI health = URI.create(base(pushgateway) + "-/healthy");
		HttpRequest request = HttpRequest.newBuilder(health).timeout(pushgateway.timeout()).GET().build();
		HttpResponse<String> response;
		try {
			response = send(pushgateway, request, health);
		}
		catch (PushFailedException ex) {
			// without its cause: an unreachable Pushgateway is a problem of the configuration, not a
			// database that could not be reached (exit 6)
			throw new PushFailedException(health, ex.why + ": start it there, or correct churn.monitoring.pushgateway.url",
					null);
		}
		if (response.statusCode() / 100 != 2) {
			throw new PushFailedException(health, "answered HTTP " + response.statusCode() + firstLine(response.body())
					+ ": is churn.monitoring.pushgateway.url a Pushgateway's address?", null);
		}
		return "the Pushgateway at " + pushgateway.url() + " is up; months are pushed to " + base(pushgateway) + "metrics/job/" + pushgateway.job()
				+ "/month/<YYYY-MM>";
	}

	private static HttpResponse<String> send(Pushgateway pushgateway, HttpRequest request, URI address) {
		HttpClient client = HttpClient.newBuilder().connectTimeout(pushgateway.timeout()).build();
		try {
			return client.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new PushFailedException(address, "could not be reached (" + describe(ex) + ")", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new PushFailedException(address, "was not waited for: the process is stopping", ex);
		}
	}

	private static String base(Pushgateway pushgateway) {
		return pushgateway.url().endsWith("/") ? pushgateway.url() : pushgateway.url() + "/";
	}

	static URI group(Pushgateway pushgateway, YearMonth month) {
		return URI.create(base(pushgateway) + "metrics/job/" + pushgateway.job() + "/month/" + ReportingMonth.format(month));
	}

	private static String describe(IOException ex) {
		if (ex instanceof HttpTimeoutException) {
			return "no answer within churn.monitoring.pushgateway.timeout";
		}
		if (ex instanceof ConnectException) {
			return "connection refused";
		}
		return ex.getMessage() == null || ex.getMessage().isBlank() ? ex.getClass().getSimpleName() : ex.getMessage();
	}

	private static String firstLine(String body) {
		String line = body == null ? "" : body.strip().lines().findFirst().orElse("");
		return line.isEmpty() ? "" : ": " + (line.length() > 200 ? line.substring(0, 200) + "..." : line);
	}

	/** The Pushgateway did not take a month run's metrics; the message names its address and why. */
	public static class PushFailedException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private final String why;

		PushFailedException(URI address, String why, Throwable cause) {
			super("The Pushgateway at " + address + " " + why, cause);
			this.why = why;
		}

	}

}
