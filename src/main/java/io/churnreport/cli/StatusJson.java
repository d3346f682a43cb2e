package io.churnreport.cli;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import io.churnreport.job.MonthStatus;
import io.churnreport.month.ReportingMonth;

/**
 * {@code status --json}: the same history as {@link StatusReport}, as one JSON document for scripts
 * and monitoring. Its fields are named here, not derived from the records, so that renaming a Java
 * type does not change what scripts read. Times are ISO-8601 with the offset of the zone the job
 * repository's times were recorded in (this machine's); absent values are null.
 */
final class StatusJson {

	private static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private StatusJson() {
	}

	static String of(MonthStatus status) {
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("month", status.month().map(ReportingMonth::format).orElse(null));
		status.overview().ifPresent(overview -> {
			document.put("lastCompleteMonth", overview.lastComplete().map(ReportingMonth::format).orElse(null));
			document.put("notCompleteMonths", overview.notComplete().stream().map(ReportingMonth::format).toList());
			document.put("leftRunning", overview.stale().stream().map(StatusJson::stale).toList());
		});
		document.put("runs", status.runs().stream().map(StatusJson::run).toList());
		return MAPPER.writeValueAsString(document);
	}

	private static Map<String, Object> stale(MonthStatus.Stale stale) {
		Map<String, Object> node = new LinkedHashMap<>();
		node.put("month", ReportingMonth.format(stale.month()));
		node.put("executionId", stale.executionId());
		node.put("host", stale.owner().host());
		node.put("pid", stale.owner().pid());
		return node;
	}

	private static Map<String, Object> run(MonthStatus.Run run) {
		Map<String, Object> node = new LinkedHashMap<>();
		node.put("month", run.month().map(ReportingMonth::format).orElse(null));
		node.put("version", run.version());
		node.put("attempt", run.attempt());
		node.put("executions", run.executions().stream().map(StatusJson::execution).toList());
		return node;
	}

	private static Map<String, Object> execution(MonthStatus.ExecutionStatus execution) {
		Map<String, Object> node = new LinkedHashMap<>();
		node.put("id", execution.execution().id());
		node.put("status", execution.execution().status().name());
		node.put("startTime", time(execution.execution().startTime()));
		node.put("endTime", time(execution.execution().endTime()));
		node.put("exitDescription", execution.exitDescription().orElse(null));
		List<Map<String, Object>> steps = execution.steps().stream().map(StatusJson::step).toList();
		node.put("steps", steps);
		return node;
	}

	private static Map<String, Object> step(MonthStatus.StepStatus step) {
		Map<String, Object> node = new LinkedHashMap<>();
		node.put("name", step.name());
		node.put("status", step.status().name());
		node.put("readCount", step.readCount());
		node.put("writeCount", step.writeCount());
		node.put("startTime", time(step.startTime()));
		node.put("endTime", time(step.endTime()));
		return node;
	}

	/** The job repository keeps local times of the JVM that recorded them: given here with their offset. */
	private static String time(Optional<LocalDateTime> time) {
		return time.map(local -> local.atZone(ZoneId.systemDefault()).toOffsetDateTime().toString()).orElse(null);
	}

}
