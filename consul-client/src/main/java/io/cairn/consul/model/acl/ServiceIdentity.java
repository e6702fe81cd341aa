package io.cairn.consul.model.acl;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A service identity: the templated policy for one service.
 *
 * @param serviceName the service name
 * @param datacenters where it applies, {@code null} for everywhere
 */
public record ServiceIdentity(String serviceName, @Nullable List<String> datacenters) {
}
