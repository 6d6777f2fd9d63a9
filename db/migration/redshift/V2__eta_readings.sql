-- The ETA the service gave for an order at each minute of its delivery until the arrival
-- (Amazon Redshift, production). The same table and columns as
-- db/migration/postgresql/V3__eta_readings.sql; a test checks it.
-- At-least-once: a reading may be inserted twice; reads keep one per (order_id, read_at).
--
-- eta_readings (about one row per minute of each delivery: ~20 per order):
--   DISTKEY(order_id): joins with delivery_events (also DISTKEY(order_id)) on the order's
--     slice, without redistribution; an order's readings are on one slice.
--   COMPOUND SORTKEY(read_at, order_id): rows arrive in time order (little VACUUM SORT);
--     every read carries a read_at range (the accuracy of orders delivered in [from, to)
--     reads readings from a day before from; an order's readings lie in its own window),
--     which zone maps prune to a few blocks.
-- Compression: AZ64 for numbers and times, ZSTD for strings, as V1.

CREATE TABLE eta_readings (
    order_id             VARCHAR(128)     NOT NULL ENCODE ZSTD,
    read_at              TIMESTAMPTZ      NOT NULL ENCODE AZ64,
    estimated_arrival_at TIMESTAMPTZ      NOT NULL ENCODE AZ64,
    earliest_at          TIMESTAMPTZ      NOT NULL ENCODE AZ64,
    latest_at            TIMESTAMPTZ      NOT NULL ENCODE AZ64,
    remaining_meters     DOUBLE PRECISION NOT NULL ENCODE RAW,
    ingested_at          TIMESTAMPTZ      NOT NULL ENCODE AZ64
)
DISTSTYLE KEY
DISTKEY (order_id)
COMPOUND SORTKEY (read_at, order_id);
