-- History of every courier position and delivery event (PostgreSQL: local runtime and tests).
-- The same tables and columns as db/migration/redshift/V1__history_tables.sql; a test checks it.
-- At-least-once delivery may insert a row twice: there are no unique keys (Redshift enforces
-- none either) and reads remove duplicates (by kafka_partition/kafka_offset, or event_id).

CREATE TABLE courier_positions (
    courier_id             VARCHAR(128)     NOT NULL,
    lat                    DOUBLE PRECISION NOT NULL,
    lon                    DOUBLE PRECISION NOT NULL,
    accuracy_meters        REAL,
    speed_meters_per_second REAL,
    heading_degrees        REAL,
    recorded_at            TIMESTAMPTZ      NOT NULL,
    ingested_at            TIMESTAMPTZ      NOT NULL,
    kafka_partition        INTEGER          NOT NULL,
    kafka_offset           BIGINT           NOT NULL
);

-- A courier's track over a time range, and an order's trail (its courier between pickup and end).
CREATE INDEX courier_positions_courier_time ON courier_positions (courier_id, recorded_at);
-- Retention deletes and time-range scans over an append-mostly table.
CREATE INDEX courier_positions_recorded_brin ON courier_positions USING BRIN (recorded_at);

CREATE TABLE delivery_events (
    event_id        VARCHAR(128)     NOT NULL,
    order_id        VARCHAR(128)     NOT NULL,
    type            VARCHAR(32)      NOT NULL,
    occurred_at     TIMESTAMPTZ      NOT NULL,
    customer_id     VARCHAR(128),
    partner_id      VARCHAR(128),
    destination_lat DOUBLE PRECISION,
    destination_lon DOUBLE PRECISION,
    courier_id      VARCHAR(128),
    location_lat    DOUBLE PRECISION,
    location_lon    DOUBLE PRECISION,
    ingested_at     TIMESTAMPTZ      NOT NULL,
    kafka_partition INTEGER          NOT NULL,
    kafka_offset    BIGINT           NOT NULL
);

-- An order's timeline.
CREATE INDEX delivery_events_order_time ON delivery_events (order_id, occurred_at);
-- Support search by customer or partner over time.
CREATE INDEX delivery_events_customer_time ON delivery_events (customer_id, occurred_at);
CREATE INDEX delivery_events_partner_time ON delivery_events (partner_id, occurred_at);
CREATE INDEX delivery_events_occurred_brin ON delivery_events USING BRIN (occurred_at);
