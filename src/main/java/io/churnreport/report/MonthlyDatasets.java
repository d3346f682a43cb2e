package io.churnreport.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.churnreport.month.ReportingMonth;

/**
 * The month's datasets, as declared by the {@link CsvFile} beans, read from the mart row by row
 * (never a whole table in memory) for the CSV and spreadsheet writers. Customer identifiers
 * ({@link CustomerIds#isCustomerIdColumn columns} {@code customer_id}, {@code ..._customer_id})
 * come as {@link CustomerIdPseudonyms} says: pseudonyms unless {@code churn.reports.show-customer-ids} is true.
 */
@Component
public class MonthlyDatasets {

	private static final int FETCH_SIZE = 2_000;

	private final JdbcClient reporting;

	private final TransactionTemplate transaction;

	private final List<CsvFile> datasets;

	private final Supplier<CustomerIds> customerIds;

	@Autowired
	public MonthlyDatasets(DataSource reporting, List<CsvFile> datasets, CustomerIdPseudonyms customerIds) {
		this(reporting, datasets, customerIds::shown);
	}

	/** The given datasets only, as tests of one dataset read them, with customer identifiers shown as given. */
	public MonthlyDatasets(DataSource reporting, List<CsvFile> datasets, CustomerIds customerIds) {
		this(reporting, datasets, () -> customerIds);
	}

	private MonthlyDatasets(DataSource reporting, List<CsvFile> datasets, Supplier<CustomerIds> customerIds) {
		JdbcTemplate streaming = new JdbcTemplate(reporting);
		streaming.setFetchSize(FETCH_SIZE);
		this.reporting = JdbcClient.create(streaming);
		// the driver fetches a result in parts only inside a transaction: in auto-commit it would hold a
		// list of a million customers whole. A step's own transaction is joined; else one is opened
		this.transaction = new TransactionTemplate(new JdbcTransactionManager(reporting));
		this.transaction.setReadOnly(true);
		// by file name: the declaring beans are spread over the features, and no order among them matters
		this.datasets = datasets.stream().sorted(java.util.Comparator.comparing(CsvFile::fileName)).toList();
		this.customerIds = customerIds;
	}

	/** Every declared dataset, by file name. */
	public List<CsvFile> all() {
		return datasets;
	}

	/** The datasets with the given file names, in the given order; an unknown name is an error. */
	public List<CsvFile> named(List<String> fileNames) {
		Map<String, CsvFile> byName = datasets.stream().collect(Collectors.toMap(CsvFile::fileName, Function.identity()));
		return fileNames.stream().map(name -> {
			CsvFile dataset = byName.get(name);
			if (dataset == null) {
				throw new IllegalStateException("No dataset " + name + " is declared; declared: " + byName.keySet());
			}
			return dataset;
		}).toList();
	}

	/**
	 * Calls {@code row} with each row's values in column order (numbers as BigDecimal, Integer or
	 * Long; customer identifiers as they are shown).
	 */
	public void forEachRow(CsvFile dataset, ReportingMonth month, Consumer<List<Object>> row) {
		CustomerIds shown = customerIds.get();
		transaction.executeWithoutResult(status -> reporting.sql(dataset.sql()).param("month", month.firstDay())
			.query((RowCallbackHandler) rs -> {
				List<Object> values = new ArrayList<>(dataset.columns().size());
				for (String column : dataset.columns()) {
					Object value = rs.getObject(column);
					if (value != null && CustomerIds.isCustomerIdColumn(column)) {
						value = shown.shown(value.toString());
					}
					values.add(value);
				}
				row.accept(values);
			}));
	}

}
