package io.cairn.consul.model.catalog;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.cairn.consul.model.agent.AgentService;

/**
 * A node with its services by ID ({@code /catalog/node/:node}).
 *
 * @param node the node
 * @param services the services by instance ID
 */
public record CatalogNode(Node node, @Nullable Map<String, AgentService> services) {
}
