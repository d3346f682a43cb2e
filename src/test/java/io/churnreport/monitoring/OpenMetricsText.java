package io.churnreport.monitoring;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the OpenMetrics text format, as far as gauges go, for the tests (the
 * Prometheus client for Java writes the format but has no reader): every line is a descriptor
 * ({@code # TYPE}, {@code # HELP}, {@code # UNIT}) or a sample {@code name{labels} value}, a
 * family is declared before its samples and appears once, a sample appears once, and the text ends
 * with {@code # EOF}. Anything else fails with the line.
 */
public record OpenMetricsText(Map<String, String> types, List<Sample> samples) {

	private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";

	private static final Pattern DESCRIPTOR = Pattern.compile("# (TYPE|HELP|UNIT) (" + NAME + ")(?: (.*))?");

	private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(?:\\{(.*)\\})? (\\S+)(?: (\\S+))?");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\[\\\\\"n])*)\"");

	private static final Pattern NUMBER = Pattern.compile("[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?");

	private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "gaugehistogram", "stateset",
			"info", "summary", "unknown");

	public record Sample(String name, Map<String, String> labels, double value) {
	}

	public static OpenMetricsText parse(String text) {
		if (!text.endsWith("# EOF\n") && !text.endsWith("# EOF")) {
			throw new IllegalArgumentException("The text does not end with # EOF");
		}
		String[] lines = text.split("\n", -1);
		int eof = text.endsWith("\n") ? lines.length - 2 : lines.length - 1;
		Map<String, String> types = new LinkedHashMap<>();
		List<Sample> samples = new ArrayList<>();
		Set<String> closedFamilies = new HashSet<>();
		Set<String> seenSamples = new HashSet<>();
		String family = null;
		for (int number = 0; number < eof; number++) {
			String line = lines[number];
			Matcher descriptor = DESCRIPTOR.matcher(line);
			if (descriptor.matches()) {
				String name = descriptor.group(2);
				if (!name.equals(family)) {
					if (family != null) {
						closedFamilies.add(family);
					}
					if (closedFamilies.contains(name)) {
						throw failure(number, line, "family " + name + " appears twice");
					}
					family = name;
				}
				if (descriptor.group(1).equals("TYPE")) {
					if (!TYPES.contains(descriptor.group(3)) || types.put(name, descriptor.group(3)) != null) {
						throw failure(number, line, "a bad or second TYPE");
					}
				}
				continue;
			}
			Matcher sample = SAMPLE.matcher(line);
			if (!sample.matches()) {
				throw failure(number, line, "neither a descriptor nor a sample");
			}
			String name = sample.group(1);
			if (family == null || !types.containsKey(family) || !belongsTo(name, family, types.get(family))) {
				throw failure(number, line, "a sample outside its declared family");
			}
			Map<String, String> labels = labels(sample.group(2), number, line);
			if (!seenSamples.add(name + labels)) {
				throw failure(number, line, "a sample that appears twice");
			}
			samples.add(new Sample(name, labels, value(sample.group(3), number, line)));
		}
		return new OpenMetricsText(types, samples);
	}

	/** The value of the sample with exactly these labels. */
	public Optional<Double> value(String name, Map<String, String> labels) {
		return samples.stream()
			.filter(sample -> sample.name().equals(name) && sample.labels().equals(labels))
			.map(Sample::value)
			.findFirst();
	}

	/** The samples of the name. */
	public List<Sample> samples(String name) {
		return samples.stream().filter(sample -> sample.name().equals(name)).toList();
	}

	private static boolean belongsTo(String sampleName, String family, String type) {
		if (type.equals("gauge") || type.equals("unknown") || type.equals("stateset")) {
			return sampleName.equals(family);
		}
		return sampleName.startsWith(family) && List.of("", "_total", "_created", "_count", "_sum", "_bucket", "_info",
				"_gcount", "_gsum").contains(sampleName.substring(family.length()));
	}

	private static Map<String, String> labels(String text, int number, String line) {
		Map<String, String> labels = new LinkedHashMap<>();
		if (text == null || text.isEmpty()) {
			return labels;
		}
		Matcher label = LABEL.matcher(text);
		int position = 0;
		while (position < text.length()) {
			if (!label.find(position) || label.start() != position) {
				throw failure(number, line, "malformed labels");
			}
			String value = label.group(2).replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\");
			if (labels.put(label.group(1), value) != null) {
				throw failure(number, line, "a label given twice");
			}
			position = label.end();
			if (position < text.length()) {
				if (text.charAt(position) != ',') {
					throw failure(number, line, "malformed labels");
				}
				position++;
			}
		}
		return labels;
	}

	private static double value(String text, int number, String line) {
		switch (text) {
			case "NaN":
				return Double.NaN;
			case "+Inf":
				return Double.POSITIVE_INFINITY;
			case "-Inf":
				return Double.NEGATIVE_INFINITY;
			default:
				if (!NUMBER.matcher(text).matches()) {
					throw failure(number, line, "a value that is not a number");
				}
				return Double.parseDouble(text);
		}
	}

	private static IllegalArgumentException failure(int number, String line, String what) {
		return new IllegalArgumentException("Line " + (number + 1) + " is " + what + ": " + line);
	}

}
