package io.churnreport.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import javax.sql.DataSource;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import io.churnreport.classify.ChurnReasonCatalog;
import io.churnreport.extract.SourceQuery;
import io.churnreport.metrics.FxRates;
import io.churnreport.metrics.ReportingMonth;
import io.churnreport.plan.ChurnTargets;
import io.churnreport.system.ChurnProperties;
import io.churnreport.system.DataSourcesConfiguration.DatabaseEndpoints;
import io.churnreport.system.Failures;

@Command(name = "check-config", mixinStandardHelpOptions = true,
		description = "Check the configuration without running anything: application.yml, the databases, "
				+ "churn-reasons.yml, targets.yml, fx-rates.csv, and every source query (run with LIMIT 0, so that "
				+ "a missing column or a wrong type shows).")
class CheckConfigCommand extends ContextCommand implements Callable<Integer> {

	@Mixin
	ConfigOption config;

	@Override
	public Integer call() {
		return inContext(config.directory, config.propertyOverrides(), this::check);
	}

	private CommandOutcome check(ApplicationContext context) {
		Path configDirectory = config.directory;
		PrintWriter out = spec.commandLine().getOut();
		ChurnProperties properties = context.getBean(ChurnProperties.class);
		List<String> failures = new ArrayList<>();
		out.println("ok    application.yml and environment (databases reached, reporting schema migrated)");
		context.getBean(DatabaseEndpoints.class).descriptions().forEach(database -> out.println("      " + database));
		check(out, failures, configDirectory.resolve(ChurnReasonCatalog.FILE_NAME),
				() -> ChurnReasonCatalog.load(configDirectory).reasons().size() + " reasons");
		check(out, failures, configDirectory.resolve(ChurnTargets.FILE_NAME), () -> {
			ChurnTargets.load(configDirectory);
			return "valid";
		});
		check(out, failures, configDirectory.resolve(FxRates.FILE_NAME),
				() -> java.nio.file.Files.exists(configDirectory.resolve(FxRates.FILE_NAME))
						? FxRates.load(configDirectory).size() + " rates"
						: "none: every amount must be in " + properties.currency());
		ReportingMonth month = new ReportingMonth(YearMonth.from(ZonedDateTime.now(properties.timeZone())).minusMonths(1),
				properties.timeZone());
		for (SourceQuery<?> query : SourceQuery.ALL) {
			DataSource source = context.getBean(query.database() + "DataSource", DataSource.class);
			check(out, failures, query.path(configDirectory), () -> {
				String sql = "SELECT * FROM (" + query.canonicalSql(query.readOperatorSql(configDirectory)) + ") AS checked LIMIT 0";
				new NamedParameterJdbcTemplate(source).queryForList(sql,
						Map.of("period_start", month.start(), "period_end", month.end()));
				return "returns " + String.join(", ", query.columns());
			});
		}
		if (failures.isEmpty()) {
			return CommandOutcome.ok("The configuration in " + configDirectory + " is ready to run.");
		}
		return new CommandOutcome(ExitCodes.BAD_CONFIGURATION,
				failures.size() + " problem(s) in " + configDirectory + ": " + String.join(" | ", failures));
	}

	private static void check(PrintWriter out, List<String> failures, Path file, Supplier<String> check) {
		try {
			out.println("ok    " + file + ": " + check.get());
		}
		catch (RuntimeException ex) {
			String message = Failures.rootMessage(ex);
			out.println("FAIL  " + file + ": " + message);
			failures.add(file.getFileName() + ": " + message);
		}
		out.flush();
	}

}
