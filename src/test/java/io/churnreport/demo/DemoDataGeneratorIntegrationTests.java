package io.churnreport.demo;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import javax.sql.DataSource;

import io.churnreport.support.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.yaml.snakeyaml.Yaml;

import org.springframework.jdbc.core.DataClassRowMapper;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo generator against the embedded PostgreSQL: repeatable, mapped correctly by the operator
 * SQL files of {@code config/sources}, and showing every feature the reports need. The default
 * data set is generated once and shared by the read-only checks.
 */
@TestInstance(Lifecycle.PER_CLASS)
class DemoDataGeneratorIntegrationTests {

	private static final Path SOURCES = Path.of("config", "sources");

	private static final Path CLASSIFIER = Path.of("config", "churn-reasons.yml");

	private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

	private static final DemoSettings DEFAULT = DemoSettings.defaults();

	private static final List<String> BILLING_TABLES = List.of("region", "plan", "customer", "subscription",
			"subscription_price_period", "invoice", "payment");

	private static final List<String> CRM_TABLES = List.of("account", "cancellation_request");

	private final DemoDataGenerator generator = new DemoDataGenerator();

	private Databases full;

	private DemoDataset fullDataset;

	private Canonical canonical;

	@BeforeAll
	void generateDefaultDataset() {
		this.full = Databases.create("demo_full");
		this.fullDataset = this.generator.generate(this.full.billing(), this.full.crm(), DEFAULT);
		this.canonical = Canonical.read(this.full, DEFAULT.firstMonth().plusMonths(DEFAULT.months() - 1));
	}

	@Test
	void sameSeedGivesIdenticalDatabasesAndAnotherSeedDiffers() {
		DemoSettings settings = new DemoSettings(300, 12, 7, YearMonth.of(2023, 3), ZONE);
		Databases first = Databases.create("demo_same_a");
		Databases second = Databases.create("demo_same_b");
		Databases other = Databases.create("demo_other");
		DemoDataset firstCounts = this.generator.generate(first.billing(), first.crm(), settings);
		DemoDataset secondCounts = this.generator.generate(second.billing(), second.crm(), settings);
		this.generator.generate(other.billing(), other.crm(),
				new DemoSettings(300, 12, 8, YearMonth.of(2023, 3), ZONE));

		assertThat(secondCounts).isEqualTo(firstCounts);
		assertThat(first.digests()).isEqualTo(second.digests());
		Map<String, String> otherDigests = other.digests();
		assertThat(first.digests()).hasSameSizeAs(otherDigests)
			.satisfies((digests) -> assertThat(digests.get("billing.subscription"))
				.isNotEqualTo(otherDigests.get("billing.subscription")))
			.satisfies((digests) -> assertThat(digests.get("crm.cancellation_request"))
				.isNotEqualTo(otherDigests.get("crm.cancellation_request")));
	}

	@Test
	void generatingAgainIntoTheSameDatabasesReplacesTheData() {
		DemoSettings settings = new DemoSettings(50, 6, 3, YearMonth.of(2024, 1), ZONE);
		Databases databases = Databases.create("demo_again");
		this.generator.generate(databases.billing(), databases.crm(), settings);
		Map<String, String> once = databases.digests();
		this.generator.generate(databases.billing(), databases.crm(), settings);
		assertThat(databases.digests()).isEqualTo(once);
	}

	/**
	 * Each row's updated_at is when the simulation last changed it, so that the shipped queries,
	 * which ask for what changed since the last extract, read nothing new in a later month: a
	 * customer when it was created, a subscription at its latest start, price change or end, a
	 * cancellation request when it was made (and decided).
	 */
	@Test
	void eachRowWasLastUpdatedWhenTheSimulationLastChangedIt() {
		assertThat(this.full.count("billing.customer WHERE updated_at <> created_at")).isZero();
		assertThat(this.full.count("""
				billing.subscription s WHERE updated_at <> greatest(started_at, ended_at,
				    (SELECT max(effective_from) FROM billing.subscription_price_period p
				      WHERE p.subscription_id = s.subscription_id))""")).isZero();
		assertThat(this.full.count("crm.cancellation_request WHERE updated_at <> requested_at")).isZero();
	}

