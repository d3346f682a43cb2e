package io.churnreport.metrics;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import io.churnreport.system.InvalidConfigurationException;
import io.churnreport.month.ReportingMonth;

/**
 * Month-end exchange rates to the reporting currency, from {@code <config>/fx-rates.csv} with the
 * header {@code month,currency,rate}: one line per month and currency, the rate being what one
 * unit of the currency is worth in the reporting currency at the end of that month (e.g.
 * {@code 2025-03,USD,0.9250} when reporting in EUR). The file is optional when every amount is in
 * the reporting currency.
 */
public final class FxRates {

	public static final String FILE_NAME = "fx-rates.csv";

	public record Rate(YearMonth month, String currency, BigDecimal rate) {
	}

	private FxRates() {
	}

	public static List<Rate> load(Path configDirectory) {
		Path file = configDirectory.resolve(FILE_NAME);
		if (!Files.exists(file)) {
			return List.of();
		}
		CSVFormat format = CSVFormat.DEFAULT.builder()
			.setHeader()
			.setSkipHeaderRecord(true)
			.setIgnoreEmptyLines(true)
			.setTrim(true)
			.setCommentMarker('#')
			.get();
		List<Rate> rates = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
				CSVParser parser = format.parse(reader)) {
			if (!parser.getHeaderNames().containsAll(List.of("month", "currency", "rate"))) {
				throw new InvalidConfigurationException(
						file + ": the first line must be the header month,currency,rate, found " + parser.getHeaderNames());
			}
			for (CSVRecord record : parser) {
				String where = file + ", line " + parser.getCurrentLineNumber();
				YearMonth month;
				try {
					month = ReportingMonth.parseMonth(record.get("month"));
				}
				catch (IllegalArgumentException ex) {
					throw new InvalidConfigurationException(where + ": " + ex.getMessage());
				}
				String currency = record.get("currency").toUpperCase(Locale.ROOT);
				if (!currency.matches("[A-Z]{3}")) {
					throw new InvalidConfigurationException(where + ": currency '" + record.get("currency")
							+ "' is not a three-letter ISO 4217 code such as USD.");
				}
				BigDecimal rate;
				try {
					rate = new BigDecimal(record.get("rate"));
				}
				catch (NumberFormatException ex) {
					throw new InvalidConfigurationException(where + ": rate '" + record.get("rate")
							+ "' is not a number: write it with a dot as decimal point, e.g. 0.9250.");
				}
				if (rate.signum() <= 0) {
					throw new InvalidConfigurationException(where + ": rate " + rate + " must be greater than zero.");
				}
				if (!seen.add(month + currency)) {
					throw new InvalidConfigurationException(where + ": a second rate for " + currency + " in "
							+ ReportingMonth.format(month) + ": keep one.");
				}
				rates.add(new Rate(month, currency, rate));
			}
		}
		catch (IOException | IllegalArgumentException | IllegalStateException ex) {
			if (ex instanceof InvalidConfigurationException invalid) {
				throw invalid;
			}
			throw new InvalidConfigurationException("Cannot read " + file + ": " + ex.getMessage(), ex);
		}
		return rates;
	}

}
