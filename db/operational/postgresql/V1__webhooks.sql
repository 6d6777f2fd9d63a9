-- The operational database (PostgreSQL; Amazon RDS in production): partners' webhook
-- registrations and their delivery log. Not analytics: small, transactional, kept apart
-- from the warehouse.
CREATE TABLE webhooks (
    id                   UUID PRIMARY KEY,
    partner_id           VARCHAR(128) NOT NULL,
    url                  VARCHAR(2048) NOT NULL,
    kinds                VARCHAR(64) NOT NULL,
    enabled              BOOLEAN NOT NULL,
    -- AES-GCM under tracking.webhooks.secret-key: never stored or logged in clear
    secret               BYTEA NOT NULL,
    previous_secret      BYTEA,
    previous_secret_until TIMESTAMPTZ,
    failing_since        TIMESTAMPTZ,
    disabled_reason      VARCHAR(256),
    created_at           TIMESTAMPTZ NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL,
    version              BIGINT NOT NULL
);
CREATE INDEX webhooks_partner ON webhooks (partner_id, created_at);

CREATE TABLE webhook_deliveries (
    id               UUID PRIMARY KEY,
    -- the order deliveries were logged in: an order's notifications go out in this order
    seq              BIGSERIAL NOT NULL,
    webhook_id       UUID NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    notification_id  VARCHAR(300) NOT NULL,
    order_id         VARCHAR(128) NOT NULL,
    kind             VARCHAR(16) NOT NULL,
    body             TEXT NOT NULL,
    notified_at      TIMESTAMPTZ NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    attempts         INTEGER NOT NULL,
    last_status_code INTEGER,
    last_error       VARCHAR(256),
    last_latency_ms  BIGINT,
    first_attempt_at TIMESTAMPTZ,
    delivered_at     TIMESTAMPTZ,
    next_attempt_at  TIMESTAMPTZ,
    gave_up_at       TIMESTAMPTZ,
    version          BIGINT NOT NULL,
    -- at-least-once from Kafka, once here: a notification read twice is one delivery
    UNIQUE (webhook_id, notification_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE next_attempt_at IS NOT NULL;
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (webhook_id, seq DESC);
CREATE INDEX webhook_deliveries_order ON webhook_deliveries (webhook_id, order_id, seq) WHERE delivered_at IS NULL AND gave_up_at IS NULL;
