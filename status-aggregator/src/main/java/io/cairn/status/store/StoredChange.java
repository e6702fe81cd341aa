package io.cairn.status.store;

import io.cairn.status.check.TrackedCheck;

/**
 * A row read by a replica catching up with the others' writes.
 *
 * @param check the check as stored
 * @param deleted whether it has been deleted (a tombstone)
 */
public record StoredChange(TrackedCheck check, boolean deleted) {

}