	@Test
	// how fast it generates is measured by the bench command (docs/benchmarks.md), not here
	void defaultDatasetHasCountsMatchingTheTables() {
		assertThat(this.fullDataset.customers()).isEqualTo(3000);
		assertThat(this.fullDataset.crmAccounts()).isEqualTo(3000);
		assertThat(this.full.count("billing.subscription")).isEqualTo(this.fullDataset.subscriptions());
		assertThat(this.full.count("billing.subscription_price_period")).isEqualTo(this.fullDataset.pricePeriods());
		assertThat(this.full.count("billing.invoice")).isEqualTo(this.fullDataset.invoices());
		assertThat(this.full.count("billing.payment")).isEqualTo(this.fullDataset.payments());
		assertThat(this.full.count("crm.cancellation_request")).isEqualTo(this.fullDataset.cancellationRequests());
	}

	/**
	 * The default data set, table by table, as the generator gave it before it streamed in batches
	 * (when it simulated everything first and held every row): streaming must not change a row.
	 */
	@Test
	void defaultDatasetIsTheSameAsBeforeItWasGeneratedInBatches() {
		assertThat(this.fullDataset).isEqualTo(new DemoDataset(3000, 3262, 3561, 25700, 26691, 3000, 911));
		assertThat(this.full.digests()).containsExactlyInAnyOrderEntriesOf(Map.of(
				"billing.customer", "9d9dfd1df02c6c7d33f747008b919549",
				"billing.invoice", "b4d8d360294c28406683663588ec9061",
				"billing.payment", "b92848dec9c3770a16851c4cf9187c34",
				"billing.plan", "1765a4a0eda97c696bd463ba06e44160",
				"billing.region", "e02d611c8d5f20c4f8f0907722a921ef",
				"billing.subscription", "fcca0e895fe79b770d2db01e03184c0c",
				"billing.subscription_price_period", "0fee9877bd05cd4809e2cbfc3eb1d496",
				"crm.account", "8aff4b8a05dbda131b5fb6acfe912609",
				"crm.cancellation_request", "bec5795e05ed042e34a149f13a0bad15"));
	}

	@Test
	void theBatchSizeDoesNotChangeTheData() {
		DemoSettings settings = new DemoSettings(250, 12, 11, YearMonth.of(2023, 5), ZONE);
		Databases whole = Databases.create("demo_batch_whole");
		Databases batched = Databases.create("demo_batch_small");
		Databases oneByOne = Databases.create("demo_batch_single");
		DemoDataset wholeCounts = new DemoDataGenerator(settings.customers()).generate(whole.billing(), whole.crm(), settings);
		DemoDataset batchedCounts = new DemoDataGenerator(7).generate(batched.billing(), batched.crm(), settings);
		DemoDataset singleCounts = new DemoDataGenerator(1).generate(oneByOne.billing(), oneByOne.crm(), settings);

		assertThat(batchedCounts).isEqualTo(wholeCounts).isEqualTo(singleCounts);
		assertThat(batched.digests()).isEqualTo(whole.digests()).isEqualTo(oneByOne.digests());
		assertThat(batched.count("billing.invoice")).isEqualTo(wholeCounts.invoices());
	}

	@Test
	void billingAndCrmMayBeTheSameDatabase() {
		DemoSettings settings = new DemoSettings(40, 6, 5, YearMonth.of(2024, 1), ZONE);
		DataSource shared = TestPostgres.dataSource(TestPostgres.newDatabase("demo_shared"));
		DemoDataset counts = new DemoDataGenerator(9).generate(shared, shared, settings);

		assertThat(new Databases(shared, shared).count("crm.account")).isEqualTo(40);
		assertThat(new Databases(shared, shared).count("billing.invoice")).isEqualTo(counts.invoices());
	}

	@Nested
	class SourceFiles {

		@Test
		void customersReturnTheCanonicalColumns() {
			assertThat(columns(DemoDataGeneratorIntegrationTests.this.full.billing(), "billing/customers.sql"))
				.containsExactly("customer_id", "created_at", "segment", "region");
		}

		@Test
		void subscriptionsReturnTheCanonicalColumns() {
			assertThat(columns(DemoDataGeneratorIntegrationTests.this.full.billing(), "billing/subscriptions.sql"))
				.containsExactly("subscription_id", "customer_id", "plan_code", "valid_from", "valid_to", "amount",
						"interval_months", "currency", "is_trial", "end_cause");
		}

		@Test
		void invoicesReturnTheCanonicalColumns() {
			assertThat(columns(DemoDataGeneratorIntegrationTests.this.full.billing(), "billing/invoices.sql"))
				.containsExactly("invoice_id", "customer_id", "issued_at", "amount", "currency", "paid_at");
		}

