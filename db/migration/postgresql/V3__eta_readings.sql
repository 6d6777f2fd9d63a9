-- The ETA the service gave for an order at each minute of its delivery until the arrival
-- (written by the history writer with the batch's positions), for the accuracy measured
-- against the real arrival: GET /v1/eta/accuracy, the order's history, the
-- tracking_eta_* metrics. The same table and columns as
-- db/migration/redshift/V2__eta_readings.sql; a test checks it.
-- At-least-once: a reading may be inserted twice; there are no unique keys and reads keep
-- one reading per (order_id, read_at).

CREATE TABLE eta_readings (
    order_id             VARCHAR(128)     NOT NULL,
    read_at              TIMESTAMPTZ      NOT NULL,
    estimated_arrival_at TIMESTAMPTZ      NOT NULL,
    earliest_at          TIMESTAMPTZ      NOT NULL,
    latest_at            TIMESTAMPTZ      NOT NULL,
    remaining_meters     DOUBLE PRECISION NOT NULL,
    ingested_at          TIMESTAMPTZ      NOT NULL
);

-- An order's readings (its history; the metrics of the orders a batch delivered), and
-- the readings of the orders delivered in a range, joined by order.
CREATE INDEX eta_readings_order_time ON eta_readings (order_id, read_at);
-- Retention and time-range scans over an append-mostly table.
CREATE INDEX eta_readings_read_brin ON eta_readings USING BRIN (read_at);
