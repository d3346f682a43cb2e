package io.churnreport.month;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportingMonthTests {

	@Test
	void aMonthRunsFromMidnightOfTheFirstInTheReportingZoneToMidnightOfTheNextFirst() {
		ReportingMonth march = ReportingMonth.of("2025-03", ZoneId.of("Europe/Berlin"));

		// Berlin is at +01:00 on 1 March and at +02:00 (summer time) on 1 April
		assertThat(march.start()).isEqualTo(OffsetDateTime.parse("2025-03-01T00:00+01:00"));
		assertThat(march.end()).isEqualTo(OffsetDateTime.parse("2025-04-01T00:00+02:00"));
		assertThat(march.firstDay()).hasToString("2025-03-01");
		assertThat(march.previousFirstDay()).hasToString("2025-02-01");
		assertThat(march).hasToString("2025-03");
	}

	@Test
	void januaryFollowsDecemberOfThePreviousYear() {
		assertThat(ReportingMonth.of("2025-01", ZoneId.of("UTC")).previousFirstDay()).hasToString("2024-12-01");
	}

	@Test
	void parsesOnlyYearDashMonth() {
		assertThat(ReportingMonth.parseMonth(" 2025-07 ")).isEqualTo(YearMonth.of(2025, 7));
		assertThatThrownBy(() -> ReportingMonth.parseMonth("2025-7")).hasMessageContaining("write it as YYYY-MM");
		assertThatThrownBy(() -> ReportingMonth.parseMonth("July")).hasMessageContaining("'July' is not a month");
		assertThatThrownBy(() -> ReportingMonth.parseMonth("2025-13")).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void thePreviousMonthStartsAtItsOwnOffset() {
		// Berlin: March 2025 is winter time (+01:00), April summer time (+02:00)
		ReportingMonth april = ReportingMonth.of("2025-04", ZoneId.of("Europe/Berlin"));

		assertThat(april.previousStart()).isEqualTo(OffsetDateTime.parse("2025-03-01T00:00+01:00"));
	}

	@Test
	void aMonthContinuesAHistoryThatReachesAtLeastTheMonthBefore() {
		ReportingMonth march = ReportingMonth.of("2025-03", ZoneId.of("UTC"));

		assertThat(march.continues(Optional.of(LocalDate.parse("2025-02-01")))).isTrue();
		assertThat(march.continues(Optional.of(LocalDate.parse("2025-05-01")))).isTrue();
		assertThat(march.continues(Optional.of(LocalDate.parse("2025-01-01")))).isFalse();
		assertThat(march.continues(Optional.empty())).isFalse();
	}

}
