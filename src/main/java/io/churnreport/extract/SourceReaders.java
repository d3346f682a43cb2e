package io.churnreport.extract;

import java.nio.file.Path;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.batch.infrastructure.item.database.JdbcCursorItemReader;
import org.springframework.dao.InvalidDataAccessApiUsageException;

import io.churnreport.metrics.ReportingMonth;
import io.churnreport.system.CursorReaders;
import io.churnreport.system.InvalidConfigurationException;

/** Streams the canonical rows of an operator's source query. */
public final class SourceReaders {

	private SourceReaders() {
	}

	/**
	 * A restartable reader of the query's canonical rows. The named parameters
	 * {@code :period_start} and {@code :period_end} are bound to the first instant of the month
	 * and of the next month; the query may ignore them.
	 */
	public static <T extends Record> JdbcCursorItemReader<T> reader(SourceQuery<T> query, DataSource source,
			Path configDirectory, ReportingMonth month) {
		String sql = query.canonicalSql(query.readOperatorSql(configDirectory));
		try {
			return CursorReaders.reader(query.name() + "Reader", source, sql,
					Map.of("period_start", month.start(), "period_end", month.end()), query.rowType());
		}
		catch (InvalidDataAccessApiUsageException ex) {
			throw new InvalidConfigurationException(query.path(configDirectory) + ": " + ex.getMessage()
					+ ". A source query can use only :period_start and :period_end.", ex);
		}
	}

}