		@Test
		void cancellationsReturnTheCanonicalColumns() {
			assertThat(columns(DemoDataGeneratorIntegrationTests.this.full.crm(), "crm/cancellations.sql"))
				.containsExactly("customer_id", "requested_at", "effective_at", "reason_code", "reason_text",
						"competitor", "outcome");
		}

		/**
		 * A monthly run asks for the invoices issued or paid since the start of the month before: they
		 * must be exactly the whole history's invoices (as of the month's end) issued or paid since then,
		 * the older ones paid late among them.
		 */
		@Test
		void invoicesAskedForSinceTheMonthBeforeAreTheWholeHistorysIssuedOrPaidSinceThen() {
			NamedParameterJdbcTemplate billing = new NamedParameterJdbcTemplate(
					DemoDataGeneratorIntegrationTests.this.full.billing());
			long olderPaidLate = 0;
			for (YearMonth month : List.of(YearMonth.of(2024, 6), YearMonth.of(2025, 3), YearMonth.of(2025, 12))) {
				OffsetDateTime since = month.minusMonths(1).atDay(1).atStartOfDay(ZONE).toOffsetDateTime();
				List<Invoice> whole = billing.query(source("billing/invoices.sql"), parameters(month),
						new DataClassRowMapper<>(Invoice.class));
				List<Invoice> changes = billing.query(source("billing/invoices.sql"),
						parameters(month).addValue("changed_since", since), new DataClassRowMapper<>(Invoice.class));

				List<Invoice> issuedOrPaidSince = whole.stream()
					.filter((invoice) -> !invoice.issuedAt().isBefore(since)
							|| (invoice.paidAt() != null && !invoice.paidAt().isBefore(since)))
					.toList();
				assertThat(changes).as("invoices of %s", month).containsExactlyInAnyOrderElementsOf(issuedOrPaidSince);
				olderPaidLate += changes.stream().filter((invoice) -> invoice.issuedAt().isBefore(since)).count();
			}
			assertThat(olderPaidLate).as("invoices issued before the month before and paid since").isPositive();
		}

		@Test
		void invoicesIssuedAfterTheMonthBeingRunAreLeftOut() {
			Canonical early = Canonical.read(DemoDataGeneratorIntegrationTests.this.full, YearMonth.of(2024, 6));
			assertThat(early.invoices()).isNotEmpty()
				.allSatisfy((invoice) -> assertThat(invoice.issuedAt())
					.isBefore(OffsetDateTime.parse("2024-07-01T00:00:00+02:00")));
			assertThat(early.invoices()).hasSizeLessThan(DemoDataGeneratorIntegrationTests.this.canonical.invoices().size());
		}

		private List<String> columns(DataSource dataSource, String file) {
			ResultSetExtractor<List<String>> names = (resultSet) -> {
				List<String> columns = new ArrayList<>();
				for (int i = 1; i <= resultSet.getMetaData().getColumnCount(); i++) {
					columns.add(resultSet.getMetaData().getColumnLabel(i));
				}
				return columns;
			};
			return new NamedParameterJdbcTemplate(dataSource).query(source(file), parameters(YearMonth.of(2025, 12)),
					names);
		}

	}

	@Nested
	class Invariants {

		@Test
		void periodsAreWellFormed() {
			List<Period> periods = DemoDataGeneratorIntegrationTests.this.canonical.periods();
			assertThat(periods).isNotEmpty().allSatisfy((period) -> {
				if (period.validTo() != null) {
					assertThat(period.validTo()).isAfter(period.validFrom());
				}
				assertThat(period.amount()).isNotNegative();
				assertThat(period.amount().scale()).isLessThanOrEqualTo(2);
				assertThat(period.intervalMonths()).isIn(1, 3, 12);
				assertThat(period.currency()).isEqualTo("EUR");
				assertThat(period.endCause()).isIn(null, "voluntary", "nonpayment");
				if (period.isTrial()) {
					assertThat(period.amount()).isZero();
				}
			});
		}

		@Test
		void periodsOfASubscriptionFollowEachOtherAndOnlyTheLastCarriesTheEndCause() {
			bySubscription().forEach((subscription, periods) -> {
				for (int i = 0; i < periods.size() - 1; i++) {
					assertThat(periods.get(i).endCause()).as("end cause before the last period of %s", subscription)
						.isNull();
					assertThat(periods.get(i).validTo()).as("gap in %s", subscription)
						.isEqualTo(periods.get(i + 1).validFrom());
				}
				Period last = periods.get(periods.size() - 1);
				assertThat(last.endCause() != null).as("ended %s has an end cause", subscription)
					.isEqualTo(last.validTo() != null);
			});
		}

