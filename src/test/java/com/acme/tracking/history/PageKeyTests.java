package com.acme.tracking.history;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A page key names one Kafka record: reads drop a row redelivered by at-least-once
 * delivery because its key equals the first copy's, and keep rows that only share a time.
 * (Where a page continues after a key, on both dialects: {@link RedshiftDialectTests}.)
 */
class PageKeyTests {

	private static final Instant AT = Instant.parse("2026-11-25T12:00:00.123456789Z");

	@Test
	void aRedeliveredPositionHasTheKeyOfItsFirstCopy() {
		HistoricPosition first = position(AT, 3, 41L);
		HistoricPosition again = position(AT, 3, 41L);
		assertThat(again.key()).isEqualTo(first.key()).hasSameHashCodeAs(first.key());
		assertThat(first.key()).isEqualTo(new PageKey(AT, 3, 41L));
	}

	@Test
	void positionsRecordedAtTheSameTimeByOtherRecordsHaveOtherKeys() {
		PageKey key = position(AT, 3, 41L).key();
		assertThat(position(AT, 4, 41L).key()).as("another partition").isNotEqualTo(key);
		assertThat(position(AT, 3, 42L).key()).as("another offset").isNotEqualTo(key);
		assertThat(position(AT.plusNanos(1), 3, 41L).key()).as("a nanosecond later").isNotEqualTo(key);
	}

	private static HistoricPosition position(Instant recordedAt, int partition, long offset) {
		return new HistoricPosition("courier-1", -23.5, -46.6, 5f, null, null, recordedAt, partition, offset);
	}

}
