/**
 * Leader election among bridge replicas: ZooKeeper (Curator) or a Consul session lock.
 */
@NullMarked
package io.cairn.bridge.leader;

import org.jspecify.annotations.NullMarked;
