package io.churnreport.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Help texts that wrap at spaces only. picocli's table breaks lines where the JDK's line breaker
 * allows, which includes after a dot, a hyphen or a slash, so that {@code churn-reasons.yml} or
 * {@code ./out} came out split over two lines. Here the command's description and each option's
 * are wrapped at spaces to the width of their column first, so that the table never has to break
 * a line itself (a single word longer than the column is left to it).
 */
final class HelpLayout {

	private static final String CONTINUATION_INDENT = "  ";

	private HelpLayout() {
	}

	/** Installs the layout on the command line and each of its sub-commands. */
	static void install(CommandLine commandLine) {
		commandLine.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_DESCRIPTION, HelpLayout::description);
		commandLine.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_OPTION_LIST, HelpLayout::optionList);
		commandLine.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, HelpLayout::commandList);
		commandLine.getSubcommands().values().forEach(HelpLayout::install);
	}

	private static String description(Help help) {
		String[] description = help.commandSpec().usageMessage().description();
		if (description.length == 0) {
			return "";
		}
		int width = help.commandSpec().usageMessage().width();
		return String.join(System.lineSeparator(), wrap(String.join(" ", description), width, 0)) + System.lineSeparator();
	}

	/** Each sub-command's name, then its description wrapped beside it, as picocli lays them out. */
	private static String commandList(Help help) {
		if (help.subcommands().isEmpty()) {
			return "";
		}
		int nameWidth = help.subcommands().keySet().stream().mapToInt(String::length).max().orElse(0);
		String namePadding = " ".repeat(2 + nameWidth + 2);
		int width = help.commandSpec().usageMessage().width() - namePadding.length();
		StringBuilder list = new StringBuilder();
		help.subcommands().forEach((name, subcommand) -> {
			List<String> lines = wrap(String.join(" ", subcommand.commandSpec().usageMessage().description()), width,
					CONTINUATION_INDENT.length());
			list.append("  ").append(name).append(" ".repeat(nameWidth - name.length() + 2));
			for (int index = 0; index < lines.size(); index++) {
				list.append(index == 0 ? "" : namePadding + CONTINUATION_INDENT).append(lines.get(index))
					.append(System.lineSeparator());
			}
			if (lines.isEmpty()) {
				list.append(System.lineSeparator());
			}
		});
		return list.toString();
	}

	private static String optionList(Help help) {
		TextTable table = help.createDefaultLayout().textTable();
		Column descriptionColumn = table.columns()[table.columns().length - 1];
		int width = descriptionColumn.width - descriptionColumn.indent - 1;
		Help.IOptionRenderer defaultRenderer = help.createDefaultOptionRenderer();
		Help.IOptionRenderer wrapping = (option, labels, scheme) -> rewrapLastColumn(
				defaultRenderer.render(option, labels, scheme), width, scheme);
		Help.Layout layout = new Help.Layout(help.colorScheme(), table, wrapping, help.createDefaultParameterRenderer());
		return help.optionList(layout, help.createDefaultOptionSort(), help.parameterLabelRenderer());
	}

	/** The rows of one option with its description, the last column, wrapped at spaces to the width. */
	private static Text[][] rewrapLastColumn(Text[][] rows, int width, Help.ColorScheme scheme) {
		int last = rows[0].length - 1;
		StringBuilder description = new StringBuilder();
		for (Text[] row : rows) {
			String line = row[last].plainString().strip();
			if (!line.isEmpty()) {
				description.append(description.length() == 0 ? "" : " ").append(line);
			}
		}
		// continuation lines are indented, as picocli indents the lines it wraps
		List<String> lines = wrap(description.toString(), width, CONTINUATION_INDENT.length());
		Text[][] wrapped = new Text[Math.max(1, lines.size())][];
		for (int index = 0; index < wrapped.length; index++) {
			Text[] row = index == 0 ? rows[0].clone() : emptyRow(rows[0].length, scheme);
			row[last] = scheme.text(lines.isEmpty() ? "" : (index == 0 ? "" : CONTINUATION_INDENT) + lines.get(index));
			wrapped[index] = row;
		}
		return wrapped;
	}

	private static Text[] emptyRow(int columns, Help.ColorScheme scheme) {
		Text[] row = new Text[columns];
		Arrays.setAll(row, column -> scheme.text(""));
		return row;
	}

	/**
	 * The text in lines of at most the width, broken at spaces only; lines after the first are
	 * narrower by the indent they will be given.
	 */
	static List<String> wrap(String text, int width, int continuationIndent) {
		List<String> lines = new ArrayList<>();
		StringBuilder line = new StringBuilder();
		for (String word : text.strip().split("\\s+")) {
			if (word.isEmpty()) {
				continue;
			}
			int lineWidth = lines.isEmpty() ? width : width - continuationIndent;
			if (line.length() > 0 && line.length() + 1 + word.length() > lineWidth) {
				lines.add(line.toString());
				line.setLength(0);
			}
			line.append(line.length() == 0 ? "" : " ").append(word);
		}
		if (line.length() > 0) {
			lines.add(line.toString());
		}
		return lines;
	}

}
