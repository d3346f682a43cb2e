package io.churnreport.system;

import java.util.Optional;

import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import tools.jackson.core.JacksonException;

/**
 * What a YAML parser found wrong in an operator's file, on one line, with the line and column: at
 * the start of the construct left unfinished (an unclosed quote or bracket) when the parser names
 * one, else where it stopped. Reads the parsers Spring Boot (SnakeYAML) and Jackson (SnakeYAML
 * Engine) use.
 */
public final class YamlErrors {

	private YamlErrors() {
	}

	/** E.g. "while scanning a quoted scalar, found unexpected end of stream (line 2, column 17)". */
	public static String describe(Throwable failure) {
		MarkedYamlEngineException engine = Failures.cause(failure, MarkedYamlEngineException.class);
		if (engine != null) {
			Optional<org.snakeyaml.engine.v2.exceptions.Mark> mark = engine.getContextMark().isPresent()
					&& engine.getContext() != null ? engine.getContextMark() : engine.getProblemMark();
			return describe(engine.getContextMark().isPresent() ? engine.getContext() : null, engine.getProblem(),
					mark.map(m -> m.getLine() + 1).orElse(0), mark.map(m -> m.getColumn() + 1).orElse(0));
		}
		MarkedYAMLException snakeYaml = Failures.cause(failure, MarkedYAMLException.class);
		if (snakeYaml != null) {
			var mark = snakeYaml.getContextMark() != null && snakeYaml.getContext() != null ? snakeYaml.getContextMark()
					: snakeYaml.getProblemMark();
			return describe(snakeYaml.getContextMark() != null ? snakeYaml.getContext() : null, snakeYaml.getProblem(),
					mark == null ? 0 : mark.getLine() + 1, mark == null ? 0 : mark.getColumn() + 1);
		}
		JacksonException jackson = Failures.cause(failure, JacksonException.class);
		if (jackson != null) {
			return describe(null, jackson.getOriginalMessage(),
					jackson.getLocation() == null ? 0 : jackson.getLocation().getLineNr(),
					jackson.getLocation() == null ? 0 : jackson.getLocation().getColumnNr());
		}
		return Failures.rootMessage(failure);
	}

	private static String describe(String context, String problem, int line, int column) {
		String text = oneLine((context == null ? "" : context + ", ") + (problem == null ? "not valid YAML" : problem));
		return text + (line > 0 ? " (line " + line + (column > 0 ? ", column " + column : "") + ")" : "");
	}

	private static String oneLine(String message) {
		return message.lines()
			.map(String::strip)
			.filter(line -> !line.isEmpty() && !line.equals("^"))
			.reduce((first, second) -> first + " " + second)
			.orElse("");
	}

}
