/**
 * Following a leader through ZooKeeper: {@link io.cairn.mesos.detector.MasterDetector}
 * for Mesos masters and its base {@link io.cairn.mesos.detector.LeaderDetector}, with
 * listeners, a {@link io.cairn.mesos.detector.State} and {@code awaitLeader}.
 */
@NullMarked
package io.cairn.mesos.detector;

import org.jspecify.annotations.NullMarked;
