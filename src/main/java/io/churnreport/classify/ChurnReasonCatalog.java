package io.churnreport.classify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.core.JacksonException;
import tools.jackson.dataformat.yaml.YAMLMapper;

import io.churnreport.system.InvalidConfigurationException;
import io.churnreport.system.YamlErrors;
import io.churnreport.month.MonthInputs;

/**
 * The churn-reason classifier an operator maintains in {@code churn-reasons.yml}: reason codes as
 * the CRM records them, each with a label, a category and a class (managed or unmanaged), and the
 * labels of reasons and categories in the reports' other languages. Codes match the CRM's trimmed,
 * case-insensitively.
 */
public final class ChurnReasonCatalog {

	public static final String FILE_NAME = "churn-reasons.yml";

	/** The language of the {@code label}s when the file does not say. */
	public static final String DEFAULT_LANGUAGE = "en";

	private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}");

	private final Map<String, ChurnReason> reasonsByCode;

	private final String sha256;

	private final String language;

	private final List<ReasonLabel> translations;

	ChurnReasonCatalog(List<ChurnReason> reasons, String sha256) {
		this(reasons, sha256, DEFAULT_LANGUAGE, List.of());
	}

	ChurnReasonCatalog(List<ChurnReason> reasons, String sha256, String language, List<ReasonLabel> translations) {
		Map<String, ChurnReason> byCode = new LinkedHashMap<>();
		reasons.forEach(reason -> byCode.put(normalise(reason.code()), reason));
		this.reasonsByCode = byCode;
		this.sha256 = sha256;
		this.language = language;
		this.translations = List.copyOf(translations);
	}

	/** The run's reason catalogue, loaded once per run. */
	public static ChurnReasonCatalog of(MonthInputs inputs) {
		return inputs.get(ChurnReasonCatalog.class, ChurnReasonCatalog::load);
	}

	public static ChurnReasonCatalog load(Path configDirectory) {
		Path file = configDirectory.resolve(FILE_NAME);
		byte[] content;
		try {
			content = Files.readAllBytes(file);
		}
		catch (NoSuchFileException ex) {
			throw new InvalidConfigurationException("Churn-reason classifier " + file
					+ " not found: create it (see README, Churn reason classifier) or point --config at the directory holding it.");
		}
		catch (IOException ex) {
			throw new InvalidConfigurationException("Cannot read " + file + ": " + ex.getMessage(), ex);
		}
		ReasonsFile parsed;
		try {
			parsed = YAMLMapper.builder().build().readValue(content, ReasonsFile.class);
		}
		catch (JacksonException ex) {
			throw new InvalidConfigurationException(file + " is not a valid classifier: " + YamlErrors.describe(ex)
					+ ". Expected a list under 'reasons:' of entries with code, label, category and class.", ex);
		}
		List<ChurnReason> reasons = validate(file, parsed);
		String language = parsed.language() == null ? DEFAULT_LANGUAGE : parsed.language().trim();
		if (!LANGUAGE.matcher(language).matches()) {
			throw new InvalidConfigurationException(file + " gives language '" + language
					+ "': it must be the language code of the labels, e.g. en or tr.");
		}
		return new ChurnReasonCatalog(reasons, sha256(content), language, translations(file, parsed, reasons));
	}

	/** The labels under {@code labels:} of each reason and under {@code categories:}, checked. */
	private static List<ReasonLabel> translations(Path file, ReasonsFile parsed, List<ChurnReason> reasons) {
		List<ReasonLabel> translations = new ArrayList<>();
		for (int i = 0; i < parsed.reasons().size(); i++) {
			ReasonEntry entry = parsed.reasons().get(i);
			String where = file + ", reason #" + (i + 1) + " (" + entry.code().trim() + ")";
			translations.addAll(labels(where, ReasonLabel.REASON, normalise(entry.code()), entry.labels()));
		}
		if (parsed.categories() != null) {
			Set<String> categories = new HashSet<>();
			reasons.forEach(reason -> categories.add(normalise(reason.category())));
			parsed.categories().forEach((category, labels) -> {
				String where = file + ", category " + category;
				if (!categories.contains(normalise(category))) {
					throw new InvalidConfigurationException(where + " is not the category of any reason: "
							+ "correct it to one of " + new TreeSet<>(categories) + " or remove it.");
				}
				translations.addAll(labels(where, ReasonLabel.CATEGORY, normalise(category), labels));
			});
		}
		return translations;
	}

	private static List<ReasonLabel> labels(String where, String kind, String code, Map<String, String> labels) {
		if (labels == null) {
			return List.of();
		}
		List<ReasonLabel> checked = new ArrayList<>();
		labels.forEach((language, label) -> {
			if (language == null || !LANGUAGE.matcher(language.trim()).matches()) {
				throw new InvalidConfigurationException(where + " has a label for '" + language
						+ "': label keys are language codes, e.g. tr: or de:.");
			}
			if (isBlank(label)) {
				throw new InvalidConfigurationException(where + " has an empty " + language.trim()
						+ " label: write it, or remove the line to show the default label.");
			}
			checked.add(new ReasonLabel(kind, code, language.trim(), label.trim()));
		});
		return checked;
	}

	private static List<ChurnReason> validate(Path file, ReasonsFile parsed) {
		if (parsed == null || parsed.reasons() == null || parsed.reasons().isEmpty()) {
			throw new InvalidConfigurationException(file + " lists no reasons: add entries under 'reasons:'.");
		}
		List<ChurnReason> reasons = new ArrayList<>();
		Map<String, Integer> seen = new LinkedHashMap<>();
		for (int i = 0; i < parsed.reasons().size(); i++) {
			ReasonEntry entry = parsed.reasons().get(i);
			String where = file + ", reason #" + (i + 1);
			if (entry == null || isBlank(entry.code())) {
				throw new InvalidConfigurationException(where + " has no code: give each reason the code the CRM records.");
			}
			where += " (" + entry.code() + ")";
			Integer earlier = seen.putIfAbsent(normalise(entry.code()), i + 1);
			if (earlier != null) {
				throw new InvalidConfigurationException(where + " repeats the code of reason #" + earlier + ": each code may appear once.");
			}
			if (isBlank(entry.category())) {
				throw new InvalidConfigurationException(where + " has no category: give it one, e.g. price or relocation.");
			}
			ReasonClass reasonClass = switch (isBlank(entry.reasonClass()) ? "" : normalise(entry.reasonClass())) {
				case "managed" -> ReasonClass.MANAGED;
				case "unmanaged" -> ReasonClass.UNMANAGED;
				default -> throw new InvalidConfigurationException(where + " has class '"
						+ (entry.reasonClass() == null ? "" : entry.reasonClass()) + "': it must be managed or unmanaged.");
			};
			String label = isBlank(entry.label()) ? entry.code().trim() : entry.label().trim();
			reasons.add(new ChurnReason(entry.code().trim(), label, entry.category().trim(), reasonClass));
		}
		return reasons;
	}

	public Optional<ChurnReason> find(String code) {
		return isBlank(code) ? Optional.empty() : Optional.ofNullable(reasonsByCode.get(normalise(code)));
	}

	public List<ChurnReason> reasons() {
		return List.copyOf(reasonsByCode.values());
	}

	/** The language of the reasons' {@code label}s: they stand in for a language that has none of its own. */
	public String language() {
		return language;
	}

	/** The reasons' and categories' labels in other languages, codes in lower case. */
	public List<ReasonLabel> translations() {
		return translations;
	}

	/**
	 * The reasons and categories (as {@code reason price_too_high}, {@code category price}) that
	 * have no label in the language, when it is not the labels' own; in the file's order.
	 */
	public List<String> withoutLabelIn(String reportLanguage) {
		if (reportLanguage.equals(language)) {
			return List.of();
		}
		Set<String> labelled = new HashSet<>();
		translations.stream()
			.filter(translation -> translation.language().equals(reportLanguage))
			.forEach(translation -> labelled.add(translation.kind() + " " + translation.code()));
		Set<String> missing = new LinkedHashSet<>();
		for (ChurnReason reason : reasonsByCode.values()) {
			missing.add(ReasonLabel.REASON + " " + normalise(reason.code()));
		}
		for (ChurnReason reason : reasonsByCode.values()) {
			missing.add(ReasonLabel.CATEGORY + " " + normalise(reason.category()));
		}
		missing.removeAll(labelled);
		return List.copyOf(missing);
	}

	/** Identifies the classifier version a month was computed with. */
	public String sha256() {
		return sha256;
	}

	private static String normalise(String code) {
		return code.trim().toLowerCase(Locale.ROOT);
	}

	private static boolean isBlank(String text) {
		return text == null || text.isBlank();
	}

	private static String sha256(byte[] content) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A reason's or a category's label in one language. */
	public record ReasonLabel(String kind, String code, String language, String label) {

		public static final String REASON = "reason";

		public static final String CATEGORY = "category";

	}

	record ReasonsFile(String language, List<ReasonEntry> reasons, Map<String, Map<String, String>> categories) {
	}

	record ReasonEntry(String code, String label, Map<String, String> labels, String category,
			@JsonProperty("class") String reasonClass) {
	}

}