		@Test
		void everyInvoiceStartsABillingIntervalOfItsPeriodAtItsPrice() {
			Map<String, List<Period>> periods = bySubscription();
			Map<String, List<BilledInterval>> invoices = new TreeMap<>();
			JdbcClient.create(DemoDataGeneratorIntegrationTests.this.full.billing())
				.sql("SELECT subscription_id::text AS subscription_id, issued_at, net_amount FROM billing.invoice")
				.query(BilledInterval.class)
				.stream()
				.forEach((invoice) -> invoices.computeIfAbsent(invoice.subscriptionId(), (key) -> new ArrayList<>())
					.add(invoice));
			ZonedDateTime windowEnd = DEFAULT.endMonth().atDay(1).atStartOfDay(ZONE);
			periods.forEach((subscription, subscriptionPeriods) -> {
				Set<String> expected = new HashSet<>();
				for (Period period : subscriptionPeriods) {
					if (period.isTrial()) {
						continue;
					}
					ZonedDateTime end = (period.validTo() != null) ? period.validTo().atZoneSameInstant(ZONE) : windowEnd;
					for (ZonedDateTime start = period.validFrom().atZoneSameInstant(ZONE); start.isBefore(end)
							&& start.isBefore(windowEnd); start = start.plusMonths(period.intervalMonths())) {
						expected.add(start.toInstant() + " " + period.amount());
					}
				}
				Set<String> actual = invoices.getOrDefault(subscription, List.of())
					.stream()
					.map((invoice) -> invoice.issuedAt().toInstant() + " " + invoice.netAmount())
					.collect(Collectors.toSet());
				assertThat(actual).as("invoices of %s", subscription).isEqualTo(expected);
			});
		}

		@Test
		void everyPointInTimeLiesInsideTheGeneratedMonths() {
			Canonical data = DemoDataGeneratorIntegrationTests.this.canonical;
			OffsetDateTime start = DEFAULT.firstMonth().atDay(1).atStartOfDay(ZONE).toOffsetDateTime();
			OffsetDateTime end = DEFAULT.endMonth().atDay(1).atStartOfDay(ZONE).toOffsetDateTime();
			List<OffsetDateTime> instants = new ArrayList<>();
			data.customers().forEach((customer) -> instants.add(customer.createdAt()));
			data.periods().forEach((period) -> {
				instants.add(period.validFrom());
				instants.add(period.validTo());
			});
			data.invoices().forEach((invoice) -> {
				instants.add(invoice.issuedAt());
				instants.add(invoice.paidAt());
			});
			assertThat(instants.stream().filter((instant) -> instant != null))
				.allSatisfy((instant) -> assertThat(instant).isAfterOrEqualTo(start).isBefore(end));
			List<LocalDateTime> localTimes = new ArrayList<>();
			data.cancellations().forEach((cancellation) -> {
				localTimes.add(cancellation.requestedAt());
				localTimes.add(cancellation.effectiveAt());
			});
			assertThat(localTimes.stream().filter((time) -> time != null))
				.allSatisfy((time) -> assertThat(time).isAfterOrEqualTo(start.toLocalDateTime())
					.isBefore(end.atZoneSameInstant(ZONE).toLocalDateTime()));
		}

		@Test
		void cancellationsHaveAKnownOutcomeAndBelongToBillingCustomers() {
			Set<String> customers = DemoDataGeneratorIntegrationTests.this.canonical.customers()
				.stream()
				.map(CustomerRow::customerId)
				.collect(Collectors.toSet());
			assertThat(DemoDataGeneratorIntegrationTests.this.canonical.cancellations()).isNotEmpty()
				.allSatisfy((cancellation) -> {
					assertThat(cancellation.outcome()).isIn("churned", "saved");
					assertThat(customers).contains(cancellation.customerId());
					assertThat(cancellation.effectiveAt() != null).isEqualTo(cancellation.outcome().equals("churned"));
				});
		}

