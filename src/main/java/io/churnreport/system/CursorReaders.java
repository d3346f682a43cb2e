package io.churnreport.system;

import java.util.Map;

import javax.sql.DataSource;

import org.springframework.batch.infrastructure.item.database.JdbcCursorItemReader;
import org.springframework.batch.infrastructure.item.database.builder.JdbcCursorItemReaderBuilder;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterUtils;
import org.springframework.jdbc.core.namedparam.ParsedSql;

/**
 * Restartable cursor readers for SQL with named parameters, mapping each row to a record. Rows
 * are streamed (auto-commit off, a fetch size), never loaded whole; on restart the reader skips
 * the rows of the chunks already committed, so the SQL must order its rows completely.
 */
public final class CursorReaders {

	private static final int FETCH_SIZE = 2_000;

	private CursorReaders() {
	}

	/**
	 * @throws org.springframework.dao.InvalidDataAccessApiUsageException when the SQL uses a
	 * named parameter that is not given
	 */
	public static <T> JdbcCursorItemReader<T> reader(String name, DataSource dataSource, String sql,
			Map<String, ?> parameters, Class<T> rowType) {
		ParsedSql parsed = NamedParameterUtils.parseSqlStatement(sql);
		MapSqlParameterSource parameterSource = new MapSqlParameterSource(parameters);
		Object[] values = NamedParameterUtils.buildValueArray(parsed, parameterSource, null);
		return new JdbcCursorItemReaderBuilder<T>().name(name)
			.dataSource(dataSource)
			.sql(NamedParameterUtils.substituteNamedParameters(parsed, parameterSource))
			.preparedStatementSetter(new ArgumentPreparedStatementSetter(values))
			.dataRowMapper(rowType)
			.fetchSize(FETCH_SIZE)
			.connectionAutoCommit(false)
			.verifyCursorPosition(false)
			.build();
	}

}
