-- History of every courier position and delivery event (Amazon Redshift, production).
-- The same tables and columns as db/migration/postgresql/V1__history_tables.sql; a test checks it.
-- Redshift enforces no unique keys and has no indexes: distribution and sort keys do that work.
-- At-least-once delivery may insert a row twice; reads remove duplicates.
--
-- courier_positions (the big table, ~1M rows a day and growing):
--   DISTKEY(courier_id): a courier's track and an order's trail (one courier between pickup
--     and the end) are read from one slice; couriers are many, so slices stay even.
--   COMPOUND SORTKEY(recorded_at, courier_id): rows arrive roughly in time order, so new
--     blocks append already sorted (little VACUUM SORT); every support query and the
--     retention delete carry a time range, which zone maps on recorded_at prune to a few
--     blocks; courier_id second narrows blocks within that range.
-- delivery_events (~6 rows per order):
--   DISTKEY(order_id): an order's timeline is on one slice and joins with other per-order
--     tables without redistribution.
--   COMPOUND SORTKEY(occurred_at, order_id): search by time range and retention prune by
--     occurred_at; per-order reads are bounded by the order's time window.
-- Compression: AZ64 for numbers and times, ZSTD for strings.

CREATE TABLE courier_positions (
    courier_id             VARCHAR(128)     NOT NULL ENCODE ZSTD,
    lat                    DOUBLE PRECISION NOT NULL ENCODE RAW,
    lon                    DOUBLE PRECISION NOT NULL ENCODE RAW,
    accuracy_meters        REAL             ENCODE RAW,
    speed_meters_per_second REAL            ENCODE RAW,
    heading_degrees        REAL             ENCODE RAW,
    recorded_at            TIMESTAMPTZ      NOT NULL ENCODE AZ64,
    ingested_at            TIMESTAMPTZ      NOT NULL ENCODE AZ64,
    kafka_partition        INTEGER          NOT NULL ENCODE AZ64,
    kafka_offset           BIGINT           NOT NULL ENCODE AZ64
)
DISTSTYLE KEY
DISTKEY (courier_id)
COMPOUND SORTKEY (recorded_at, courier_id);

CREATE TABLE delivery_events (
    event_id        VARCHAR(128)     NOT NULL ENCODE ZSTD,
    order_id        VARCHAR(128)     NOT NULL ENCODE ZSTD,
    type            VARCHAR(32)      NOT NULL ENCODE ZSTD,
    occurred_at     TIMESTAMPTZ      NOT NULL ENCODE AZ64,
    customer_id     VARCHAR(128)     ENCODE ZSTD,
    partner_id      VARCHAR(128)     ENCODE ZSTD,
    destination_lat DOUBLE PRECISION ENCODE RAW,
    destination_lon DOUBLE PRECISION ENCODE RAW,
    courier_id      VARCHAR(128)     ENCODE ZSTD,
    location_lat    DOUBLE PRECISION ENCODE RAW,
    location_lon    DOUBLE PRECISION ENCODE RAW,
    ingested_at     TIMESTAMPTZ      NOT NULL ENCODE AZ64,
    kafka_partition INTEGER          NOT NULL ENCODE AZ64,
    kafka_offset    BIGINT           NOT NULL ENCODE AZ64
)
DISTSTYLE KEY
DISTKEY (order_id)
COMPOUND SORTKEY (occurred_at, order_id);
