package io.churnreport.extract;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Rows of a COPY in PostgreSQL's text format whose text is not valid UTF-8, as a source database
 * without an encoding of its own (SQL_ASCII) hands out whatever bytes it holds. The reporting
 * database refuses such a row, and with it the whole COPY: instead, each byte that is not UTF-8 is
 * written as the text {@code \xHH} and the row's last field, {@link SourceQuery#SOURCE_PROBLEM},
 * names the columns and bytes, so that the row is staged and the data-quality check quarantines it.
 * One instance per copy: it holds a decoder.
 */
final class InvalidTextRows {

	private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
		.onMalformedInput(CodingErrorAction.REPORT)
		.onUnmappableCharacter(CodingErrorAction.REPORT);

	private final CharBuffer scratch = CharBuffer.allocate(4096);

	/** The staged columns, in the order of a row's fields: run_month, the canonical ones, the problem. */
	private final List<String> columns;

	InvalidTextRows(SourceQuery<?> query) {
		List<String> staged = new ArrayList<>();
		staged.add("run_month");
		staged.addAll(query.columns());
		staged.add(SourceQuery.SOURCE_PROBLEM);
		this.columns = List.copyOf(staged);
	}

	/** The row as it can be staged: itself when its text is valid UTF-8 (the usual case), else marked. */
	byte[] stageable(byte[] row) {
		if (ascii(row) || valid(row, 0, row.length)) {
			return row;
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

	private boolean valid(byte[] bytes, int from, int to) {
		decoder.reset();
		ByteBuffer in = ByteBuffer.wrap(bytes, from, to - from);
		while (true) {
			scratch.clear();
			CoderResult result = decoder.decode(in, scratch, true);
			if (result.isError()) {
				return false;
			}
			if (result.isUnderflow()) {
				return true;
			}
		}
	}

	/**
	 * The row with each invalid byte as {@code \\xHH} (a backslash escaped for COPY, so that it is
	 * staged as text and not turned back into the byte) and its last field naming what was found.
	 * Fields are split at tabs: COPY escapes a tab within a value, so a tab byte always separates fields.
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
			if (valid(row, start, i)) {
				out.write(row, start, i - start);
			}
			else {
				problems.add(column(field) + ": " + escape(row, start, i, out));
			}
			out.write('\t');
			field++;
			start = i + 1;
		}
		byte[] problem = ("invalid UTF-8 in " + String.join("; ", problems)).getBytes(StandardCharsets.US_ASCII);
		out.write(problem, 0, problem.length);
		out.write('\n');
		return out.toByteArray();
	}

	/** Writes the field with its invalid bytes escaped; returns the bytes found, e.g. "0xE9 0xFF". */
	private String escape(byte[] row, int from, int to, ByteArrayOutputStream out) {
		List<String> found = new ArrayList<>();
		decoder.reset();
		ByteBuffer in = ByteBuffer.wrap(row, from, to - from);
		while (in.hasRemaining()) {
			int position = in.position();
			scratch.clear();
			CoderResult result = decoder.decode(in, scratch, true);
			// what decoded before the error (or all of it) is valid: copy its bytes as they were
			out.write(row, position, in.position() - position);
			if (result.isError()) {
				for (int k = 0; k < result.length(); k++) {
					String hex = String.format(Locale.ROOT, "%02X", row[in.position()] & 0xFF);
					found.add("0x" + hex);
					byte[] escaped = ("\\\\x" + hex).getBytes(StandardCharsets.US_ASCII);
					out.write(escaped, 0, escaped.length);
					in.position(in.position() + 1);
				}
				decoder.reset();
			}
			else if (result.isUnderflow()) {
				decoder.flush(scratch);
				break;
			}
		}
		return String.join(" ", found);
	}

	private String column(int field) {
		return field < columns.size() ? columns.get(field) : "field " + (field + 1);
	}

}
