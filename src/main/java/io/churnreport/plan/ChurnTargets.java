package io.churnreport.plan;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.dataformat.yaml.YAMLMapper;

import io.churnreport.month.MetricScales;
import io.churnreport.month.MonthInputs;
import io.churnreport.month.ReportingMonth;
import io.churnreport.system.Failures;
import io.churnreport.system.InvalidConfigurationException;
import io.churnreport.system.YamlErrors;

/**
 * The churn plan an operator keeps in {@code targets.yml}: a monthly target churn rate, a target
 * managed churn rate, optional per-month overrides of both, optional thresholds per reason
 * category (the most a category may add to the churn rate) and the size of a churn rate move
 * that raises an alert. The file is optional: without it there are no targets and only the move
 * alert, with its default.
 * <p>
 * The file is bound to the records at the end ({@link TargetsFile} and what it holds), each value
 * checked as it is bound ({@link Rate}); what the binding refuses is told in the operator's terms,
 * naming the file and the key, by {@link #refusal}. The first problem in the file is reported.
 */
public final class ChurnTargets {

	public static final String FILE_NAME = "targets.yml";

	/** One rate point (0.01 = 1 percentage point): the move alert when targets.yml does not say. */
	public static final BigDecimal DEFAULT_CHURN_RATE_MOVE = new BigDecimal("0.010000");

	static final String TARGET_CHURN_RATE = "target-churn-rate";

	static final String TARGET_MANAGED_CHURN_RATE = "target-managed-churn-rate";

	static final String MONTHLY_TARGETS = "monthly-targets";

	static final String CATEGORY_THRESHOLDS = "category-thresholds";

	static final String ALERTS = "alerts";

	static final String CHURN_RATE_MOVE = "churn-rate-move";

	/** The keys each mapping of the file may hold, in the order the messages list them. */
	private static final Map<Class<?>, List<String>> KNOWN_KEYS = Map.of(
			TargetsFile.class, List.of(TARGET_CHURN_RATE, TARGET_MANAGED_CHURN_RATE, MONTHLY_TARGETS, CATEGORY_THRESHOLDS, ALERTS),
			MonthTargets.class, List.of(TARGET_CHURN_RATE, TARGET_MANAGED_CHURN_RATE),
			Alerts.class, List.of(CHURN_RATE_MOVE));

	/** An example line of each section that must be a mapping, for the message when it is not. */
	private static final Map<String, String> SECTION_EXAMPLES = Map.of(MONTHLY_TARGETS, "2025-12: 0.03",
			CATEGORY_THRESHOLDS, "price: 0.008", ALERTS, CHURN_RATE_MOVE + ": 0.01");

	private static final YAMLMapper YAML = YAMLMapper.builder()
		// rates are read as written (0.025, not the nearest double) and a key given twice is refused
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private static final ChurnTargets NONE = new ChurnTargets(null, null, Map.of(), Map.of(), DEFAULT_CHURN_RATE_MOVE);

	private final BigDecimal targetChurnRate;

	private final BigDecimal targetManagedChurnRate;

	private final Map<YearMonth, MonthTargets> monthlyTargets;

	private final Map<String, BigDecimal> categoryThresholds;

	private final BigDecimal churnRateMove;

	ChurnTargets(BigDecimal targetChurnRate, BigDecimal targetManagedChurnRate, Map<YearMonth, MonthTargets> monthlyTargets,
			Map<String, BigDecimal> categoryThresholds, BigDecimal churnRateMove) {
		this.targetChurnRate = targetChurnRate;
		this.targetManagedChurnRate = targetManagedChurnRate;
		this.monthlyTargets = Map.copyOf(monthlyTargets);
		this.categoryThresholds = Collections.unmodifiableMap(new LinkedHashMap<>(categoryThresholds));
		this.churnRateMove = churnRateMove;
	}

	/** No targets, no thresholds, the default move alert: what a missing targets.yml means. */
	public static ChurnTargets none() {
		return NONE;
	}