		@Test
		void reasonCodesMeantToBeClassifiedAreInTheClassifier() throws IOException {
			Map<String, Map<String, Object>> classifier = classifier();
			assertThat(classifier).hasSizeBetween(28, 36);
			assertThat(classifier.get("nonpayment")).containsEntry("category", "payment")
				.containsEntry("class", "managed");
			assertThat(classifier.values()).allSatisfy((reason) -> {
				assertThat(reason).containsKeys("label", "category");
				assertThat(reason.get("class")).isIn("managed", "unmanaged");
			});
			Set<String> used = DemoDataGeneratorIntegrationTests.this.canonical.cancellations()
				.stream()
				.map(Cancellation::reasonCode)
				.filter((code) -> code != null)
				.collect(Collectors.toSet());
			assertThat(used).containsAll(CancellationReasons.UNCLASSIFIED_CODES);
			Set<String> meantToBeClassified = new HashSet<>(used);
			meantToBeClassified.addAll(CancellationReasons.codes());
			meantToBeClassified.removeAll(CancellationReasons.UNCLASSIFIED_CODES);
			assertThat(classifier.keySet()).containsAll(meantToBeClassified);
		}

		private Map<String, List<Period>> bySubscription() {
			Map<String, List<Period>> periods = new TreeMap<>();
			DemoDataGeneratorIntegrationTests.this.canonical.periods()
				.forEach((period) -> periods.computeIfAbsent(period.subscriptionId(), (key) -> new ArrayList<>())
					.add(period));
			return periods;
		}

	}

	@Nested
	class Features {

		@Test
		void plansOfEveryIntervalWithAnnualPricesPerYear() {
			assertThat(periods().stream().filter((period) -> !period.isTrial()).map(Period::intervalMonths))
				.contains(1, 3, 12);
			assertThat(periods()).anySatisfy((period) -> {
				assertThat(period.planCode()).isEqualTo("PRO-Y");
				assertThat(period.amount()).isEqualByComparingTo("1188.00");
				assertThat(period.intervalMonths()).isEqualTo(12);
			});
		}

		@Test
		void upgradesDowngradesAndRetentionDiscountsStartNewPeriods() {
			Map<String, Integer> changes = new TreeMap<>();
			List<Period> periods = periods();
			for (int i = 1; i < periods.size(); i++) {
				Period before = periods.get(i - 1);
				Period after = periods.get(i);
				if (before.subscriptionId().equals(after.subscriptionId()) && !before.isTrial()) {
					int direction = mrr(after).compareTo(mrr(before));
					changes.merge((direction > 0) ? "up" : (direction < 0) ? "down" : "same", 1, Integer::sum);
				}
			}
			assertThat(changes.get("up")).isGreaterThan(50);
			assertThat(changes.get("down")).isGreaterThan(30);
		}

		@Test
		void trialsConvertOrEndUnpaid() {
			Map<String, List<Period>> bySubscription = periods().stream()
				.collect(Collectors.groupingBy(Period::subscriptionId));
			long converted = bySubscription.values()
				.stream()
				.filter((periods) -> periods.get(0).isTrial() && periods.size() > 1)
				.count();
			long notConverted = bySubscription.values()
				.stream()
				.filter((periods) -> periods.get(0).isTrial() && periods.size() == 1)
				.peek((periods) -> assertThat(periods.get(0).endCause()).isEqualTo("voluntary"))
				.count();
			assertThat(converted).isGreaterThan(100);
			assertThat(notConverted).isGreaterThan(50);
		}

		@Test
		void someCustomersCancelOneOfTwoSubscriptionsAndStay() {
			Map<String, List<Period>> byCustomer = periods().stream()
				.filter((period) -> !period.isTrial())
				.collect(Collectors.groupingBy(Period::customerId));
			long contractions = byCustomer.values().stream().filter((periods) -> periods.stream().anyMatch((ended) -> {
				if (ended.endCause() == null) {
					return false;
				}
				return periods.stream()
					.anyMatch((other) -> !other.subscriptionId().equals(ended.subscriptionId())
							&& other.validFrom().isBefore(ended.validTo())
							&& (other.validTo() == null || other.validTo().isAfter(ended.validTo())));
			})).count();
			assertThat(contractions).isGreaterThan(10);
		}

