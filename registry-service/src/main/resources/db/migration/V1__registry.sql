-- One row per endpoint (host, port): as in servreg, an endpoint belongs to one service at a time.
-- Names use the "C" collation so that a glob's literal prefix is a plain btree range.
CREATE TABLE registry_instance (
    id          bigserial PRIMARY KEY,
    name        text COLLATE "C" NOT NULL,
    host        text NOT NULL,
    port        integer NOT NULL CHECK (port BETWEEN 1 AND 65535),
    url         text,
    tags        text[] NOT NULL DEFAULT '{}',
    version     text,
    labels      jsonb NOT NULL DEFAULT '{}',
    first_seen  timestamptz NOT NULL,
    last_seen   timestamptz NOT NULL,
    -- Set once the expiry of this instance has been recorded as an event; lookups use last_seen.
    expired     boolean NOT NULL DEFAULT false,
    CONSTRAINT registry_instance_endpoint UNIQUE (host, port)
);

CREATE INDEX registry_instance_name ON registry_instance (name, last_seen);
CREATE INDEX registry_instance_unexpired ON registry_instance (last_seen) WHERE NOT expired;

-- The change index: bumped (under its row lock, so in commit order) by every write that changes what
-- lookups answer. Watches block on it. It starts at 1: an index of 0 means "no index" to watchers.
CREATE TABLE registry_state (
    id            smallint PRIMARY KEY CHECK (id = 1),
    change_index  bigint NOT NULL
);
INSERT INTO registry_state (id, change_index) VALUES (1, 1);

CREATE TABLE registry_event (
    id             bigserial PRIMARY KEY,
    change_index   bigint NOT NULL,
    at             timestamptz NOT NULL,
    type           text NOT NULL,
    name           text COLLATE "C" NOT NULL,
    host           text NOT NULL,
    port           integer NOT NULL,
    previous_name  text
);

CREATE INDEX registry_event_change_index ON registry_event (change_index);
CREATE INDEX registry_event_at ON registry_event (at);
