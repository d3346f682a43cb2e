package io.churnreport.job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessResourceFailureException;

/**
 * Whether the operator asked a running job execution to stop, from this or another process.
 * <p>
 * The step's own connection is busy in {@code COPY ... FROM STDIN} while an extract asks this, and
 * a query sent on it would wait for the copy forever: so every question takes a connection of its
 * own from the reporting pool, outside the step's transaction.
 */
final class StopRequests {

	private static final String STATUS_SQL = "SELECT status FROM batch_job_execution WHERE job_execution_id = ?";

	private final DataSource reporting;

	StopRequests(DataSource reporting) {
		this.reporting = reporting;
	}

	boolean isStopping(long jobExecutionId) {
		try (Connection connection = reporting.getConnection();
				PreparedStatement statement = connection.prepareStatement(STATUS_SQL)) {
			statement.setLong(1, jobExecutionId);
			try (ResultSet status = statement.executeQuery()) {
				return status.next() && "STOPPING".equals(status.getString(1));
			}
		}
		catch (SQLException ex) {
			throw new DataAccessResourceFailureException(
					"Could not read whether job execution " + jobExecutionId + " was asked to stop", ex);
		}
	}

}
