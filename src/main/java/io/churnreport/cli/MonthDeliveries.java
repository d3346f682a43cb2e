package io.churnreport.cli;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;

import io.churnreport.delivery.DeliveryRecord;
import io.churnreport.delivery.MonthReportFiles;
import io.churnreport.delivery.ReportDelivery;
import io.churnreport.job.MonthOutcome.Completed;
import io.churnreport.month.ReportingMonth;
import io.churnreport.system.Failures;
import io.churnreport.system.ChurnProperties;

/**
 * Delivers a month's reports once the command knows the month completed (run, restart, rerun,
 * backfill), and puts what the delivery came to into words. A delivery that fails leaves the
 * month's outcome and exit code as they were: the month is complete, and {@code deliver} sends the
 * reports again.
 */
final class MonthDeliveries {

	private static final Logger log = LoggerFactory.getLogger(MonthDeliveries.class);

	private MonthDeliveries() {
	}

	/**
	 * The month's outcome after its delivery, and the deliveries it came to (as recorded in mart.delivery).
	 * @param outcome the month's outcome, with a sentence on its delivery when anything is configured to be delivered
	 * @param records none when nothing is configured to be delivered, or the delivery failed before recording any
	 */
	record Delivered(CommandOutcome outcome, List<DeliveryRecord> records) {
	}

	/** Delivers the month's reports when anything is configured to be delivered. */
	static Delivered afterMonth(ConfigurableApplicationContext context, Completed completed, CommandOutcome outcome) {
		ReportDelivery delivery = context.getBean(ReportDelivery.class);
		if (!delivery.isEnabled()) {
			return new Delivered(outcome, List.of());
		}
		List<DeliveryRecord> records = List.of();
		String said;
		try {
			// the month's run wrote its reports in churn.locale, as this command's context has it
			records = delivery.deliver(completed.month(), completed.version(), MonthReportFiles.ofRun(
					completed.monthDirectory(), context.getBean(ChurnProperties.class).locale()), List.of());
			said = describe(completed.month().toString(), records);
		}
		catch (RuntimeException ex) {
			// whatever went wrong, the month stays complete
			log.warn("Could not deliver the reports of {}: {}", ReportingMonth.format(completed.month()),
					Failures.rootMessage(ex));
			said = "Its reports could not be delivered (" + Failures.rootMessage(ex) + "); the month stays complete: "
					+ "send them with: churn-report deliver --month " + ReportingMonth.format(completed.month()) + ".";
		}
		return new Delivered(outcome.followedBy(said), records);
	}

	/** One sentence on the deliveries of a month: how many went, and what failed with the command that resends it. */
	static String describe(String month, List<DeliveryRecord> records) {
		List<DeliveryRecord> failed = records.stream().filter(record -> !record.sent()).toList();
		long mails = records.stream().filter(record -> record.sent() && DeliveryRecord.EMAIL.equals(record.target())).count();
		long copies = records.stream()
			.filter(record -> record.sent() && DeliveryRecord.DIRECTORY.equals(record.target()))
			.count();
		String sent = "Reports delivered: " + mails + " mail" + (mails == 1 ? "" : "s") + " sent"
				+ (copies > 0 ? ", " + copies + " pack" + (copies == 1 ? "" : "s") + " copied into "
						+ records.stream()
							.filter(record -> DeliveryRecord.DIRECTORY.equals(record.target()))
							.findFirst()
							.map(DeliveryRecord::recipient)
							.orElse("")
						: "");
		if (failed.isEmpty()) {
			return sent + ".";
		}
		StringBuilder message = new StringBuilder(sent).append("; ")
			.append(failed.size())
			.append(" failed (recorded in mart.delivery):");
		for (DeliveryRecord record : failed) {
			message.append(' ')
				.append(record.report())
				.append(DeliveryRecord.DIRECTORY.equals(record.target()) ? " into " : " to ")
				.append(record.recipient())
				.append(" after ")
				.append(record.attempts())
				.append(record.attempts() == 1 ? " attempt: " : " attempts: ")
				.append(record.error().map(CommandOutcome::withoutFinalStop).orElse(""))
				.append(';');
		}
		return message.append(" the month stays complete. Check churn.delivery (the mail server, the shared directory); ")
			.append("when it works, send them again with: churn-report deliver --month ")
			.append(month)
			.append('.')
			.toString();
	}


}
