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

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import io.churnreport.month.ReportingMonth;
import io.churnreport.system.InvalidConfigurationException;
import io.churnreport.system.YamlErrors;
import io.churnreport.month.MetricScales;
import io.churnreport.month.MonthInputs;

/**
 * The churn plan an operator keeps in {@code targets.yml}: a monthly target churn rate, a target
 * managed churn rate, optional per-month overrides of both, optional thresholds per reason
 * category (the most a category may add to the churn rate) and the size of a churn rate move
 * that raises an alert. The file is optional: without it there are no targets and only the move
 * alert, with its default.
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

	private static final List<String> TOP_LEVEL_KEYS = List.of(TARGET_CHURN_RATE, TARGET_MANAGED_CHURN_RATE,
			MONTHLY_TARGETS, CATEGORY_THRESHOLDS, ALERTS);

	private static final List<String> MONTH_KEYS = List.of(TARGET_CHURN_RATE, TARGET_MANAGED_CHURN_RATE);

	private static final List<String> ALERT_KEYS = List.of(CHURN_RATE_MOVE);

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
		JsonNode root;
		try {
			root = YAMLMapper.builder()
				// rates are read as written (0.025, not the nearest double) and a key given twice is refused
				.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
				.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
				.build()
				.readTree(content);
		}
		catch (JacksonException ex) {
			throw new InvalidConfigurationException(file + " is not valid YAML: " + YamlErrors.describe(ex)
					+ ". Fix the line, or see the comment at the top of the shipped config/targets.yml for the format.", ex);
		}
		return new Reader(file).read(root);
	}

	/** The target churn rate of the month: its override in monthly-targets, else target-churn-rate. */
	public Optional<BigDecimal> targetChurnRate(YearMonth month) {
		MonthTargets override = monthlyTargets.get(month);
		if (override != null && override.targetChurnRate() != null) {
			return Optional.of(override.targetChurnRate());
		}
		return Optional.ofNullable(targetChurnRate);
	}

	/** The target managed churn rate of the month: its override, else target-managed-churn-rate. */
	public Optional<BigDecimal> targetManagedChurnRate(YearMonth month) {
		MonthTargets override = monthlyTargets.get(month);
		if (override != null && override.targetManagedChurnRate() != null) {
			return Optional.of(override.targetManagedChurnRate());
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

	/** A month's override of the targets; a null field keeps the file-wide target. */
	record MonthTargets(BigDecimal targetChurnRate, BigDecimal targetManagedChurnRate) {
	}

	/** Validates the parsed tree, naming the file and the key of every problem. */
	private static final class Reader {

		private final Path file;

		Reader(Path file) {
			this.file = file;
		}

		ChurnTargets read(JsonNode root) {
			if (root == null || root.isMissingNode() || root.isNull()) {
				return NONE; // an empty file, or only comments: no targets
			}
			if (!root.isObject()) {
				throw invalid(null, "must hold keys such as '" + TARGET_CHURN_RATE + ": 0.025', not a "
						+ describe(root) + ".");
			}
			checkKeys(root, null, TOP_LEVEL_KEYS);
			BigDecimal targetChurnRate = rate(root.get(TARGET_CHURN_RATE), TARGET_CHURN_RATE);
			BigDecimal targetManagedChurnRate = rate(root.get(TARGET_MANAGED_CHURN_RATE), TARGET_MANAGED_CHURN_RATE);
			Map<YearMonth, MonthTargets> monthlyTargets = monthlyTargets(root.get(MONTHLY_TARGETS));
			Map<String, BigDecimal> categoryThresholds = categoryThresholds(root.get(CATEGORY_THRESHOLDS));
			BigDecimal churnRateMove = DEFAULT_CHURN_RATE_MOVE;
			JsonNode alerts = root.get(ALERTS);
			if (isPresent(alerts)) {
				requireMapping(alerts, ALERTS, CHURN_RATE_MOVE + ": 0.01");
				checkKeys(alerts, ALERTS, ALERT_KEYS);
				BigDecimal move = rate(alerts.get(CHURN_RATE_MOVE), ALERTS + "." + CHURN_RATE_MOVE);
				if (move != null) {
					churnRateMove = move;
				}
			}
			return new ChurnTargets(targetChurnRate, targetManagedChurnRate, monthlyTargets, categoryThresholds,
					churnRateMove);
		}

		private Map<YearMonth, MonthTargets> monthlyTargets(JsonNode node) {
			Map<YearMonth, MonthTargets> targets = new TreeMap<>();
			if (!isPresent(node)) {
				return targets;
			}
			requireMapping(node, MONTHLY_TARGETS, "2025-12: 0.03");
			for (Map.Entry<String, JsonNode> entry : node.properties()) {
				String key = MONTHLY_TARGETS + "." + entry.getKey();
				YearMonth month;
				try {
					month = ReportingMonth.parseMonth(entry.getKey());
				}
				catch (IllegalArgumentException ex) {
					throw invalid(key, "is not a month: write it as YYYY-MM, e.g. 2025-12.");
				}
				JsonNode value = entry.getValue();
				MonthTargets monthTargets;
				if (value != null && value.isObject()) {
					checkKeys(value, key, MONTH_KEYS);
					monthTargets = new MonthTargets(rate(value.get(TARGET_CHURN_RATE), key + "." + TARGET_CHURN_RATE),
							rate(value.get(TARGET_MANAGED_CHURN_RATE), key + "." + TARGET_MANAGED_CHURN_RATE));
				}
				else {
					// the short form "2025-12: 0.03" overrides the churn rate target only
					monthTargets = new MonthTargets(rate(value, key), null);
				}
				if (targets.put(month, monthTargets) != null) {
					throw invalid(key, "gives month " + ReportingMonth.format(month) + " a second time: list each month once.");
				}
			}
			return targets;
		}

		private Map<String, BigDecimal> categoryThresholds(JsonNode node) {
			Map<String, BigDecimal> thresholds = new LinkedHashMap<>();
			if (!isPresent(node)) {
				return thresholds;
			}
			requireMapping(node, CATEGORY_THRESHOLDS, "price: 0.008");
			Map<String, String> seen = new LinkedHashMap<>();
			for (Map.Entry<String, JsonNode> entry : node.properties()) {
				String key = CATEGORY_THRESHOLDS + "." + entry.getKey();
				if (entry.getKey().isBlank()) {
					throw invalid(key, "has no category name: write it as in churn-reasons.yml, e.g. price.");
				}
				String earlier = seen.putIfAbsent(normalise(entry.getKey()), entry.getKey());
				if (earlier != null) {
					throw invalid(key, "repeats category '" + earlier + "' (case and blanks are ignored): list each category once.");
				}
				BigDecimal threshold = rate(entry.getValue(), key);
				if (threshold != null) {
					thresholds.put(entry.getKey().trim(), threshold);
				}
			}
			return thresholds;
		}

		/**
		 * A rate: a fraction from 0 to 1, as a number or a quoted number; null when the key is absent
		 * or left empty. Six decimals are kept, as for every rate of the mart.
		 */
		private BigDecimal rate(JsonNode node, String key) {
			if (!isPresent(node)) {
				return null;
			}
			BigDecimal value;
			if (node.isNumber()) {
				value = node.decimalValue();
			}
			else if (node.isString() && isDecimal(node.stringValue().trim())) {
				value = new BigDecimal(node.stringValue().trim());
			}
			else {
				String shown = node.isString() ? "'" + node.stringValue() + "'" : "a " + describe(node);
				throw invalid(key, "is " + shown + ": write a rate as a fraction, e.g. 0.025 for 2.5%.");
			}
			if (value.signum() < 0) {
				throw invalid(key, "is " + value.toPlainString() + ": a rate cannot be negative. Write it as a fraction"
						+ " from 0 to 1, e.g. 0.025 for 2.5%.");
			}
			if (value.compareTo(BigDecimal.ONE) > 0) {
				throw invalid(key, "is " + value.toPlainString() + ": rates are fractions from 0 to 1; for "
						+ value.toPlainString() + "% write " + value.movePointLeft(2).stripTrailingZeros().toPlainString() + ".");
			}
			return MetricScales.rate(value);
		}

		private void checkKeys(JsonNode mapping, String parent, List<String> allowed) {
			for (String name : mapping.propertyNames()) {
				if (!allowed.contains(name)) {
					String key = parent == null ? name : parent + "." + name;
					throw invalid(key, "is not a known key: use " + String.join(", ", allowed) + ".");
				}
			}
		}

		private void requireMapping(JsonNode node, String key, String example) {
			if (!node.isObject()) {
				throw invalid(key, "must be a mapping of keys to values, e.g. '" + key + ":' followed by an indented line '"
						+ example + "', not a " + describe(node) + ".");
			}
		}

		private InvalidConfigurationException invalid(String key, String problem) {
			return new InvalidConfigurationException(file + (key == null ? "" : ", " + key) + " " + problem);
		}

		private static boolean isPresent(JsonNode node) {
			return node != null && !node.isMissingNode() && !node.isNull();
		}

		private static boolean isDecimal(String text) {
			return text.matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");
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

	}

}
