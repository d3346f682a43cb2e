package io.churnreport.extract;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Text a source database cannot hand over as UTF-8: a database without an encoding of its own
 * (SQL_ASCII) holds whatever bytes it was given, and one in a single-byte encoding such as WIN1252
 * may hold bytes that have no UTF-8 equivalent. Asked for UTF-8, either fails the whole COPY at the
 * first such value, naming neither the row nor the column. Such a source is read in its own
 * encoding instead, for the length of the extract's transaction, and each row is converted here:
 * a row that converts is staged in UTF-8; in a row that does not, each byte that does not convert
 * is written as the text {@code \xHH} and the row's last field, {@link SourceQuery#SOURCE_PROBLEM},
 * names the columns and bytes, so that the row is staged and the data-quality check quarantines it.
 * A UTF-8 source, or one in an encoding not listed here, is converted by PostgreSQL as usual.
 * One instance per copy: it holds a decoder.
 */
final class InvalidTextRows {

	/** The source encodings read here, with their Java names: PostgreSQL's and Java's tables agree on them. */
	private static final Map<String, String> CONVERTED_ENCODINGS = Map.ofEntries(Map.entry("SQL_ASCII", "UTF-8"),
			Map.entry("LATIN1", "ISO-8859-1"), Map.entry("LATIN2", "ISO-8859-2"), Map.entry("LATIN5", "ISO-8859-9"),
			Map.entry("LATIN9", "ISO-8859-15"), Map.entry("ISO_8859_5", "ISO-8859-5"), Map.entry("ISO_8859_6", "ISO-8859-6"),
			Map.entry("ISO_8859_7", "ISO-8859-7"), Map.entry("ISO_8859_8", "ISO-8859-8"), Map.entry("WIN1250", "windows-1250"),
			Map.entry("WIN1251", "windows-1251"), Map.entry("WIN1252", "windows-1252"), Map.entry("WIN1253", "windows-1253"),
			Map.entry("WIN1254", "windows-1254"), Map.entry("WIN1255", "windows-1255"), Map.entry("WIN1256", "windows-1256"),
			Map.entry("WIN1257", "windows-1257"), Map.entry("WIN1258", "windows-1258"), Map.entry("WIN866", "IBM866"),
			Map.entry("KOI8R", "KOI8-R"), Map.entry("KOI8U", "KOI8-U"));

	/** Reads the source in its own encoding until the transaction ends, when it is one converted here. */
	private static final String READ_IN_OWN_ENCODING = """
			SELECT current_setting('server_encoding') AS encoding,
			       CASE WHEN current_setting('server_encoding') = ANY (?)
			            THEN set_config('client_encoding', current_setting('server_encoding'), true) END AS client_encoding""";

	/** null: the source's text arrives in UTF-8, as PostgreSQL converted (or checked) it. */
	private final CharsetDecoder decoder;

	/** The source's encoding, as PostgreSQL names it. */
	private final String encoding;

	private final CharBuffer chars = CharBuffer.allocate(4096);

	private final ByteArrayOutputStream converted = new ByteArrayOutputStream(1024);

	/** The copied columns, in the order of a row's fields, the problem last. */
	private final List<String> columns;

	/** Rows staged as {@link SourceQuery#copyOutSql} gives them. */
	InvalidTextRows(SourceQuery<?> query, String encoding) {
		this(query.stagedFields(), encoding);
	}

	/**
	 * @param fields the columns of a copied row, in order, {@link SourceQuery#SOURCE_PROBLEM} last
	 * @param encoding the source's encoding, as PostgreSQL names it ({@code server_encoding})
	 */
	InvalidTextRows(List<String> fields, String encoding) {
		this.encoding = encoding;
		String javaName = CONVERTED_ENCODINGS.get(encoding);
		this.decoder = javaName == null ? null
				: Charset.forName(javaName)
					.newDecoder()
					.onMalformedInput(CodingErrorAction.REPORT)
					.onUnmappableCharacter(CodingErrorAction.REPORT);
		this.columns = List.copyOf(fields);
	}

