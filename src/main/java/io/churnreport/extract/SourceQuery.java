package io.churnreport.extract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.springframework.jdbc.core.SqlParameter;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterUtils;

import io.churnreport.month.ReportingMonth;
import io.churnreport.system.InvalidConfigurationException;

/**
 * One extract of the source contract: an operator-owned SQL file under {@code <config>/sources/}
 * whose result must have the canonical columns of a row record, and the staging table it lands in.
 * The operator's query is wrapped so that each canonical column is cast to its canonical type (a
 * missing column fails with its name); extraction copies the rows into staging with COPY.
 */
public record SourceQuery<T extends Record>(String name, String database, String file, Class<T> rowType,
		String stagingTable, String replacementKey) {

	/** A customer's row replaces the one held of the same customer. */
	public static final SourceQuery<CustomerRow> CUSTOMERS = new SourceQuery<>("customers", "billing",
			"billing/customers.sql", CustomerRow.class, "staging.customer", "ROW(canonical.customer_id)::text");

	/** The periods of a subscription replace every period held of it: a period gone goes with them. */
	public static final SourceQuery<SubscriptionPeriodRow> SUBSCRIPTIONS = new SourceQuery<>("subscriptions", "billing",
			"billing/subscriptions.sql", SubscriptionPeriodRow.class, "staging.subscription_period",
			"ROW(canonical.subscription_id)::text");

	/**
	 * The one source that grows with history: the invoices asked for since {@code :changed_since} are
	 * business dates, and go into {@link InvoiceHistory} rather than a {@link SourceMirror}.
	 */
	public static final SourceQuery<InvoiceRow> INVOICES = new SourceQuery<>("invoices", "billing",
			"billing/invoices.sql", InvoiceRow.class, "staging.invoice", null);

	/** A request replaces the one held of the same customer asked at the same instant. */
	public static final SourceQuery<CancellationRow> CANCELLATIONS = new SourceQuery<>("cancellations", "crm",
			"crm/cancellations.sql", CancellationRow.class, "staging.cancellation",
			"ROW(canonical.customer_id, extract(epoch FROM canonical.requested_at))::text");

	public static final List<SourceQuery<?>> ALL = List.of(CUSTOMERS, SUBSCRIPTIONS, INVOICES, CANCELLATIONS);

	/**
	 * Binds what a {@link #copyOutSql(String) COPY} reads, for the current transaction: the period
	 * start and end instants (ISO-8601), the instant changes are asked for since (or
	 * {@code -infinity}), the run month (a date) and the reporting time zone, in which timestamps
	 * without a zone are read. The zone is set here, for the transaction, as the pool's session
	 * setting does not outlive the rollback that ends a source's first transaction.
	 */
	private static final String SETTINGS_SQL = """
			SELECT set_config('churn.period_start', ?, true), set_config('churn.period_end', ?, true),
			       set_config('churn.changed_since', ?, true), set_config('churn.run_month', ?, true),
			       set_config('TimeZone', ?, true)""";

	/**
	 * Binds the month's settings in the source connection's current transaction, before its COPY.
	 * @param changedSince what {@code :changed_since} stands for: an instant, or
	 * {@link InvoiceHistory#WHOLE_HISTORY} for everything
	 */
	public static void bindMonth(Connection source, ReportingMonth month, String changedSince) throws SQLException {
		try (PreparedStatement settings = source.prepareStatement(SETTINGS_SQL)) {
			settings.setString(1, month.start().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
			settings.setString(2, month.end().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
			settings.setString(3, changedSince);
			settings.setString(4, month.firstDay().toString());
			settings.setString(5, month.zone().getId());
			settings.execute();
		}
	}

	private static final List<String> PARAMETERS = List.of("period_start", "period_end", "changed_since");

	/** A named parameter, not a {@code ::} cast. */
	static final Pattern NAMED_PARAMETER = Pattern.compile("(?<![:\\w]):(period_start|period_end|changed_since)\\b");

	private static final Map<Class<?>, String> CANONICAL_TYPES = Map.of(String.class, "text", OffsetDateTime.class,
			"timestamptz", BigDecimal.class, "numeric", Integer.class, "integer", Boolean.class, "boolean");

	/**
	 * The staging column after the canonical ones: what the extract found wrong with a row it could
	 * not stage as it came (see {@link StagingCopy}), null for every other row; the data-quality
	 * check quarantines the rows where it is set.
	 */
	public static final String SOURCE_PROBLEM = "source_problem";

	/** The canonical column names, in contract order. */
	public List<String> columns() {
		return components().stream().map(component -> snakeCase(component.getName())).toList();
	}

	public Path path(Path configDirectory) {
		return configDirectory.resolve("sources").resolve(file);
	}

	/** Reads the operator's SQL file. */
	public String readOperatorSql(Path configDirectory) {
		// absolute, so that the message names the file wherever the command was started
		Path path = path(configDirectory).toAbsolutePath().normalize();
		try {
			String sql = Files.readString(path).strip();
			while (sql.endsWith(";")) {
				sql = sql.substring(0, sql.length() - 1).strip();
			}
			if (sql.isEmpty()) {
				throw new InvalidConfigurationException(path + " is empty: it must hold one SELECT returning the columns "
						+ String.join(", ", columns()) + ".");
			}
			return sql;
		}
		catch (NoSuchFileException ex) {
			throw new InvalidConfigurationException("Source query " + path + " not found: create it with a SELECT returning "
					+ String.join(", ", columns()) + " (see README, Source contract), or point --config at the directory holding sources/.");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + path, ex);
		}
	}

	/** The operator's query wrapped to return canonical columns and types in a stable order. */
	public String canonicalSql(String operatorSql) {
		String orderBy = IntStream.rangeClosed(1, components().size())
			.mapToObj(Integer::toString)
			.collect(Collectors.joining(", "));
		return "SELECT " + castColumns() + "\nFROM (\n" + operatorSql + "\n) AS source\nORDER BY " + orderBy;
	}

	/**
	 * The operator's query as a {@code COPY ... TO STDOUT} of the staging table's columns: the run
	 * month, the canonical columns cast to their canonical types, then {@link #SOURCE_PROBLEM} (null,
	 * for the copy to set where a row needs it). COPY takes no bind
	 * parameters, so the query's {@code :period_start}, {@code :period_end} and
	 * {@code :changed_since} (and the run month) are read from transaction-local settings that {@link #SETTINGS_SQL} binds first.
	 * @throws InvalidConfigurationException when the query uses another named parameter
	 */
	public String copyOutSql(String operatorSql) {
		return "COPY (SELECT current_setting('churn.run_month')::date AS run_month, " + castColumns() + ", NULL::text AS "
				+ SOURCE_PROBLEM + "\nFROM (\n" + bound(operatorSql) + "\n) AS source) TO STDOUT";
	}

	/**
	 * The operator's query as a {@code COPY ... TO STDOUT} of a {@link SourceMirror}'s columns: each
	 * row's replacement key and hash, worked out by the source, then the canonical columns and
	 * {@link #SOURCE_PROBLEM}, bound as {@link #copyOutSql} binds them.
	 */
	public String mirrorCopyOutSql(String operatorSql) {
		return "COPY (SELECT " + replacementKey + " AS row_key, " + rowHash() + " AS row_hash, canonical.*, NULL::text AS "
				+ SOURCE_PROBLEM + "\nFROM (SELECT " + castColumns() + "\nFROM (\n" + bound(operatorSql)
				+ "\n) AS source) AS canonical) TO STDOUT";
	}

	/** The rows of the operator's query and the sum of their hashes, bound as {@link #copyOutSql} binds them. */
	public String checksumSql(String operatorSql) {
		return "SELECT count(*) AS rows, coalesce(sum(" + rowHash() + "), 0) AS hash_sum\nFROM (SELECT " + castColumns()
				+ "\nFROM (\n" + bound(operatorSql) + "\n) AS source) AS canonical";
	}

	/**
	 * 64 bits that stand for a canonical row, worked out by the source: the same expression over the
	 * same rows, read with the same settings, gives the same sum there and in a {@link SourceMirror}.
	 * The columns are hashed by their types rather than as the row's text, whose writing out of every
	 * timestamp and number cost the source more than its query did (docs/benchmarks.md, "Reading by
	 * changes"). An amount is hashed as its text, so that 10.0 and 10.00, alike as numbers, differ
	 * as the staged rows would. A change of this expression changes what the mirror holds:
	 * {@link SourceMirror} then reads the source whole.
	 */
	public String rowHash() {
		String columns = components().stream().map(component -> {
			String column = "canonical." + snakeCase(component.getName());
			return component.getType() == BigDecimal.class ? column + "::text" : column;
		}).collect(Collectors.joining(", "));
		return "hash_record_extended(ROW(" + columns + "), 0)";
	}

	/** The table that mirrors what this source query returned: its staging table's, by key. */
	public String mirrorTable() {
		return stagingTable + "_mirror";
	}

	/** Loads rows of {@link #mirrorCopyOutSql(String)} into a table shaped as the mirror. */
	public String mirrorCopyInSql(String table) {
		return copyInSql(table, mirrorFields());
	}

	/** The fields of a row {@link #copyOutSql} gives, in order. */
	public List<String> stagedFields() {
		return fields("run_month");
	}

	/** The fields of a row {@link #mirrorCopyOutSql} gives, in order. */
	public List<String> mirrorFields() {
		return fields("row_key", "row_hash");
	}

	private List<String> fields(String... leading) {
		List<String> fields = new ArrayList<>(List.of(leading));
		fields.addAll(columns());
		fields.add(SOURCE_PROBLEM);
		return fields;
	}

	/** Whether the job keeps what this source returned in a {@link SourceMirror} when asked only for changes. */
	public boolean mirrored() {
		return replacementKey != null;
	}

	/** The query with its named parameters read from the transaction's settings. */
	private String bound(String operatorSql) {
		List<String> unknown = namedParameters(operatorSql).stream().filter(name -> !PARAMETERS.contains(name)).toList();
		if (!unknown.isEmpty()) {
			throw new InvalidConfigurationException("The source query " + file + " uses the parameter(s) :"
					+ String.join(", :", unknown) + ". A source query can use only :period_start, :period_end and"
					+ " :changed_since.");
		}
		return NAMED_PARAMETER.matcher(operatorSql)
			.replaceAll(match -> "current_setting('churn." + match.group(1) + "')::timestamptz");
	}

	/** The distinct named parameters an operator's query uses. */
	static List<String> namedParameters(String operatorSql) {
		return NamedParameterUtils
			.buildSqlParameterList(NamedParameterUtils.parseSqlStatement(operatorSql), new MapSqlParameterSource())
			.stream()
			.map(SqlParameter::getName)
			.distinct()
			.toList();
	}

	/** Whether an operator's query asks only for what changed: it uses {@code :changed_since}. */
	public static boolean asksForChanges(String operatorSql) {
		return namedParameters(operatorSql).contains("changed_since");
	}

	/** Loads rows of {@link #copyOutSql(String)} into the staging table. */
	public String stagingCopySql() {
		return stagedCopyInSql(stagingTable);
	}

	/** Loads rows of {@link #copyOutSql(String)} into a table with the staging table's columns. */
	public String stagedCopyInSql(String table) {
		return copyInSql(table, stagedFields());
	}

	private static String copyInSql(String table, List<String> fields) {
		return "COPY " + table + " (" + String.join(", ", fields) + ") FROM STDIN";
	}

	private String castColumns() {
		return components().stream().map(component -> {
			String column = snakeCase(component.getName());
			return "source." + column + "::" + CANONICAL_TYPES.get(component.getType()) + " AS " + column;
		}).collect(Collectors.joining(", "));
	}

	private List<RecordComponent> components() {
		return Arrays.asList(rowType.getRecordComponents());
	}

	/** The PostgreSQL type a column of the row type's Java type is cast to. */
	static String canonicalType(Class<?> javaType) {
		return CANONICAL_TYPES.get(javaType);
	}

	static String snakeCase(String camelCase) {
		return camelCase.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
	}

}
