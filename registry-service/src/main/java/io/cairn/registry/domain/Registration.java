package io.cairn.registry.domain;

import org.jspecify.annotations.Nullable;

/**
 * A validated heartbeat: "this endpoint serves this name".
 *
 * @param name the service name
 * @param endpoint where the instance listens
 * @param url the URL, when the client registered with one
 * @param metadata the metadata to store, or null to keep what is stored (servreg's
 * clients send none)
 */
public record Registration(String name, Endpoint endpoint, @Nullable String url, @Nullable InstanceMetadata metadata) {

}
