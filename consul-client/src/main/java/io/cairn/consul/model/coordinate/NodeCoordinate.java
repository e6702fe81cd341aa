package io.cairn.consul.model.coordinate;

import org.jspecify.annotations.Nullable;

/**
 * A node's LAN coordinate.
 *
 * @param node the node
 * @param segment the network segment (Enterprise), empty otherwise
 * @param coord the coordinate
 */
public record NodeCoordinate(String node, @Nullable String segment, @Nullable Coordinate coord) {
}
