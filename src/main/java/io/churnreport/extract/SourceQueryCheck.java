package io.churnreport.extract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSetMetaData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;

import javax.sql.DataSource;

import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import io.churnreport.month.ReportingMonth;
import io.churnreport.system.Failures;
import io.churnreport.system.InvalidConfigurationException;

/**
 * Checks an operator's source query against the contract without reading any row: the query runs
 * with {@code LIMIT 0}, so that the database parses and plans it, and the columns it returns are
 * compared with the canonical ones, by name and by type. A problem is an
 * {@link InvalidConfigurationException} naming the file (and the line and column the database
 * points at), the column and what to change; a database that cannot be reached fails with the
 * database's own exception.
 */
public final class SourceQueryCheck {

	private static final String PREFIX = "SELECT * FROM (\n";

	/** Types that PostgreSQL casts to anything at run time only, so that a bad value would fail mid-extract. */
	private static final Set<String> TEXT_TYPES = Set.of("text", "varchar", "bpchar", "char", "name", "unknown",
			"citext");

	private static final String SERVER_VERSION = """
			SELECT current_setting('server_version_num')::int AS number, current_setting('server_version') AS version""";

	/** PostgreSQL 14, the first with {@code hash_record_extended}, which {@link SourceQuery#rowHash} needs. */
	static final int OLDEST_SOURCE_SERVER = 140000;

	private SourceQueryCheck() {
	}

	/**
	 * The source database's server, refused when older than {@link #OLDEST_SOURCE_SERVER}: its
	 * extract would fail on the hash of its rows. A database that cannot be reached fails with the
	 * database's own exception.
	 * @return e.g. "PostgreSQL 17.11", for check-config
	 */
	public static String checkServer(String database, DataSource source) {
		return requireSupportedServer(database, new JdbcTemplate(source).queryForMap(SERVER_VERSION));
	}

	/**
	 * @param server the server's {@code number} (e.g. 170011) and {@code version} (e.g. "17.11")
	 * @throws InvalidConfigurationException when it is older than {@link #OLDEST_SOURCE_SERVER}
	 */
	static String requireSupportedServer(String database, Map<String, Object> server) {
		if (((Number) server.get("number")).intValue() < OLDEST_SOURCE_SERVER) {
			// starts with what check-config names the check by, so that it is said once
			throw new InvalidConfigurationException(database + " database runs PostgreSQL " + server.get("version")
					+ ", older than the sources churn-report reads (PostgreSQL 14 or newer, see README, The source"
					+ " contract): upgrade it, or read the sources from a copy on PostgreSQL 14 or newer.");
		}
		return "PostgreSQL " + server.get("version");
	}

	/** @return what the query returns, for check-config */
	public static String check(SourceQuery<?> query, DataSource source, Path configDirectory, ReportingMonth month) {
		Path file = query.path(configDirectory);
		String sql = query.readOperatorSql(configDirectory);
		query.copyOutSql(sql); // refuses a named parameter the query may not use, as the extract does
		// a month's changes are asked for since the start of the month before: plan the query with that
		Map<String, Object> parameters = Map.of("period_start", month.start(), "period_end", month.end(),
				"changed_since", month.previousStart());
		NamedParameterJdbcTemplate jdbc = new NamedParameterJdbcTemplate(source);
		Map<String, String> returned = returnedColumns(jdbc, file, sql, parameters, query);
		List<String> missing = query.columns().stream().filter(column -> !returned.containsKey(column)).toList();
		if (!missing.isEmpty()) {
			throw new InvalidConfigurationException(file + " does not return the column" + (missing.size() > 1 ? "s " : " ")
					+ String.join(", ", missing) + " (it returns " + String.join(", ", returned.keySet())
					+ "): name a column of its SELECT so, e.g. '... AS " + missing.get(0) + "'. The query must return "
					+ String.join(", ", query.columns()) + " (see README, The source contract).");
		}
		for (RecordComponent component : query.rowType().getRecordComponents()) {
			String column = SourceQuery.snakeCase(component.getName());
			String canonical = SourceQuery.canonicalType(component.getType());
			String type = returned.get(column);
			if (!canonical.equals("text") && TEXT_TYPES.contains(type)) {
				throw wrongType(file, column, type, canonical, null);
			}
		}
		try {
			jdbc.queryForList("SELECT * FROM (" + query.canonicalSql(sql) + ") AS checked LIMIT 0", parameters);
		}
		catch (DataAccessException ex) {
			if (Failures.isConnectionFailure(ex)) {
				throw ex;
			}
			// which column: try each cast on its own
			for (RecordComponent component : query.rowType().getRecordComponents()) {
				String column = SourceQuery.snakeCase(component.getName());
				String canonical = SourceQuery.canonicalType(component.getType());
				try {
					jdbc.queryForList("SELECT source." + column + "::" + canonical + " FROM (\n" + sql + "\n) AS source LIMIT 0",
							parameters);
				}
				catch (DataAccessException columnFailure) {
					if (Failures.isConnectionFailure(columnFailure)) {
						throw columnFailure;
					}
					throw wrongType(file, column, returned.get(column), canonical, serverMessage(columnFailure));
				}
			}
			throw new InvalidConfigurationException(file + ": " + serverMessage(ex) + ". Fix the query; it runs on the "
					+ query.database() + " database and must return " + String.join(", ", query.columns()) + ".", ex);
		}
		return "returns " + String.join(", ", query.columns());
	}

