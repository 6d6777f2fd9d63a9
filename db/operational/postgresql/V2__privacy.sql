-- Privacy (the privacy module): the retention job's single runner and its last success,
-- customer erasures, the orders whose partner notifications are withheld, and the audit
-- trail of support reads and erasures.

-- ShedLock's lock rows (net.javacrumbs.shedlock, JdbcTemplateLockProvider, database time):
-- one retention runner for the fleet.
CREATE TABLE shedlock (
    name       VARCHAR(64)  PRIMARY KEY,
    lock_until TIMESTAMP    NOT NULL,
    locked_at  TIMESTAMP    NOT NULL,
    locked_by  VARCHAR(255) NOT NULL
);

-- The last successful retention run, read by every replica for its metrics and alert.
CREATE TABLE retention_runs (
    job             VARCHAR(64) PRIMARY KEY,
    last_success_at TIMESTAMPTZ NOT NULL,
    rows_deleted    BIGINT      NOT NULL,
    duration_ms     BIGINT      NOT NULL
);

-- One erasure per customer (requesting it again answers the same one). The customer's id
-- is kept in clear only until the erasure is done; the pseudonym stays, so that every
-- replica forgets the customer at start and when it learns of a new erasure.
CREATE TABLE erasures (
    id                  UUID         PRIMARY KEY,
    seq                 BIGSERIAL    NOT NULL UNIQUE,
    customer_pseudonym  VARCHAR(64)  NOT NULL UNIQUE,
    customer_id         VARCHAR(128),
    state               VARCHAR(16)  NOT NULL,
    requested_at        TIMESTAMPTZ  NOT NULL,
    requested_by        VARCHAR(256) NOT NULL,
    started_at          TIMESTAMPTZ,
    completed_at        TIMESTAMPTZ,
    lease_until         TIMESTAMPTZ,
    attempts            INTEGER      NOT NULL,
    orders_found        INTEGER,
    rows_renamed        INTEGER,
    deliveries_withheld INTEGER,
    last_error          VARCHAR(256)
);
CREATE INDEX erasures_open ON erasures (requested_at) WHERE state <> 'DONE';

-- Orders of erased customers: their partner notifications are not logged, sent or replayed.
CREATE TABLE withheld_orders (
    order_id    VARCHAR(128) PRIMARY KEY,
    withheld_at TIMESTAMPTZ  NOT NULL
);

-- The audit trail: who read what, when, from where, through which channel, with what
-- result. Rows are only added (the service's role should be granted INSERT, SELECT and
-- DELETE for retention; the trigger refuses any UPDATE whatever the grants).
CREATE TABLE audit_records (
    seq            BIGSERIAL    PRIMARY KEY,
    id             UUID         NOT NULL UNIQUE,
    at             TIMESTAMPTZ  NOT NULL,
    actor          VARCHAR(256) NOT NULL,
    role           VARCHAR(32)  NOT NULL,
    action         VARCHAR(128) NOT NULL,
    resource       VARCHAR(512) NOT NULL,
    order_id       VARCHAR(128),
    channel        VARCHAR(16)  NOT NULL,
    client_address VARCHAR(64),
    result         VARCHAR(32)  NOT NULL
);
CREATE INDEX audit_records_at ON audit_records (at);
CREATE INDEX audit_records_actor ON audit_records (actor, seq);
CREATE INDEX audit_records_order ON audit_records (order_id, seq) WHERE order_id IS NOT NULL;

CREATE FUNCTION audit_records_unchanged() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit records cannot be changed';
END
$$;
CREATE TRIGGER audit_records_unchanged BEFORE UPDATE ON audit_records
    FOR EACH ROW EXECUTE FUNCTION audit_records_unchanged();
