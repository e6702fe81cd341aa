package io.cairn.registry.domain;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A registered instance of a service.
 *
 * @param name the service name
 * @param endpoint where it listens
 * @param url the URL it registered with, when it used the {@code ping(name, url)} form
 * @param metadata tags, version and labels
 * @param firstSeen when this endpoint first registered under this name
 * @param lastSeen its last heartbeat the registry knows of
 * @param alive whether the heartbeat is within the TTL
 */
public record Instance(String name, Endpoint endpoint, @Nullable String url, InstanceMetadata metadata,
		Instant firstSeen, Instant lastSeen, boolean alive) {

}