	/** The run's churn plan, loaded once per run. */
	public static ChurnTargets of(MonthInputs inputs) {
		return inputs.get(ChurnTargets.class, ChurnTargets::load);
	}

	/**
	 * Reads {@code targets.yml} from the configuration directory; {@link #none()} when there is no
	 * such file.
	 * @throws InvalidConfigurationException naming the file, the key and what to change
	 */
	public static ChurnTargets load(Path configDirectory) {
		Path file = configDirectory.resolve(FILE_NAME);
		byte[] content;
		try {
			content = Files.readAllBytes(file);
		}
		catch (NoSuchFileException ex) {
			return NONE;
		}
		catch (IOException ex) {
			throw new InvalidConfigurationException("Cannot read " + file + ": " + ex.getMessage(), ex);
		}
		// parsed whole before binding, so that a syntax error anywhere is what a broken file reports
		JsonNode root;
		try {
			root = YAML.readTree(content);
		}
		catch (JacksonException ex) {
			throw new InvalidConfigurationException(file + " is not valid YAML: " + YamlErrors.describe(ex)
					+ ". Fix the line, or see the comment at the top of the shipped config/targets.yml for the format.", ex);
		}
		if (root == null || root.isMissingNode() || root.isNull()) {
			return NONE; // an empty file, or only comments: no targets
		}
		if (!root.isObject()) {
			throw invalid(file, null, "must hold keys such as '" + TARGET_CHURN_RATE + ": 0.025', not a " + describe(root) + ".");
		}
		TargetsFile written;
		try {
			written = YAML.treeToValue(root, TargetsFile.class);
		}
		catch (DatabindException ex) {
			throw refusal(file, root, ex);
		}
		return written.validated(file);
	}

	/** The target churn rate of the month: its override in monthly-targets, else target-churn-rate. */
	public Optional<BigDecimal> targetChurnRate(YearMonth month) {
		MonthTargets override = monthlyTargets.get(month);
		if (override != null && override.targetChurnRate() != null) {
			return Optional.of(override.targetChurnRate().fraction());
		}
		return Optional.ofNullable(targetChurnRate);
	}

	/** The target managed churn rate of the month: its override, else target-managed-churn-rate. */
	public Optional<BigDecimal> targetManagedChurnRate(YearMonth month) {
		MonthTargets override = monthlyTargets.get(month);
		if (override != null && override.targetManagedChurnRate() != null) {
			return Optional.of(override.targetManagedChurnRate().fraction());
		}
		return Optional.ofNullable(targetManagedChurnRate);
	}

	/**
	 * The most each reason category may add to the churn rate (category churned / customers at
	 * start), by category as written in targets.yml, in file order.
	 */
	public Map<String, BigDecimal> categoryThresholds() {
		return categoryThresholds;
	}

	/** The threshold of a category, matched ignoring case and surrounding blanks. */
	public Optional<BigDecimal> categoryThreshold(String category) {
		String key = normalise(category);
		return categoryThresholds.entrySet()
			.stream()
			.filter(entry -> normalise(entry.getKey()).equals(key))
			.map(Map.Entry::getValue)
			.findFirst();
	}

	/** How far (in rate points, 0.01 = 1 point) the churn rate may move from its trailing average without an alert. */
	public BigDecimal churnRateMove() {
		return churnRateMove;
	}

	/**
	 * Refuses thresholds for categories that churn-reasons.yml does not have: such a threshold could
	 * never be exceeded, which would hide a typo.
	 * @param knownCategories the categories of the classifier
	 * @param configDirectory where targets.yml was read from, for the message
	 */
	public void checkCategories(Collection<String> knownCategories, Path configDirectory) {
		Set<String> known = new TreeSet<>();
		knownCategories.forEach(category -> known.add(normalise(category)));
		for (String category : categoryThresholds.keySet()) {
			if (!known.contains(normalise(category))) {
				throw new InvalidConfigurationException(configDirectory.resolve(FILE_NAME) + ", " + CATEGORY_THRESHOLDS
						+ "." + category + ": churn-reasons.yml has no reason in category '" + category
						+ "'. Use one of " + String.join(", ", known) + ", or add the category to churn-reasons.yml.");
			}
		}
	}