		@Test
		void churnComesVoluntaryWithAndWithoutCrmRecordAndThroughNonpayment() {
			Set<String> churnedInCrm = cancellations().stream()
				.filter((cancellation) -> cancellation.outcome().equals("churned"))
				.map(Cancellation::customerId)
				.collect(Collectors.toSet());
			Set<String> voluntary = endedCustomers("voluntary");
			Set<String> nonpayment = endedCustomers("nonpayment");
			assertThat(voluntary.stream().filter(churnedInCrm::contains).count()).isGreaterThan(300);
			assertThat(voluntary.stream().filter((customer) -> !churnedInCrm.contains(customer)).count())
				.isGreaterThan(20);
			assertThat(nonpayment).hasSizeGreaterThan(50);
			assertThat(nonpayment.stream().filter((customer) -> !churnedInCrm.contains(customer)).count())
				.isGreaterThan(nonpayment.size() / 2);
			Set<String> withUnpaidInvoices = invoices().stream()
				.filter((invoice) -> invoice.paidAt() == null)
				.map(Invoice::customerId)
				.collect(Collectors.toSet());
			assertThat(withUnpaidInvoices).containsAll(nonpayment);
		}

		@Test
		void savesReasonsAndCompetitorsAreRecorded() {
			List<Cancellation> cancellations = cancellations();
			assertThat(cancellations).filteredOn((cancellation) -> cancellation.outcome().equals("saved"))
				.hasSizeGreaterThan(100);
			assertThat(cancellations).filteredOn((cancellation) -> cancellation.competitor() != null)
				.hasSizeGreaterThan(50);
			assertThat(cancellations).filteredOn((cancellation) -> cancellation.reasonCode() == null)
				.hasSizeGreaterThan(20);
			assertThat(cancellations.stream().map(Cancellation::reasonCode)).contains("nonpayment", "other_misc",
					"moved_out_of_area", "deceased", "business_closed", "competitor_lower_price");
		}

		@Test
		void someChurnedCustomersComeBackWithANewSubscription() {
			Map<String, List<Period>> byCustomer = periods().stream()
				.filter((period) -> !period.isTrial())
				.collect(Collectors.groupingBy(Period::customerId));
			long reactivated = byCustomer.values().stream().filter((periods) -> periods.stream().anyMatch((ended) -> {
				if (ended.endCause() == null) {
					return false;
				}
				boolean activeAtEnd = periods.stream()
					.anyMatch((other) -> other.validFrom().isBefore(ended.validTo())
							&& (other.validTo() == null || other.validTo().isAfter(ended.validTo())));
				boolean laterStart = periods.stream()
					.anyMatch((other) -> other.validFrom().isAfter(ended.validTo().plusDays(30)));
				return !activeAtEnd && laterStart;
			})).count();
			assertThat(reactivated).isGreaterThan(30);
		}

		@Test
		void segmentsAndRegionsWithAFewNulls() {
			List<CustomerRow> customers = DemoDataGeneratorIntegrationTests.this.canonical.customers();
			assertThat(customers.stream().map(CustomerRow::segment)).contains("consumer", "small_business",
					"enterprise", null);
			assertThat(customers.stream().map(CustomerRow::region).distinct()).hasSize(6).contains((String) null);
			assertThat(customers).filteredOn((customer) -> customer.segment() == null).hasSizeBetween(5, 150);
		}

		@Test
		void customersAreAcquiredEveryMonthMostAtTheBeginning() {
			Map<YearMonth, Long> acquired = DemoDataGeneratorIntegrationTests.this.canonical.customers()
				.stream()
				.collect(Collectors.groupingBy((customer) -> YearMonth.from(customer.createdAt().atZoneSameInstant(ZONE)),
						TreeMap::new, Collectors.counting()));
			assertThat(acquired).hasSize(24);
			assertThat(acquired.get(YearMonth.of(2024, 1))).isGreaterThan(acquired.get(YearMonth.of(2025, 12)) * 5);
			assertThat(acquired.get(YearMonth.of(2024, 3))).isGreaterThan(acquired.get(YearMonth.of(2025, 11)));
		}

