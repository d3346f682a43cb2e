package io.churnreport.period;

import java.nio.file.Path;
import java.util.List;

/**
 * Writes a reported period's pack (the board's PDF and its spreadsheet) into the period's
 * directory, from what {@link PeriodClose} stored in the mart and wrote beside it. The reports
 * feature provides it, so that the period's figures need nothing of how they are drawn.
 */
public interface PeriodPack {

	/**
	 * Writes the pack of the period, replacing what is there.
	 * @param directory the period's directory, holding its CSV files already
	 * @return the files written
	 */
	List<Path> write(ReportingPeriod period, Path directory);

}
