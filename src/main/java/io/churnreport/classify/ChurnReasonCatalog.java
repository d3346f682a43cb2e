package io.churnreport.classify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.core.JacksonException;
import tools.jackson.dataformat.yaml.YAMLMapper;

import io.churnreport.system.InvalidConfigurationException;
import io.churnreport.system.YamlErrors;
import io.churnreport.month.MonthInputs;

/**
 * The churn-reason classifier an operator maintains in {@code churn-reasons.yml}: reason codes as
 * the CRM records them, each with a label, a category and a class (managed or unmanaged). Codes
 * match the CRM's trimmed, case-insensitively.
 */
public final class ChurnReasonCatalog {

	public static final String FILE_NAME = "churn-reasons.yml";

	private final Map<String, ChurnReason> reasonsByCode;

	private final String sha256;

	ChurnReasonCatalog(List<ChurnReason> reasons, String sha256) {
		Map<String, ChurnReason> byCode = new LinkedHashMap<>();
		reasons.forEach(reason -> byCode.put(normalise(reason.code()), reason));
		this.reasonsByCode = byCode;
		this.sha256 = sha256;
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
		return new ChurnReasonCatalog(validate(file, parsed), sha256(content));
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

	record ReasonsFile(List<ReasonEntry> reasons) {
	}

	record ReasonEntry(String code, String label, String category, @JsonProperty("class") String reasonClass) {
	}

}
