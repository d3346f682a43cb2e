package io.churnreport.period;

import java.time.Month;
import java.time.YearMonth;

import org.junit.jupiter.api.Test;

import io.churnreport.system.FiscalYearStart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ReportingPeriodTests {

	@Test
	void calendarQuartersWhenTheFiscalYearStartsInJanuary() {
		ReportingPeriod quarter = ReportingPeriod.quarter("2026-Q3", Month.JANUARY);

		assertThat(quarter.months()).containsExactly(YearMonth.of(2026, 7), YearMonth.of(2026, 8), YearMonth.of(2026, 9));
		assertThat(quarter.monthBefore()).isEqualTo(YearMonth.of(2026, 6));
		assertThat(quarter.key()).isEqualTo("2026-Q3");
		assertThat(quarter.label()).isEqualTo("FY2026 Q3");
		assertThat(ReportingPeriod.quarter("2025-Q1", Month.JANUARY).monthBefore()).isEqualTo(YearMonth.of(2024, 12));
		ReportingPeriod year = ReportingPeriod.year("FY2026", Month.JANUARY);
		assertThat(year.firstMonth()).isEqualTo(YearMonth.of(2026, 1));
		assertThat(year.lastMonth()).isEqualTo(YearMonth.of(2026, 12));
		assertThat(year.months()).hasSize(12);
		assertThat(year.key()).isEqualTo("FY2026");
	}

	@Test
	void aFiscalYearStartingInAprilIsNamedByTheCalendarYearItEndsIn() {
		// FY2026 = April 2025 .. March 2026; Q1 Apr-Jun 2025, Q2 Jul-Sep, Q3 Oct-Dec 2025, Q4 Jan-Mar 2026
		ReportingPeriod year = ReportingPeriod.year("FY2026", Month.APRIL);
		assertThat(year.firstMonth()).isEqualTo(YearMonth.of(2025, 4));
		assertThat(year.lastMonth()).isEqualTo(YearMonth.of(2026, 3));
		assertThat(year.monthBefore()).isEqualTo(YearMonth.of(2025, 3));

		assertThat(ReportingPeriod.quarter("2026-Q1", Month.APRIL).months()).containsExactly(YearMonth.of(2025, 4),
				YearMonth.of(2025, 5), YearMonth.of(2025, 6));
		ReportingPeriod third = ReportingPeriod.quarter("FY2026 Q3", Month.APRIL);
		assertThat(third.months()).containsExactly(YearMonth.of(2025, 10), YearMonth.of(2025, 11), YearMonth.of(2025, 12));
		assertThat(third.label()).isEqualTo("FY2026 Q3");
		assertThat(third.key()).isEqualTo("2026-Q3");
		assertThat(ReportingPeriod.quarter("fy2026-q4", Month.APRIL).months()).containsExactly(YearMonth.of(2026, 1),
				YearMonth.of(2026, 2), YearMonth.of(2026, 3));
	}

	@Test
	void theYearToDateRunsFromTheFiscalYearsFirstMonthAndTheSamePeriodLastYearIsAYearEarlier() {
		ReportingPeriod quarter = ReportingPeriod.quarter("2026-Q3", Month.APRIL);

		// FY2026 Q3 = Oct-Dec 2025: its year to date April to December 2025, a year before FY2025 Q3 = Oct-Dec 2024
		assertThat(quarter.yearToDate().firstMonth()).isEqualTo(YearMonth.of(2025, 4));
		assertThat(quarter.yearToDate().lastMonth()).isEqualTo(YearMonth.of(2025, 12));
		assertThat(quarter.yearToDate().months()).hasSize(9);
		assertThat(quarter.yearToDate().monthBefore()).isEqualTo(YearMonth.of(2025, 3));
		assertThat(quarter.yearBefore().label()).isEqualTo("FY2025 Q3");
		assertThat(quarter.yearBefore().firstMonth()).isEqualTo(YearMonth.of(2024, 10));
		assertThat(ReportingPeriod.year("FY2026", Month.APRIL).yearToDate().months()).hasSize(12);
	}

	@Test
	void thePeriodBeforeAFirstQuarterIsTheLastQuarterOfTheYearBefore() {
		// FY2026 Q1 = Apr-Jun 2025; the quarter before it, Jan-Mar 2025, is the last of FY2025
		ReportingPeriod firstQuarter = ReportingPeriod.quarter("2026-Q1", Month.APRIL);

		assertThat(firstQuarter.previous().label()).isEqualTo("FY2025 Q4");
		assertThat(firstQuarter.previous().lastMonth()).isEqualTo(YearMonth.of(2025, 3));
		assertThat(ReportingPeriod.quarter("2026-Q3", Month.APRIL).previous().key()).isEqualTo("2026-Q2");
		assertThat(ReportingPeriod.year("FY2026", Month.APRIL).previous().months()).first()
			.isEqualTo(YearMonth.of(2024, 4));
	}

	@Test
	void aMonthIsHeldByTheQuarterAndFiscalYearItFallsIn() {
		ReportingPeriod aprilQuarter = ReportingPeriod.quarter("2026-Q3", Month.APRIL);
		ReportingPeriod januaryQuarter = ReportingPeriod.quarter("2026-Q3", Month.JANUARY);

		assertThat(aprilQuarter.holding(YearMonth.of(2025, 12)).label()).isEqualTo("FY2026 Q3");
		assertThat(aprilQuarter.holding(YearMonth.of(2026, 3)).label()).isEqualTo("FY2026 Q4");
		assertThat(aprilQuarter.holding(YearMonth.of(2026, 4)).label()).isEqualTo("FY2027 Q1");
		assertThat(januaryQuarter.holding(YearMonth.of(2025, 5)).key()).isEqualTo("2025-Q2");
		assertThat(ReportingPeriod.year("FY2026", Month.APRIL).holding(YearMonth.of(2025, 4)).key()).isEqualTo("FY2026");
	}

	@Test
	void refusesWhatIsNotAPeriod() {
		assertThatIllegalArgumentException().isThrownBy(() -> ReportingPeriod.quarter("2026-Q5", Month.JANUARY))
			.withMessageContaining("write it as YYYY-QN, e.g. 2026-Q3");
		assertThatIllegalArgumentException().isThrownBy(() -> ReportingPeriod.quarter("2026-07", Month.JANUARY));
		assertThatIllegalArgumentException().isThrownBy(() -> ReportingPeriod.year("2026-Q3", Month.JANUARY))
			.withMessageContaining("e.g. FY2026");
	}

	@Test
	void theFiscalYearStartIsAMonthNumberOrName() {
		assertThat(FiscalYearStart.valueOf("4").month()).isEqualTo(Month.APRIL);
		assertThat(FiscalYearStart.valueOf("04").month()).isEqualTo(Month.APRIL);
		assertThat(FiscalYearStart.valueOf("april").month()).isEqualTo(Month.APRIL);
		assertThat(FiscalYearStart.valueOf("Oct").month()).isEqualTo(Month.OCTOBER);
		assertThat(FiscalYearStart.valueOf("1")).isEqualTo(FiscalYearStart.JANUARY);
		assertThatIllegalArgumentException().isThrownBy(() -> FiscalYearStart.valueOf("13"))
			.withMessageContaining("a number from 1 to 12 or an English month name");
		assertThatIllegalArgumentException().isThrownBy(() -> FiscalYearStart.valueOf("Nisan"));
	}

}
