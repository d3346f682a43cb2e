package io.churnreport.extract;

import java.time.LocalDate;

import javax.sql.DataSource;

import org.springframework.batch.infrastructure.item.database.JdbcBatchItemWriter;
import org.springframework.batch.infrastructure.item.database.builder.JdbcBatchItemWriterBuilder;
import org.springframework.jdbc.core.namedparam.SimplePropertySqlParameterSource;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;

/** Writes canonical rows into their staging table, tagged with the month of the run. */
public final class StagingWriters {

	private StagingWriters() {
	}

	public static <T extends Record> JdbcBatchItemWriter<T> writer(SourceQuery<T> query, DataSource reporting,
			LocalDate runMonth) {
		JdbcBatchItemWriter<T> writer = new JdbcBatchItemWriterBuilder<T>().dataSource(reporting)
			.sql(query.stagingInsertSql())
			.itemSqlParameterSourceProvider(row -> new RunMonthParameterSource(runMonth, new SimplePropertySqlParameterSource(row)))
			.assertUpdates(true)
			.build();
		writer.afterPropertiesSet();
		return writer;
	}

	/** The row's properties plus {@code runMonth}. */
	private record RunMonthParameterSource(LocalDate runMonth, SqlParameterSource row) implements SqlParameterSource {

		@Override
		public boolean hasValue(String name) {
			return "runMonth".equals(name) || row.hasValue(name);
		}

		@Override
		public Object getValue(String name) {
			return "runMonth".equals(name) ? runMonth : row.getValue(name);
		}

		@Override
		public int getSqlType(String name) {
			return "runMonth".equals(name) ? TYPE_UNKNOWN : row.getSqlType(name);
		}

	}

}