	/**
	 * Asks the source, in the transaction of its COPY and before it, to send its text in its own
	 * encoding when it is one converted here, and returns what converts the rows.
	 */
	static InvalidTextRows forSource(List<String> fields, Connection source) throws SQLException {
		try (PreparedStatement statement = source.prepareStatement(READ_IN_OWN_ENCODING)) {
			statement.setArray(1, source.createArrayOf("text", CONVERTED_ENCODINGS.keySet().toArray()));
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return new InvalidTextRows(fields, result.getString("encoding"));
			}
		}
	}

	/** The row as it can be staged: in UTF-8, and marked when some of its text does not convert. */
	byte[] stageable(byte[] row) {
		if (decoder == null || ascii(row)) {
			// every encoding PostgreSQL runs a database in writes ASCII as ASCII
			return row;
		}
		converted.reset();
		if (convert(row, 0, row.length, converted) == null) {
			return decoder.charset() == StandardCharsets.UTF_8 ? row : converted.toByteArray();
		}
		return marked(row);
	}

	private static boolean ascii(byte[] row) {
		for (byte b : row) {
			if (b < 0) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Writes the bytes as UTF-8, each byte that does not convert as the text {@code \\xHH} (a
	 * backslash escaped for COPY, so that it is staged as text and not turned back into the byte).
	 * @return the bytes that did not convert, e.g. "0xE9 0xFF"; null when all did
	 */
	private String convert(byte[] row, int from, int to, ByteArrayOutputStream out) {
		List<String> invalid = new ArrayList<>();
		decoder.reset();
		ByteBuffer in = ByteBuffer.wrap(row, from, to - from);
		while (true) {
			chars.clear();
			CoderResult result = decoder.decode(in, chars, true);
			chars.flip();
			byte[] utf8 = chars.toString().getBytes(StandardCharsets.UTF_8);
			out.write(utf8, 0, utf8.length);
			if (result.isError()) {
				for (int k = 0; k < result.length(); k++) {
					String hex = String.format(Locale.ROOT, "%02X", row[in.position()] & 0xFF);
					invalid.add("0x" + hex);
					byte[] escaped = ("\\\\x" + hex).getBytes(StandardCharsets.US_ASCII);
					out.write(escaped, 0, escaped.length);
					in.position(in.position() + 1);
				}
				decoder.reset();
			}
			else if (result.isUnderflow()) {
				chars.clear();
				decoder.flush(chars);
				return invalid.isEmpty() ? null : String.join(" ", invalid);
			}
		}
	}

	/**
	 * The row converted, with its last field naming what did not convert. Fields are split at tabs:
	 * COPY escapes a tab within a value, and every encoding here writes no other character with
	 * that byte, so a tab byte always separates fields.
	 */
	private byte[] marked(byte[] row) {
		int end = row.length > 0 && row[row.length - 1] == '\n' ? row.length - 1 : row.length;
		// the last field is the problem, null as the COPY wrote it: everything before its tab is data
		int problemStart = end;
		while (problemStart > 0 && row[problemStart - 1] != '\t') {
			problemStart--;
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream(row.length + 64);
		List<String> problems = new ArrayList<>();
		int field = 0;
		int start = 0;
		for (int i = 0; i < problemStart; i++) {
			if (row[i] != '\t') {
				continue;
			}
			String invalid = convert(row, start, i, out);
			if (invalid != null) {
				problems.add(column(field) + ": " + invalid);
			}
			out.write('\t');
			field++;
			start = i + 1;
		}
		String name = decoder.charset() == StandardCharsets.UTF_8 ? "UTF-8" : encoding;
		byte[] problem = ("invalid " + name + " in " + String.join("; ", problems)).getBytes(StandardCharsets.US_ASCII);
		out.write(problem, 0, problem.length);
		out.write('\n');
		return out.toByteArray();
	}

	private String column(int field) {
		return field < columns.size() ? columns.get(field) : "field " + (field + 1);
	}

}
