package io.cairn.consul.model.acl;

/**
 * A node identity: the templated policy for one node.
 *
 * @param nodeName the node name
 * @param datacenter the node's datacenter
 */
public record NodeIdentity(String nodeName, String datacenter) {
}