	static String normalise(String category) {
		return category.trim().toLowerCase(Locale.ROOT);
	}

	/** What the binding refused, said as the hand-written checks of the file say it: file, key, what to write. */
	private static InvalidConfigurationException refusal(Path file, JsonNode root, DatabindException ex) {
		List<String> names = ex.getPath().stream().map(JacksonException.Reference::getPropertyName).toList();
		String key = names.isEmpty() ? null : String.join(".", names);
		InvalidRate invalidRate = Failures.cause(ex, InvalidRate.class);
		if (invalidRate != null) {
			return invalid(file, key, invalidRate.getMessage());
		}
		if (ex instanceof UnrecognizedPropertyException unknown && KNOWN_KEYS.containsKey(unknown.getReferringClass())) {
			return invalid(file, key, "is not a known key: use " + String.join(", ", KNOWN_KEYS.get(unknown.getReferringClass())) + ".");
		}
		if (ex instanceof MismatchedInputException && SECTION_EXAMPLES.containsKey(key)) {
			return invalid(file, key, "must be a mapping of keys to values, e.g. '" + key + ":' followed by an indented line '"
					+ SECTION_EXAMPLES.get(key) + "', not a " + describe(root.get(key)) + ".");
		}
		return new InvalidConfigurationException(file + (key == null ? "" : ", " + key) + " cannot be read: "
				+ YamlErrors.describe(ex) + ". See the comment at the top of the shipped config/targets.yml for the format.", ex);
	}

	private static InvalidConfigurationException invalid(Path file, String key, String problem) {
		return new InvalidConfigurationException(file + (key == null ? "" : ", " + key) + " " + problem);
	}

	private static String describe(JsonNode node) {
		return switch (node.getNodeType()) {
			case ARRAY -> "list";
			case OBJECT -> "mapping";
			case BOOLEAN -> "true/false value";
			case STRING -> "text";
			default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
		};
	}

	/**
	 * targets.yml as written; every key is optional. The checks that look at more than one value
	 * (months and categories given twice) are made by {@link #validated}.
	 */
	record TargetsFile(@JsonProperty(TARGET_CHURN_RATE) Rate targetChurnRate,
			@JsonProperty(TARGET_MANAGED_CHURN_RATE) Rate targetManagedChurnRate,
			@JsonProperty(MONTHLY_TARGETS) @JsonDeserialize(contentUsing = MonthTargetsForms.class) LinkedHashMap<String, MonthTargets> monthlyTargets,
			@JsonProperty(CATEGORY_THRESHOLDS) LinkedHashMap<String, Rate> categoryThresholds,
			@JsonProperty(ALERTS) Alerts alerts) {

		ChurnTargets validated(Path file) {
			BigDecimal churnRateMove = alerts == null || alerts.churnRateMove() == null ? DEFAULT_CHURN_RATE_MOVE
					: alerts.churnRateMove().fraction();
			return new ChurnTargets(fraction(targetChurnRate), fraction(targetManagedChurnRate), months(file),
					thresholds(file), churnRateMove);
		}

		private Map<YearMonth, MonthTargets> months(Path file) {
			Map<YearMonth, MonthTargets> targets = new TreeMap<>();
			if (monthlyTargets == null) {
				return targets;
			}
			monthlyTargets.forEach((written, monthTargets) -> {
				String key = MONTHLY_TARGETS + "." + written;
				YearMonth month;
				try {
					month = ReportingMonth.parseMonth(written);
				}
				catch (IllegalArgumentException ex) {
					throw invalid(file, key, "is not a month: write it as YYYY-MM, e.g. 2025-12.");
				}
				// a month left empty overrides nothing, but is still a month listed
				if (targets.put(month, monthTargets == null ? new MonthTargets(null, null) : monthTargets) != null) {
					throw invalid(file, key, "gives month " + ReportingMonth.format(month) + " a second time: list each month once.");
				}
			});
			return targets;
		}

		private Map<String, BigDecimal> thresholds(Path file) {
			Map<String, BigDecimal> thresholds = new LinkedHashMap<>();
			if (categoryThresholds == null) {
				return thresholds;
			}
			Map<String, String> seen = new LinkedHashMap<>();
			categoryThresholds.forEach((category, threshold) -> {
				String key = CATEGORY_THRESHOLDS + "." + category;
				if (category.isBlank()) {
					throw invalid(file, key, "has no category name: write it as in churn-reasons.yml, e.g. price.");
				}
				String earlier = seen.putIfAbsent(normalise(category), category);
				if (earlier != null) {
					throw invalid(file, key, "repeats category '" + earlier + "' (case and blanks are ignored): list each category once.");
				}
				if (threshold != null) {
					thresholds.put(category.trim(), threshold.fraction());
				}
			});
			return thresholds;
		}

		private static BigDecimal fraction(Rate rate) {
			return rate == null ? null : rate.fraction();
		}

	}

