package io.cairn.bridge.sync;

import io.cairn.bridge.mapping.ServiceMapper;
import io.cairn.bridge.marathon.MarathonClient;

/**
 * What a sync reads to decide: Marathon, how its tasks map to services, and what the
 * bridge remembers of it.
 *
 * @param marathon the Marathon client
 * @param mapper maps tasks to services
 * @param knownApps the apps Marathon listed, and who owns which name
 * @param tombstones tasks known to have ended
 */
public record SyncSources(MarathonClient marathon, ServiceMapper mapper, KnownApps knownApps, Tombstones tombstones) {

}
