package io.churnreport.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import io.churnreport.delivery.DeliveryLog;
import io.churnreport.delivery.DeliveryProperties;
import io.churnreport.delivery.DeliveryRecord;
import io.churnreport.delivery.MonthReportFiles;
import io.churnreport.delivery.ReportDelivery;
import io.churnreport.delivery.ReportPack;
import io.churnreport.job.MonthJobOperations;
import io.churnreport.job.MonthOutcome;
import io.churnreport.job.MonthRendering;
import io.churnreport.month.ReportingMonth;
import io.churnreport.system.ChurnProperties;

@Command(name = "deliver", mixinStandardHelpOptions = true,
		description = "Deliver a completed month's reports again as churn.delivery says (mail to each report's recipients, "
				+ "copy into the shared directory), e.g. after the mail server was down; each delivery is recorded in "
				+ "mart.delivery. Exit 0 when all went, 9 when one failed again.")
class DeliverCommand extends ContextCommand implements Callable<Integer> {

	@Option(names = "--month", paramLabel = "YYYY-MM", required = true, description = "The completed month to deliver.")
	YearMonth month;

	@Option(names = "--locale", paramLabel = "en|tr|de",
			description = "Send the reports in this language, with mails in it (default: the language the month ran in); "
					+ "in another language than the run's, write them first with: render --month M --locale L.")
	JobOptions.ReportLocale locale;

	@Mixin
	PublishedReportOptions published;

	@Mixin
	ConfigOption config;

	@Override
	public Integer call() {
		if (published.reportUnknown()) {
			return ExitCodes.USAGE;
		}
		Optional<ReportPack> pack = published.pack();
		Path outputDirectory = published.outputDirectory().orElse(null);
		return inExistingContext(config.directory(), config.propertyOverrides(),
				dataDirectory -> NoDatabaseOutcomes.nothingOfMonth(month, dataDirectory), context -> {
			String name = ReportingMonth.format(month);
			DeliveryProperties delivery = context.getBean(DeliveryProperties.class);
			if (!delivery.isEnabled() || pack.isPresent() && delivery.directory() == null
					&& delivery.recipients(pack.get().report()).isEmpty()) {
				return new CommandOutcome(ExitCodes.BAD_CONFIGURATION, "Nothing to deliver: "
						+ pack.map(p -> "churn.delivery." + p.report() + ".recipients").orElse(
								"churn.delivery.management-report.recipients, churn.delivery.finance-report.recipients")
						+ " and churn.delivery.directory are not set in " + config.directory().resolve("application.yml")
						+ " or the environment. Set them (README, Delivery), then run the same command again.");
			}
			ChurnProperties properties = context.getBean(ChurnProperties.class);
			MonthJobOperations operations = context.getBean(MonthJobOperations.class);
			Optional<MonthOutcome> last = operations.refusalOfRun(month,
					properties.outputDirectory().resolve(name));
			if (last.isPresent() && last.get() instanceof MonthOutcome.AlreadyRunning) {
				return new CommandOutcome(ExitCodes.ALREADY_RUNNING, "Month " + name + " is running now: its reports are "
						+ "delivered when it completes. To resend the version before, wait for the run to end and "
						+ "check with: churn-report status --month " + name + ".");
			}
			if (last.isEmpty()) {
				boolean ran = !operations.status(Optional.of(month)).runs().isEmpty();
				return new CommandOutcome(ExitCodes.NOTHING_TO_RESTART, "Month " + name + (ran
						? " is not complete (its last run did not finish), so it has no reports to deliver: resume it with: "
								+ "churn-report restart --month " + name + "; its reports are delivered when it completes."
						: " has never run, so it has no reports to deliver: run it with: churn-report run --month " + name
								+ "; its reports are delivered when it completes."));
			}
			Path monthDirectory = outputDirectory != null ? outputDirectory.resolve(name)
					: ((MonthOutcome.AlreadyComplete) last.get()).monthDirectory();
			Locale runLanguage = context.getBean(MonthRendering.class).runLanguage(month).orElse(properties.locale());
			Locale language = locale == null ? runLanguage : Locale.forLanguageTag(locale.name());
			boolean otherLanguage = !language.getLanguage().equals(runLanguage.getLanguage());
			Path reportsDirectory = otherLanguage ? monthDirectory.resolve(language.getLanguage()) : monthDirectory;
			if (otherLanguage && !Files.isDirectory(reportsDirectory)) {
				return new CommandOutcome(ExitCodes.NOTHING_TO_RESTART, "Month " + name + " ran in "
						+ runLanguage.getLanguage() + " and has no reports in " + language.getLanguage() + " ("
						+ reportsDirectory + " does not exist): write them with: churn-report render --month " + name
						+ " --locale " + language.getLanguage() + (outputDirectory != null ? " --out " + outputDirectory : "")
						+ ", then run the same command again.");
			}
			long version = context.getBean(DeliveryLog.class).currentVersion(month).orElse(1L);
			List<DeliveryRecord> records = context.getBean(ReportDelivery.class)
				.deliver(month, version, new MonthReportFiles(reportsDirectory, language, otherLanguage),
						pack.map(List::of).orElse(List.of()));
			((MonthOutcome.AlreadyComplete) last.get()).last().ifPresent(execution -> MonthRunMetrics.afterRedelivery(
					context, month, execution.id(), version, pack, records));
			String said = MonthDeliveries.describe(name, records);
			boolean failed = records.stream().anyMatch(record -> !record.sent());
			return failed ? new CommandOutcome(ExitCodes.DELIVERY_FAILED, "Month " + name + ": " + said)
					: CommandOutcome.ok("Month " + name + " (version " + version + "): " + said);
		});
	}

}
