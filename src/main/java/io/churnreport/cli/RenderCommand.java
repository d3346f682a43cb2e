package io.churnreport.cli;

import java.time.YearMonth;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import io.churnreport.job.MonthRendering;

@Command(name = "render", mixinStandardHelpOptions = true,
		description = "Write a completed month's reports again from its published results (after a fix of a report "
				+ "template, or in another language), without running it again: its figures, version and status stay "
				+ "as they were. In the language it was run in, its PDFs and spreadsheets are replaced in place; in "
				+ "another, they are written to <month>/<language>/ beside them (e.g. out/2025-03/tr/).")
class RenderCommand extends ContextCommand implements Callable<Integer> {

	@Option(names = "--month", paramLabel = "YYYY-MM", required = true, description = "The completed month to render.")
	YearMonth month;

	@Option(names = "--locale", paramLabel = "en|tr|de",
			description = "Language and number format of the reports (default: the one the month was run in).")
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
		return inExistingContext(config.directory(), config.propertyOverrides(),
				dataDirectory -> NoDatabaseOutcomes.nothingOfMonth(month, dataDirectory),
				context -> MonthOutcomes.of(context.getBean(MonthRendering.class)
					.render(month, published.outputDirectory(),
							Optional.ofNullable(locale).map(language -> Locale.forLanguageTag(language.name())),
							published.pack().map(p -> List.of(p.report())).orElse(List.of()))));
	}

}
