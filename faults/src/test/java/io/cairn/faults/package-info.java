/**
 * The fault suite: the packaged apps as separate processes, two replicas each, on a
 * PostgreSQL process, a three-server ZooKeeper ensemble and the Consul and Marathon
 * simulators, played through kills, outages and partitions under a steady load. Each
 * scenario prints one result line; see {@code docs/faults.md}.
 */
@NullMarked
package io.cairn.faults;

import org.jspecify.annotations.NullMarked;
