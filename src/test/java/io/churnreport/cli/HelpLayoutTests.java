package io.churnreport.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Help texts wrap at spaces only, within 80 columns, so that file names and paths stay whole. */
class HelpLayoutTests {

	@Test
	void wrapsAtSpacesOnlyAndNarrowsTheLinesAfterTheFirst() {
		assertThat(HelpLayout.wrap("Directory with application.yml, sources/ and churn-reasons.yml (default: ./out).", 20, 2))
			.containsExactly("Directory with", "application.yml,", "sources/ and", "churn-reasons.yml", "(default: ./out).");
		assertThat(HelpLayout.wrap("aaaa bbbb cccc", 9, 0)).containsExactly("aaaa bbbb", "cccc");
		assertThat(HelpLayout.wrap("aaaa bbbb cccc", 9, 1)).containsExactly("aaaa bbbb", "cccc");
		assertThat(HelpLayout.wrap("aaaa bbbb cccc dddd", 9, 1)).containsExactly("aaaa bbbb", "cccc", "dddd");
		assertThat(HelpLayout.wrap("  ", 9, 0)).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "run", "backfill", "rerun", "restart", "recover", "stop", "status", "check-config", "init-config", "demo",
			"bench", "deliver", "render", "report" })
	void everyHelpFitsEightyColumnsAndKeepsNamesWhole(String command) {
		String help = help(command);

		assertThat(help.lines().filter(line -> line.length() > 80)).as(help).isEmpty();
		// a name broken over two lines is still there once the white space is taken out
		for (String name : List.of("application.yml", "churn-reasons.yml", "./out", "fx-rates.csv",
				"churn.billing.password", "restatement.csv")) {
			if (help.replaceAll("\\s+", "").contains(name)) {
				assertThat(help).as("%s stays whole in the help of '%s'", name, command).contains(name);
			}
		}
	}

	@Test
	void rerunShowsItsConfirmationsAsRequired() {
		assertThat(help("rerun")).startsWith("Usage: churn-report rerun --month=YYYY-MM --force --reason=TEXT");
	}

	@Test
	void rerunStatesTheLimitOfItsReasonInItsHelpAndInItsRefusal() {
		assertThat(help("rerun").replaceAll("\\s+", " ")).contains("why the month is restated, at most 2,500 characters");

		StringWriter err = new StringWriter();
		// 2,501 characters, blanks around them not counted
		int exitCode = ChurnReportCommand.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
				"rerun", "--month", "2025-03", "--force", "--reason", "  " + "x".repeat(2501) + "  ");

		assertThat(exitCode).isEqualTo(ExitCodes.USAGE);
		assertThat(err.toString()).isEqualTo("churn-report: the --reason is 2,501 characters long; it may have at most "
				+ "2,500: say briefly what was fixed (a ticket number can point to the rest). Nothing was run."
				+ System.lineSeparator());
	}

	private static String help(String command) {
		StringWriter out = new StringWriter();
		String[] arguments = command.isEmpty() ? new String[] { "--help" } : new String[] { command, "--help" };
		int exitCode = ChurnReportCommand.execute(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true),
				arguments);
		assertThat(exitCode).isZero();
		return out.toString();
	}

}