	/** A month's override of the targets; a key left out or empty keeps the file-wide target. */
	record MonthTargets(@JsonProperty(TARGET_CHURN_RATE) Rate targetChurnRate,
			@JsonProperty(TARGET_MANAGED_CHURN_RATE) Rate targetManagedChurnRate) {
	}

	record Alerts(@JsonProperty(CHURN_RATE_MOVE) Rate churnRateMove) {
	}

	/**
	 * A rate: a fraction from 0 to 1, as a number or a quoted number, kept to six decimals as every
	 * rate of the mart. Bound from the value as written, so that a refusal can show it.
	 */
	record Rate(BigDecimal fraction) {

		@JsonCreator(mode = JsonCreator.Mode.DELEGATING)
		static Rate of(JsonNode written) {
			BigDecimal value;
			if (written.isNumber()) {
				value = written.decimalValue();
			}
			else if (written.isString() && isDecimal(written.stringValue().trim())) {
				value = new BigDecimal(written.stringValue().trim());
			}
			else {
				String shown = written.isString() ? "'" + written.stringValue() + "'" : "a " + describe(written);
				throw new InvalidRate("is " + shown + ": write a rate as a fraction, e.g. 0.025 for 2.5%.");
			}
			if (value.signum() < 0) {
				throw new InvalidRate("is " + value.toPlainString() + ": a rate cannot be negative. Write it as a fraction"
						+ " from 0 to 1, e.g. 0.025 for 2.5%.");
			}
			if (value.compareTo(BigDecimal.ONE) > 0) {
				throw new InvalidRate("is " + value.toPlainString() + ": rates are fractions from 0 to 1; for "
						+ value.toPlainString() + "% write " + value.movePointLeft(2).stripTrailingZeros().toPlainString() + ".");
			}
			return new Rate(MetricScales.rate(value));
		}

		private static boolean isDecimal(String text) {
			return text.matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");
		}

	}

	/** Why a rate was refused, to be told with the file and the key it was given under. */
	static final class InvalidRate extends IllegalArgumentException {

		InvalidRate(String problem) {
			super(problem);
		}

	}

	/**
	 * A month of monthly-targets in either form: the short "2025-12: 0.03", which overrides the churn
	 * rate target only, or a mapping of the keys it overrides.
	 */
	static final class MonthTargetsForms extends ValueDeserializer<MonthTargets> {

		@Override
		public MonthTargets deserialize(JsonParser parser, DeserializationContext context) {
			if (parser.isExpectedStartObjectToken()) {
				return context.readValue(parser, MonthTargets.class);
			}
			return new MonthTargets(context.readValue(parser, Rate.class), null);
		}

	}

}
