/**
 * Failover latency benchmark of the Mesos leader detector.
 */
@NullMarked
package io.cairn.mesos.benchmark;

import org.jspecify.annotations.NullMarked;
