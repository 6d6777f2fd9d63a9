-- Keyset pagination of a courier's positions orders by (recorded_at, kafka_partition,
-- kafka_offset): the index carries the whole key so pages read in index order.
CREATE INDEX courier_positions_courier_key ON courier_positions (courier_id, recorded_at, kafka_partition, kafka_offset);
DROP INDEX courier_positions_courier_time;

-- Order search without a customer or partner: CREATED events by time.
CREATE INDEX delivery_events_created_key ON delivery_events (occurred_at, kafka_partition, kafka_offset)
    WHERE type = 'CREATED';
