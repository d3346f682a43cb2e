package io.churnreport.extract;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rows of a cancellations COPY in PostgreSQL's text format (run_month, the seven canonical
 * columns, source_problem), as a source in its own encoding sends them.
 */
class InvalidTextRowsTests {

	private static byte[] row(Charset charset, String reasonText, String competitor) {
		String fields = "2025-03-01\tc1\t2025-03-04 10:00:00+00\t\\N\tprice\t" + reasonText + "\t" + competitor
				+ "\tchurned\t\\N\n";
		return fields.getBytes(charset);
	}

	private static String text(byte[] row) {
		return new String(row, StandardCharsets.UTF_8);
	}

	@Test
	void aUtf8SourceIsLeftAloneAsPostgresqlHasConvertedIt() {
		byte[] row = row(StandardCharsets.UTF_8, "Trop cher é", "\\N");

		assertThat(new InvalidTextRows(SourceQuery.CANCELLATIONS, "UTF8").stageable(row)).isSameAs(row);
	}

	@Test
	void aSqlAsciiRowOfValidUtf8IsStagedAsItCame() {
		byte[] row = row(StandardCharsets.UTF_8, "Trop cher é, 太贵了", "CheapNet");

		assertThat(new InvalidTextRows(SourceQuery.CANCELLATIONS, "SQL_ASCII").stageable(row)).isSameAs(row);
	}

	@Test
	void bytesThatAreNotUtf8AreEscapedAndNamedWithTheirColumns() {
		byte[] row = row(StandardCharsets.ISO_8859_1, "Trop cher \u00ff", "Caf\u00e9Net");
		// 0xE9 (é in Latin-1) followed by 'N' is no UTF-8 sequence either

		String staged = text(new InvalidTextRows(SourceQuery.CANCELLATIONS, "SQL_ASCII").stageable(row));

		assertThat(staged).isEqualTo("2025-03-01\tc1\t2025-03-04 10:00:00+00\t\\N\tprice\tTrop cher \\\\xFF\tCaf\\\\xE9Net"
				+ "\tchurned\tinvalid UTF-8 in reason_text: 0xFF; competitor: 0xE9\n");
	}

	@Test
	void aSingleByteSourceIsConvertedToUtf8AndAByteItLeavesUndefinedIsEscaped() {
		Charset win1252 = Charset.forName("windows-1252");
		InvalidTextRows rows = new InvalidTextRows(SourceQuery.CANCELLATIONS, "WIN1252");

		// Ü, ü, ’ and € are one byte each in WIN1252 and two or three in UTF-8
		assertThat(text(rows.stageable(row(win1252, "Üsküdar’da zu teuer €", "\\N"))))
			.isEqualTo(text(row(StandardCharsets.UTF_8, "Üsküdar’da zu teuer €", "\\N")));
		byte[] undefined = row(win1252, "Zu teuer # €", "\\N");
		for (int i = 0; i < undefined.length; i++) {
			if (undefined[i] == '#') {
				undefined[i] = (byte) 0x81;
			}
		}

		assertThat(text(rows.stageable(undefined))).isEqualTo(text(row(StandardCharsets.UTF_8, "Zu teuer \\\\x81 €",
				"\\N")).replace("churned\t\\N\n", "churned\tinvalid WIN1252 in reason_text: 0x81\n"));
	}

}
