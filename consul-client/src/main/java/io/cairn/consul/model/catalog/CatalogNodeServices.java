package io.cairn.consul.model.catalog;

import java.util.List;

import org.jspecify.annotations.Nullable;

import io.cairn.consul.model.agent.AgentService;

/**
 * A node with its services as a list ({@code /catalog/node-services/:node}).
 *
 * @param node the node
 * @param services the services
 */
public record CatalogNodeServices(Node node, @Nullable List<AgentService> services) {
}