		@Test
		void monthlyCustomerChurnIsRealistic() {
			Map<YearMonth, Set<String>> payingAtMonthEnd = new LinkedHashMap<>();
			for (int month = 0; month < DEFAULT.months(); month++) {
				YearMonth yearMonth = DEFAULT.firstMonth().plusMonths(month);
				OffsetDateTime monthEnd = yearMonth.plusMonths(1).atDay(1).atStartOfDay(ZONE).toOffsetDateTime();
				payingAtMonthEnd.put(yearMonth,
						periods().stream()
							.filter((period) -> !period.isTrial() && !period.validFrom().isAfter(monthEnd)
									&& (period.validTo() == null || period.validTo().isAfter(monthEnd)))
							.map(Period::customerId)
							.collect(Collectors.toSet()));
			}
			List<YearMonth> months = new ArrayList<>(payingAtMonthEnd.keySet());
			double rateSum = 0;
			StringBuilder report = new StringBuilder("month  start  churned  rate\n");
			for (int i = 1; i < months.size(); i++) {
				Set<String> start = payingAtMonthEnd.get(months.get(i - 1));
				Set<String> now = payingAtMonthEnd.get(months.get(i));
				long churned = start.stream().filter((customer) -> !now.contains(customer)).count();
				double rate = (double) churned / start.size();
				rateSum += rate;
				report.append("%s  %5d  %7d  %4.1f%%%n".formatted(months.get(i), start.size(), churned, rate * 100));
			}
			System.out.print(report);
			double average = rateSum / (months.size() - 1);
			assertThat(average).isBetween(0.02, 0.04);
		}

		private List<Period> periods() {
			return DemoDataGeneratorIntegrationTests.this.canonical.periods();
		}

		private List<Cancellation> cancellations() {
			return DemoDataGeneratorIntegrationTests.this.canonical.cancellations();
		}

		private List<Invoice> invoices() {
			return DemoDataGeneratorIntegrationTests.this.canonical.invoices();
		}

		private Set<String> endedCustomers(String cause) {
			return periods().stream()
				.filter((period) -> !period.isTrial() && cause.equals(period.endCause()))
				.map(Period::customerId)
				.collect(Collectors.toSet());
		}

		private BigDecimal mrr(Period period) {
			return period.amount().divide(BigDecimal.valueOf(period.intervalMonths()), 4, RoundingMode.HALF_UP);
		}

	}

	@Test
	void smallCaseCanBeCheckedByHand() {
		DemoSettings settings = new DemoSettings(20, 3, 11, YearMonth.of(2025, 1), ZoneId.of("America/New_York"));
		Databases databases = Databases.create("demo_small");
		DemoDataset dataset = this.generator.generate(databases.billing(), databases.crm(), settings);
		Canonical data = Canonical.read(databases, YearMonth.of(2025, 3));

		assertThat(dataset.customers()).isEqualTo(20);
		assertThat(dataset.crmAccounts()).isEqualTo(20);
		assertThat(data.customers()).extracting(CustomerRow::customerId)
			.containsExactlyElementsOf(
					LongStream.rangeClosed(100_001, 100_020).mapToObj(Long::toString).toList());
		assertThat(data.customers()).extracting(CustomerRow::createdAt).isSorted();
		assertThat(JdbcClient.create(databases.crm())
			.sql("SELECT billing_customer_no FROM crm.account ORDER BY account_id")
			.query(String.class)
			.list()).containsExactlyElementsOf(data.customers().stream().map(CustomerRow::customerId).toList());
		// the first subscription of each customer starts within 90 minutes of the customer's creation
		Map<String, OffsetDateTime> firstStart = data.periods()
			.stream()
			.collect(Collectors.toMap(Period::customerId, Period::validFrom, (a, b) -> a.isBefore(b) ? a : b));
		assertThat(firstStart).hasSize(20);
		data.customers().forEach((customer) -> assertThat(firstStart.get(customer.customerId()))
			.isAfter(customer.createdAt())
			.isBefore(customer.createdAt().plusMinutes(90)));
		// EST/EDT: the window is 2025-01-01T00:00-05:00 to 2025-04-01T00:00-04:00
		assertThat(data.periods()).allSatisfy((period) -> assertThat(period.validFrom())
			.isAfterOrEqualTo(OffsetDateTime.parse("2025-01-01T00:00:00-05:00"))
			.isBefore(OffsetDateTime.parse("2025-04-01T00:00:00-04:00")));
		assertThat(JdbcClient.create(databases.billing())
			.sql("SELECT count(*) FROM billing.plan")
			.query(Integer.class)
			.single()).isEqualTo(14);
		assertThat(JdbcClient.create(databases.billing())
			.sql("SELECT count(*) FROM billing.invoice WHERE total_amount <> net_amount + tax_amount"
					+ " OR tax_amount <> round(net_amount * 0.19, 2)")
			.query(Integer.class)
			.single()).isZero();
	}