	private static Map<String, String> returnedColumns(NamedParameterJdbcTemplate jdbc, Path file, String sql,
			Map<String, Object> parameters, SourceQuery<?> query) {
		try {
			return jdbc.query(PREFIX + sql + "\n) AS checked LIMIT 0", parameters, rows -> {
				ResultSetMetaData metaData = rows.getMetaData();
				Map<String, String> columns = new LinkedHashMap<>();
				for (int i = 1; i <= metaData.getColumnCount(); i++) {
					columns.put(metaData.getColumnLabel(i), metaData.getColumnTypeName(i).toLowerCase(Locale.ROOT));
				}
				return columns;
			});
		}
		catch (DataAccessException ex) {
			if (Failures.isConnectionFailure(ex)) {
				throw ex;
			}
			throw new InvalidConfigurationException(file + where(file, sql, ex) + ": " + serverMessage(ex)
					+ ". Fix the query; it runs on the " + query.database() + " database and must return "
					+ String.join(", ", query.columns()) + ".", ex);
		}
	}

	private static InvalidConfigurationException wrongType(Path file, String column, String type, String canonical,
			String problem) {
		return new InvalidConfigurationException(file + " returns " + column + " as " + type + ", which cannot become "
				+ canonical + (problem == null ? "" : " (" + problem + ")") + ": return a " + canonical
				+ " column there, or convert it in the query, e.g. '" + example(column, canonical) + "'.");
	}

	private static String example(String column, String canonical) {
		return switch (canonical) {
			case "numeric", "integer" -> "NULLIF(trim(" + column + "_text), '')::" + canonical + " AS " + column;
			case "timestamptz" -> "to_timestamp(" + column + "_text, 'YYYY-MM-DD HH24:MI:SS') AS " + column;
			case "boolean" -> "(" + column + "_text = 'Y') AS " + column;
			default -> column + "_value::" + canonical + " AS " + column;
		};
	}

	/** The database's message without its "ERROR:" and position lines. */
	private static String serverMessage(DataAccessException ex) {
		PSQLException psql = Failures.cause(ex, PSQLException.class);
		ServerErrorMessage server = psql == null ? null : psql.getServerErrorMessage();
		return server != null && server.getMessage() != null ? server.getMessage() : Failures.rootMessage(ex);
	}

	/**
	 * ", line L, column C" of the file where the database places the error, or nothing when it does
	 * not. The position counts in the statement sent: the query after {@link #PREFIX}, each named
	 * parameter replaced by {@code $n}.
	 */
	private static String where(Path file, String sql, DataAccessException ex) {
		PSQLException psql = Failures.cause(ex, PSQLException.class);
		if (psql == null || psql.getServerErrorMessage() == null || psql.getServerErrorMessage().getPosition() <= 0) {
			return "";
		}
		int sent = psql.getServerErrorMessage().getPosition() - 1 - PREFIX.length();
		int shift = 0;
		int number = 0;
		Matcher parameter = SourceQuery.NAMED_PARAMETER.matcher(sql);
		while (parameter.find()) {
			number++;
			if (sent < parameter.start() - shift) {
				break;
			}
			shift += parameter.group().length() - ("$" + number).length();
		}
		int index = sent + shift;
		if (index < 0 || index >= sql.length()) {
			return "";
		}
		String content;
		try {
			content = Files.readString(file);
		}
		catch (IOException readFailure) {
			throw new UncheckedIOException(readFailure);
		}
		int offset = content.indexOf(sql) + index;
		int line = 1;
		int lineStart = 0;
		for (int i = 0; i < offset; i++) {
			if (content.charAt(i) == '\n') {
				line++;
				lineStart = i + 1;
			}
		}
		return ", line " + line + ", column " + (offset - lineStart + 1);
	}

}
