-- The number of stored instances, kept next to the change index so that the instance quota
-- (cairn.registry.max-instances) is checked under the same row lock on every replica, without
-- counting the table on each registration. Statement-level triggers keep it exact whatever
-- statement inserts or deletes rows (a registration, a deregistration, the retention sweep).
ALTER TABLE registry_state ADD COLUMN instance_count bigint NOT NULL DEFAULT 0;
UPDATE registry_state SET instance_count = (SELECT count(*) FROM registry_instance) WHERE id = 1;

CREATE FUNCTION registry_count_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed bigint;
BEGIN
    SELECT count(*) INTO changed FROM inserted;
    IF changed > 0 THEN
        UPDATE registry_state SET instance_count = instance_count + changed WHERE id = 1;
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION registry_count_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed bigint;
BEGIN
    SELECT count(*) INTO changed FROM deleted;
    IF changed > 0 THEN
        UPDATE registry_state SET instance_count = instance_count - changed WHERE id = 1;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER registry_instance_inserted AFTER INSERT ON registry_instance
    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION registry_count_inserted();

CREATE TRIGGER registry_instance_deleted AFTER DELETE ON registry_instance
    REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION registry_count_deleted();

-- When the registry is full, the instance expired longest ago makes room for a new one.
CREATE INDEX registry_instance_expired ON registry_instance (last_seen) WHERE expired;
