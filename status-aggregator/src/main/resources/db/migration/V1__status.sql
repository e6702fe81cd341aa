-- Every write that changes what replicas show bumps this version under its row lock, so versions
-- become visible in commit order and a replica that has read version N has seen every change up to N.
CREATE TABLE status_sync (
    id       smallint PRIMARY KEY CHECK (id = 1),
    version  bigint NOT NULL
);
INSERT INTO status_sync (id, version) VALUES (1, 0);

-- One row per check: its definition, its scheduling and its latest state. A deleted check stays as a
-- tombstone (deleted = true) for a while so that other replicas see the deletion.
CREATE TABLE status_check (
    id                 text PRIMARY KEY,
    position           bigserial NOT NULL,
    kind               text NOT NULL,
    target             text NOT NULL,
    json_path          text,
    status_override    text,
    source             text NOT NULL,
    tags               text[] NOT NULL DEFAULT '{}',
    interval_ms        bigint,
    owner              text,
    muted_until        timestamptz,
    maintenance_until  timestamptz,
    note               text,
    created_at         timestamptz NOT NULL,
    deleted            boolean NOT NULL DEFAULT false,
    deleted_at         timestamptz,
    -- scheduling: a replica claims a due check by moving next_poll_at one interval ahead
    next_poll_at       timestamptz NOT NULL,
    claimed_by         text,
    -- latest state
    status             text NOT NULL,
    label              text NOT NULL,
    message            text NOT NULL,
    -- the check's last JSON document, as text: jsonb would reorder its keys
    document           text,
    polled_at          timestamptz,
    latency_ms         bigint,
    changed_at         timestamptz,
    last_result        text,
    streak             integer NOT NULL DEFAULT 0,
    version            bigint NOT NULL
);

CREATE INDEX status_check_due ON status_check (next_poll_at) WHERE NOT deleted;
CREATE INDEX status_check_version ON status_check (version);

-- Transitions of a check's reported status. Tags are copied so that the history of a deleted check
-- can still be filtered.
CREATE TABLE status_history (
    id           bigserial PRIMARY KEY,
    check_id     text NOT NULL,
    at           timestamptz NOT NULL,
    from_status  text,
    to_status    text NOT NULL,
    label        text NOT NULL,
    message      text NOT NULL,
    tags         text[] NOT NULL DEFAULT '{}'
);

CREATE INDEX status_history_check ON status_history (check_id, id);
CREATE INDEX status_history_at ON status_history (at);


-- Jobs that one replica at a time runs (discovery, publishing): whoever holds an unexpired lease.
CREATE TABLE status_lease (
    name    text PRIMARY KEY,
    holder  text NOT NULL,
    until   timestamptz NOT NULL
);

-- Megaphone cache files already imported (by content hash), so a restart does not import again.
CREATE TABLE status_import (
    hash         text PRIMARY KEY,
    imported_at  timestamptz NOT NULL,
    checks       integer NOT NULL
);
