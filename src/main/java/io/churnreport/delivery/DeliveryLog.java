package io.churnreport.delivery;

import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** mart.delivery: every delivery of a month's reports, as it ended. */
@Component
public class DeliveryLog {

	private static final String INSERT = """
			INSERT INTO mart.delivery (month, version, report, target, recipient, status, attempts, error)
			VALUES (:month, :version, :report, :target, :recipient, :status, :attempts, :error)
			""";

	private static final String SELECT = """
			SELECT month, version, report, target, recipient, status, attempts, error
			FROM mart.delivery WHERE month = :month ORDER BY delivery_id
			""";

	private static final String CURRENT_VERSION = "SELECT version FROM mart.month_run WHERE month = :month";

	private final JdbcClient reporting;

	public DeliveryLog(JdbcClient reporting) {
		this.reporting = reporting;
	}

	public void record(DeliveryRecord delivery) {
		reporting.sql(INSERT)
			.param("month", delivery.month().atDay(1))
			.param("version", delivery.version())
			.param("report", delivery.report())
			.param("target", delivery.target())
			.param("recipient", delivery.recipient())
			.param("status", delivery.status())
			.param("attempts", delivery.attempts())
			.param("error", delivery.error().orElse(null))
			.update();
	}

	/** The month's deliveries, oldest first. */
	public List<DeliveryRecord> of(YearMonth month) {
		return reporting.sql(SELECT)
			.param("month", month.atDay(1))
			.query((row, number) -> new DeliveryRecord(YearMonth.from(row.getDate("month").toLocalDate()),
					row.getLong("version"), row.getString("report"), row.getString("target"), row.getString("recipient"),
					"sent".equals(row.getString("status")), row.getInt("attempts"),
					Optional.ofNullable(row.getString("error"))))
			.list();
	}

	/**
	 * The last delivery of the month's version of each report to each recipient and into the
	 * directory, oldest first: what the deliveries of the version now stand at.
	 */
	public List<DeliveryRecord> latest(YearMonth month, long version) {
		Map<List<String>, DeliveryRecord> last = new LinkedHashMap<>();
		for (DeliveryRecord delivery : of(month)) {
			if (delivery.version() == version) {
				List<String> where = List.of(delivery.report(), delivery.target(), delivery.recipient());
				last.remove(where);
				last.put(where, delivery);
			}
		}
		return List.copyOf(last.values());
	}

	/** The version of the month's results the mart holds; empty when the month was never published. */
	public Optional<Long> currentVersion(YearMonth month) {
		return reporting.sql(CURRENT_VERSION).param("month", month.atDay(1)).query(Long.class).optional();
	}

}
