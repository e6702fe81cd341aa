package io.cairn.consul.model.operator;

import java.util.List;

/**
 * The Raft configuration ({@code /operator/raft/configuration}).
 *
 * @param servers the servers
 * @param index the Raft index of this configuration
 */
public record RaftConfiguration(List<RaftServer> servers, long index) {
}