	static String source(String file) {
		try {
			return Files.readString(SOURCES.resolve(file));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static MapSqlParameterSource parameters(YearMonth month) {
		return new MapSqlParameterSource()
			.addValue("period_start", month.atDay(1).atStartOfDay(ZONE).toOffsetDateTime())
			.addValue("period_end", month.plusMonths(1).atDay(1).atStartOfDay(ZONE).toOffsetDateTime())
			// the whole history, as a first run asks for it (the driver sends OffsetDateTime.MIN as -infinity)
			.addValue("changed_since", java.time.OffsetDateTime.MIN);
	}

	@SuppressWarnings("unchecked")
	static Map<String, Map<String, Object>> classifier() throws IOException {
		try (Reader reader = Files.newBufferedReader(CLASSIFIER)) {
			Map<String, Object> document = new Yaml().load(reader);
			Map<String, Map<String, Object>> byCode = new LinkedHashMap<>();
			for (Map<String, Object> reason : (List<Map<String, Object>>) document.get("reasons")) {
				assertThat(byCode.put((String) reason.get("code"), reason)).as("duplicate %s", reason.get("code"))
					.isNull();
			}
			return byCode;
		}
	}

	/** A billing and a CRM database of the embedded server. */
	record Databases(DataSource billing, DataSource crm) {

		static Databases create(String prefix) {
			return new Databases(TestPostgres.dataSource(TestPostgres.newDatabase(prefix + "_billing")),
					TestPostgres.dataSource(TestPostgres.newDatabase(prefix + "_crm")));
		}

		int count(String table) {
			DataSource dataSource = table.startsWith("crm.") ? this.crm : this.billing;
			return JdbcClient.create(dataSource).sql("SELECT count(*) FROM " + table).query(Integer.class).single();
		}

		/** One digest of every table's ordered rows. */
		Map<String, String> digests() {
			Map<String, String> digests = new TreeMap<>();
			BILLING_TABLES.forEach((table) -> digests.put("billing." + table, digest(this.billing, "billing." + table)));
			CRM_TABLES.forEach((table) -> digests.put("crm." + table, digest(this.crm, "crm." + table)));
			return digests;
		}

		/**
		 * The rows of the table as text, without the updated_at the tables gained after the digests
		 * were pinned (its values are checked on their own), so that the pinned digests still prove
		 * every other value unchanged.
		 */
		private static String digest(DataSource dataSource, String table) {
			JdbcClient client = JdbcClient.create(dataSource);
			String columns = String.join(", ", client.sql("""
					SELECT quote_ident(column_name) FROM information_schema.columns
					WHERE table_schema || '.' || table_name = :table AND column_name <> 'updated_at'
					ORDER BY ordinal_position""").param("table", table).query(String.class).list());
			return client.sql("SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM (SELECT " + columns
					+ " FROM " + table + ") t").query(String.class).single();
		}

	}

	/** What the four operator SQL files return for a run of the given month. */
	record Canonical(List<CustomerRow> customers, List<Period> periods, List<Invoice> invoices,
			List<Cancellation> cancellations) {

		static Canonical read(Databases databases, YearMonth runMonth) {
			NamedParameterJdbcTemplate billing = new NamedParameterJdbcTemplate(databases.billing());
			NamedParameterJdbcTemplate crm = new NamedParameterJdbcTemplate(databases.crm());
			MapSqlParameterSource parameters = parameters(runMonth);
			return new Canonical(
					billing.query(source("billing/customers.sql"), parameters, new DataClassRowMapper<>(CustomerRow.class)),
					billing.query(source("billing/subscriptions.sql"), parameters, new DataClassRowMapper<>(Period.class)),
					billing.query(source("billing/invoices.sql"), parameters, new DataClassRowMapper<>(Invoice.class)),
					crm.query(source("crm/cancellations.sql"), parameters, new DataClassRowMapper<>(Cancellation.class)));
		}

	}

	record CustomerRow(String customerId, OffsetDateTime createdAt, String segment, String region) {

	}

	record Period(String subscriptionId, String customerId, String planCode, OffsetDateTime validFrom,
			OffsetDateTime validTo, BigDecimal amount, int intervalMonths, String currency, boolean isTrial,
			String endCause) {

	}

	record Invoice(String invoiceId, String customerId, OffsetDateTime issuedAt, BigDecimal amount, String currency,
			OffsetDateTime paidAt) {

	}

	record Cancellation(String customerId, LocalDateTime requestedAt, LocalDateTime effectiveAt, String reasonCode,
			String reasonText, String competitor, String outcome) {

	}

	record BilledInterval(String subscriptionId, OffsetDateTime issuedAt, BigDecimal netAmount) {

	}

}
